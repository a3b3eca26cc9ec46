"""Reading grade (Flesch-Kincaid) computed offline, with syllables from pyphen's dictionaries."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

import pyphen

if TYPE_CHECKING:
    from .documents import Document

WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
SENTENCE = re.compile(r"[.!?]+(?:\s|$)|\n\s*[-*]\s|\n\s*\n")


@lru_cache(maxsize=1)
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """Hyphenation points undercount short endings ('ev-ery'); vowel groups catch those."""
    lowered = word.lower()
    groups = len(VOWEL_GROUPS.findall(lowered))
    if lowered.endswith("e") and not lowered.endswith(("le", "ee")) and groups > 1:
        groups -= 1
    return max(1, groups, len(_hyphenator().positions(lowered)) + 1)


def plain_text(markdown: str) -> str:
    """Prose only: headings, link targets and markup removed."""
    text = re.sub(r"^#+ .*$", "", markdown, flags=re.M)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"[*_`>#\[\]]", "", text)


def corpus_grades(docs: Iterable[Document]) -> dict[str, float]:
    """Reading grade of each document, by id: one computation for the corpus test and the eval report."""
    return {d.id: flesch_kincaid_grade(d.body) for d in docs}


def flesch_kincaid_grade(markdown: str) -> float:
    text = plain_text(markdown)
    words = WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len([s for s in SENTENCE.split(text) if WORD.search(s)]))
    syl = sum(syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * syl / len(words) - 15.59
