"""The downloadable transcript: every turn in order, as markdown, with personal details removed."""

from __future__ import annotations

from datetime import UTC, datetime

from chatbot.transcript import transcript_markdown


def test_transcript_lists_turns_in_order_and_redacts() -> None:
    history = [
        {
            "role": "user",
            "content": "My name is Ann Lee, email ann@example.org. What is osimertinib?",
            "intent": "treatment",
        },
        {
            "role": "assistant",
            "content": "Osimertinib is an EGFR inhibitor. [1]\n\n_not medical advice_",
            "intent": "treatment",
        },
        {"role": "user", "content": "What are its side effects?", "intent": "side_effects"},
        {"role": "assistant", "content": "Diarrhea and rash are common. [1]", "intent": "side_effects"},
    ]
    md = transcript_markdown(history, when=datetime(2026, 11, 26, 21, 0, tzinfo=UTC))
    assert md.startswith("# Lung cancer information chat")
    assert "not medical advice" in md
    assert "Ann Lee" not in md and "ann@example.org" not in md and "[NAME]" in md and "[EMAIL]" in md
    assert md.index("What is osimertinib?") < md.index("EGFR inhibitor") < md.index("its side effects")
    assert md.count("## You") == 2 and md.count("## Chat") == 2
    assert "> What are its side effects?" in md  # the person's words are quoted, not taken as markdown


def test_empty_conversation_says_so() -> None:
    assert "No messages yet" in transcript_markdown([])
