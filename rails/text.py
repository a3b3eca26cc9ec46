"""Sentence handling shared by the rails and the composer, so both cut text the same way."""

from __future__ import annotations

import re
from collections.abc import Callable

SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9*_])")
BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


CITATION_ONLY = re.compile(r"^(?:\[\d+\]\s*)+$")


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph or line; a citation marker stays with the sentence it cites."""
    sentences: list[str] = []
    for piece in (s.strip() for s in SENTENCE_END.split(text.strip())):
        if not piece:
            continue
        if sentences and CITATION_ONLY.match(piece):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


def lines_with_sentences(markdown: str) -> list[tuple[str, list[str]]]:
    """Each line of a markdown text with its bullet prefix (or '') and its sentences."""
    out: list[tuple[str, list[str]]] = []
    for line in markdown.splitlines():
        m = BULLET.match(line)
        prefix = m.group(0) if m else ""
        out.append((prefix, split_sentences(line[len(prefix) :])))
    return out


def rebuild(lines: list[tuple[str, list[str]]]) -> str:
    """Join lines back; a bullet whose sentences were all removed disappears with its marker."""
    kept: list[str] = []
    for prefix, sentences in lines:
        if prefix and not sentences:
            continue
        kept.append(prefix + " ".join(sentences))
    text = "\n".join(kept)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def remove_sentences(markdown: str, offends: Callable[[str], bool]) -> tuple[str, list[str]]:
    """The text without the sentences `offends` rejects, and those sentences.

    A bullet left empty disappears with its marker; the rest of the layout is kept.
    """
    removed: list[str] = []
    kept: list[tuple[str, list[str]]] = []
    for prefix, sentences in lines_with_sentences(markdown):
        safe: list[str] = []
        for sentence in sentences:
            (removed if offends(sentence) else safe).append(sentence)
        if sentences and not safe and not prefix:
            continue
        kept.append((prefix, safe))
    return rebuild(kept), removed
