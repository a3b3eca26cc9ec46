"""A conversation as a markdown file the person can keep, with personal details redacted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from chatbot.privacy import redact

TITLE = "# Lung cancer information chat: conversation transcript"
NOTICE = (
    "_General information from a reviewed knowledge base, not medical advice. "
    "Please talk with your care team about your own situation._"
)
SPEAKERS = {"user": "You", "assistant": "Chat"}


def transcript_markdown(history: Iterable[Mapping[str, str]], when: datetime | None = None) -> str:
    """The turns of a conversation (as `Chatbot.history` gives them) as markdown.

    The stored history is already redacted; it is redacted again here so a transcript never
    carries a personal detail even if it came from elsewhere.
    """
    when = when or datetime.now(UTC)
    parts = [TITLE, "", f"Saved {when.strftime('%Y-%m-%d %H:%M')} UTC", "", NOTICE, ""]
    turns = [t for t in history if t.get("content", "").strip()]
    if not turns:
        parts += ["_No messages yet._", ""]
    for turn in turns:
        speaker = SPEAKERS.get(turn.get("role", ""), turn.get("role", "").title() or "Unknown")
        text = redact(turn["content"].strip())[0]
        if turn.get("role") == "user":
            text = "\n".join(f"> {line}" if line else ">" for line in text.splitlines())
        parts += [f"## {speaker}", "", text, ""]
    return "\n".join(parts).rstrip() + "\n"
