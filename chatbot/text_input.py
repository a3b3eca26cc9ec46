"""Checks on what the person typed, so bad input gets a clear message instead of an error."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from core.replies import get_replies


@dataclass(frozen=True)
class InputProblem:
    kind: str  # "empty", "too_long" or "unreadable"
    message: str


def normalise(raw: str | bytes, max_chars: int) -> tuple[str, InputProblem | None]:
    """The text to answer, or the problem that stops it from being answered."""
    replies = get_replies()
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            return "", InputProblem("unreadable", replies.message("invalid_input", "unreadable"))
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in raw) or "\x00" in raw:
        return "", InputProblem("unreadable", replies.message("invalid_input", "unreadable"))
    controls = sum(1 for ch in raw if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if raw and controls / len(raw) > 0.1:
        return "", InputProblem("unreadable", replies.message("invalid_input", "unreadable"))
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return "", InputProblem("empty", replies.message("invalid_input", "empty"))
    if len(text) > max_chars:
        return text, InputProblem(  # the text is kept: the risk rails still read all of it
            "too_long", replies.message("invalid_input", "too_long", length=len(text), limit=max_chars)
        )
    return text, None
