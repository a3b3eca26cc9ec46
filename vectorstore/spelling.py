"""Typos in a question, corrected to the words the knowledge base uses.

'wat is imunotherapy' would otherwise match nothing by its words and little by its meaning. A
word is corrected only when it is neither an English word nor one the knowledge base uses, is not
written in capitals (an abbreviation the knowledge base may not know is not a typo), and one word
of the knowledge base is within one edit (two for long words); the most used one wins a tie.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from core import english
from core.yaml_files import read_yaml

VARIANTS_FILE = Path(__file__).resolve().parent / "word_variants.yaml"

WORD = re.compile(r"[A-Za-z]+")
MIN_LENGTH = 5  # shorter words have too many neighbours one edit away
LONG_WORD = 8  # from this length two edits are allowed
MIN_ENGLISH_COUNT = 50  # fewer sightings in the English list are mostly misspellings themselves


# British spellings and their American forms, which the knowledge base uses ('diarrhoea', 'tumour').
SPELLING_VARIANTS = (
    (re.compile(r"(?<=[a-z])(?:ae|oe)(?=[a-z])"), "e"),
    (re.compile(r"our(?=s?$|ed$|ing$)"), "or"),
    (re.compile(r"(?<=[a-z]{3})is(?=e[sd]?$|ing$|ation)"), "iz"),
    (re.compile(r"(?<=[a-z]{2})ys(?=e[sd]?$|ing$)"), "yz"),
    (re.compile(r"(?<=[a-z]{2})tre(?=s?$)"), "ter"),
    (re.compile(r"(?<=[aeiou])ll(?=ed$|ing$)"), "l"),
    (re.compile(r"(?<=[a-z]{3})mme(?=s?$)"), "m"),
)


@lru_cache(maxsize=1)
def word_variants() -> tuple[re.Pattern[str], dict[str, str]]:
    """The whole-word equivalents of word_variants.yaml, as one pattern and its lookup."""
    table = {str(k).lower(): str(v) for k, v in (read_yaml(VARIANTS_FILE) or {})["variants"].items()}
    words = "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True))
    # A word joined by a hyphen to another is part of a name ('Lung-RADS' is a report score, not radiation).
    return re.compile(rf"(?<![\w&])(?<!\w-)(?:{words})(?![\w&])(?!-\w)", re.I), table


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


class Speller:
    def __init__(self, texts: Iterable[str]) -> None:
        self.vocabulary: Counter[str] = Counter(w.lower() for t in texts for w in WORD.findall(t))
        self._by_delete: dict[str, set[str]] = {}
        for word in self.vocabulary:
            if len(word) >= MIN_LENGTH - 1:
                for variant in {word} | _deletes(word):
                    self._by_delete.setdefault(variant, set()).add(word)

    def variant(self, word: str) -> str | None:
        """The knowledge base's spelling of a word it spells the other way ('tumour' -> 'tumor')."""
        for pattern, replacement in SPELLING_VARIANTS:
            other = pattern.sub(replacement, word)
            if other != word and other in self.vocabulary:
                return other
        return None

    def suggestion(self, word: str) -> str | None:
        """The knowledge base's word this one misspells or spells another way, or None."""
        lower = word.lower()
        if len(word) < MIN_LENGTH or word.isupper():
            return None
        variant = self.variant(lower)
        if variant and self.vocabulary[variant] > self.vocabulary[lower]:
            return variant  # the knowledge base's usual spelling, though it names the other once
        if lower in self.vocabulary:
            return None
        if variant or english.count(lower) >= MIN_ENGLISH_COUNT:
            return variant
        limit = 2 if len(lower) >= LONG_WORD else 1
        probes = {lower} | _deletes(lower)
        if limit == 2:
            probes |= {d2 for d in _deletes(lower) for d2 in _deletes(d)}
        candidates = {c for p in probes for c in self._by_delete.get(p, ())}
        # Two edits only between words of about the same length: 'organise' is not a typo of 'organs'.
        scored = [
            (edit_distance(lower, c), -self.vocabulary[c], c)
            for c in candidates
            if limit == 1 or abs(len(c) - len(lower)) <= 1
        ]
        best = min((s for s in scored if s[0] <= limit), default=None)
        return best[2] if best else None

    def correct(self, text: str) -> str:
        """Everyday and British words read as the knowledge base's, then typos corrected."""
        pattern, table = word_variants()
        text = pattern.sub(lambda m: table[m.group(0).lower()], text)
        return WORD.sub(lambda m: self.suggestion(m.group(0)) or m.group(0), text)
