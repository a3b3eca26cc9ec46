"""Honest memory: a conversation is listed while it is kept, and after Delete no file holds a word of it."""

from __future__ import annotations

from pathlib import Path

from chatbot import Chatbot
from chatbot.feedback import feedback_path, read_feedback, record_feedback
from core.settings import Settings

# A made-up word no part of the product writes by itself: if it is on disk, it came from these conversations.
MARKER = "quarzelbine"


def _files_holding(folder: Path, word: str) -> list[str]:
    needle = word.encode()
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes())


def _chat(bot: Chatbot, thread: str, word: str) -> None:
    reply = bot.ask(f"Is {word} a side effect of osimertinib?", thread_id=thread, profile={"stage": "IV"})
    record_feedback(
        thread_id=thread,
        question=f"Is {word} a side effect?",
        answer=reply.answer,
        intent=reply.intent,
        sources=[],
        rating=-1,
        comment=f"{word} was not explained",
        path=feedback_path(bot.settings),
    )


def test_delete_leaves_no_trace_in_any_file_and_keeps_other_conversations(bot: Chatbot, data_dir: Path) -> None:
    _chat(bot, "memory-gone", MARKER)
    _chat(bot, "memory-kept", "plimsoval")
    before = {Path(f).name.removesuffix("-wal") for f in _files_holding(data_dir, MARKER)}
    assert {"conversations.sqlite", "lung-chat.log", "feedback.jsonl"} <= before, "the test looks where it is written"
    assert bot.profile("memory-gone") is not None and bot.profile("memory-gone").stage == "IV"  # type: ignore[union-attr]
    listed = {c.thread_id: c for c in bot.conversations()}
    assert MARKER in listed["memory-gone"].title and listed["memory-gone"].turns == 1

    bot.delete("memory-gone")

    assert _files_holding(data_dir, MARKER) == []
    assert bot.history("memory-gone") == [] and bot.profile("memory-gone") is None
    assert "memory-gone" not in {c.thread_id for c in bot.conversations()}
    # The other conversation is untouched everywhere.
    assert "memory-kept" in {c.thread_id for c in bot.conversations()}
    assert {r["thread_id"] for r in read_feedback(feedback_path(bot.settings))} >= {"memory-kept"}
    assert "plimsoval" in (data_dir / "lung-chat.log").read_text(encoding="utf-8")


def test_delete_everything_clears_the_personal_data_but_keeps_the_index(
    tmp_path: Path, bot: Chatbot, data_dir: Path
) -> None:
    # A data folder of its own (sharing the read-only index), so the other tests' conversations stay.
    bot = Chatbot(Settings(data_dir=tmp_path, index_path=data_dir / "index"), build_index=False)
    _chat(bot, "memory-all-1", "vorpalite")
    _chat(bot, "memory-all-2", "snarkwell")
    bot.delete_everything()
    data = bot.settings.resolved_data_dir
    assert (data / "conversations.sqlite").exists() and (data / "lung-chat.log").exists()
    assert _files_holding(data, "vorpalite") == [] and _files_holding(data, "snarkwell") == []
    assert bot.conversations() == []
    assert read_feedback(feedback_path(bot.settings)) == []
    assert bot.ask("What is osimertinib?", thread_id="memory-after").sources, "the knowledge base still answers"


def test_a_conversation_whose_first_message_has_no_words_is_still_listed(bot: Chatbot) -> None:
    bot.ask("   \u200b  ", thread_id="memory-blank")
    bot.ask("What is osimertinib?", thread_id="memory-blank")
    listed = {c.thread_id: c for c in bot.conversations()}
    assert "memory-blank" not in listed or listed["memory-blank"].title
