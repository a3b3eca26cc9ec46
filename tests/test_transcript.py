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
    shown = md.replace("\\", "")  # as a markdown viewer shows it, escapes gone
    assert "Ann Lee" not in md and "ann@example.org" not in md and "[NAME]" in shown and "[EMAIL]" in shown
    assert md.index("What is osimertinib?") < md.index("EGFR inhibitor") < md.index("its side effects")
    assert md.count("## You") == 2 and md.count("## Chat") == 2
    assert "> What are its side effects?" in md  # the person's words are quoted, not taken as markdown


def test_empty_conversation_says_so() -> None:
    assert "No messages yet" in transcript_markdown([])


def test_sources_are_listed_and_typed_html_never_runs() -> None:
    history = [
        {"role": "user", "content": '<img src=x onerror="alert(1)"> ![pic](http://example.org/x.png) is it safe?'},
        {
            "role": "assistant",
            "content": "Osimertinib is an EGFR inhibitor. [1] It is a pill. [2]",
            "sources": [
                {
                    "title": "Targeted therapy",
                    "section": "EGFR",
                    "citation": "NCI PDQ, 2025",
                    "url": "https://www.cancer.gov/x",
                },
                {"title": "Treatment", "section": None, "citation": "ACS, 2024", "url": None},
            ],
        },
    ]
    md = transcript_markdown(history)
    assert "<img" not in md and "&lt;img" in md
    assert "![pic](" not in md  # no image is fetched when the file is viewed
    assert "1. Targeted therapy — EGFR. NCI PDQ, 2025. <https://www.cancer.gov/x>" in md
    assert "2. Treatment. ACS, 2024." in md
