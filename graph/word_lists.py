"""The word lists of chatbot/data/coverage.yaml: which words of a question name its topic and which
only frame it (generic words, the subject itself, the people it is about)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

from vectorstore import sparse

WORDS_FILE = Path(__file__).resolve().parents[1] / "chatbot" / "data" / "coverage.yaml"

Kind = Literal["specific", "care", "subject", "boundary"]


@dataclass(frozen=True)
class WordLists:
    subject: frozenset[str]
    care: frozenset[str]
    heads: frozenset[str]
    frame: frozenset[str]
    people: frozenset[str]

    def kind(self, term: str) -> Kind:
        if term in self.subject:
            return "subject"
        if term in self.frame or term in self.people:
            return "boundary"
        return "care" if term in self.care else "specific"


@lru_cache(maxsize=1)
def word_lists(path: Path = WORDS_FILE) -> WordLists:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))

    def terms(key: str) -> frozenset[str]:
        return frozenset(sparse.stem(str(w).lower()) for w in raw.get(key) or ())

    return WordLists(terms("subject"), terms("care"), terms("topic_heads"), terms("frame"), terms("people"))
