"""A conversation as a markdown file the person can keep, with personal details redacted."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from rails.pii import redact

TITLE = "# Lung cancer information chat: conversation transcript"
NOTICE = (
    "_General information from a reviewed knowledge base, not medical advice. "
    "Please talk with your care team about your own situation._"
)
SPEAKERS = {"user": "You", "assistant": "Chat"}
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()!|~])")


def _plain(text: str) -> str:
    """Typed text as text: no HTML (a viewer never runs `<img onerror>`), no markdown links or images."""
    return _MARKDOWN.sub(r"\\\1", html.escape(text, quote=False))


def _source_lines(sources: Iterable[Mapping[str, Any]]) -> list[str]:
    lines: list[str] = []
    for number, source in enumerate(sources, start=1):
        section = f" — {source['section']}" if source.get("section") else ""
        where = f" <{source['url']}>" if source.get("url") else ""
        citation = f" {html.escape(str(source['citation']), quote=False)}." if source.get("citation") else ""
        lines.append(f"{number}. {html.escape(str(source.get('title', '')), quote=False)}{section}.{citation}{where}")
    return lines


def transcript_markdown(history: Iterable[Mapping[str, Any]], when: datetime | None = None) -> str:
    """The turns of a conversation (as `Chatbot.history` gives them) as markdown.

    An answer given with its `sources` is followed by their numbered list, so its [n] markers can be
    looked up. The stored history is already redacted; it is redacted again here so a transcript never
    carries a personal detail even if it came from elsewhere. What the person typed is escaped, and the
    answers carry no raw HTML either.
    """
    when = when or datetime.now(UTC)
    parts = [TITLE, "", f"Saved {when.strftime('%Y-%m-%d %H:%M')} UTC", "", NOTICE, ""]
    turns = [t for t in history if str(t.get("content", "")).strip()]
    if not turns:
        parts += ["_No messages yet._", ""]
    for turn in turns:
        role = str(turn.get("role", ""))
        speaker = SPEAKERS.get(role, role.title() or "Unknown")
        text = redact(str(turn["content"]).strip())[0]
        if role == "user":
            text = "\n".join(f"> {_plain(line)}" if line else ">" for line in text.splitlines())
        else:
            text = html.escape(text, quote=False)
        parts += [f"## {speaker}", "", text, ""]
        sources = list(turn.get("sources") or [])
        if sources:
            parts += ["**Sources**", "", *_source_lines(sources), ""]
    return "\n".join(parts).rstrip() + "\n"
