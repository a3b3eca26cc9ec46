"""How telling a word is: the number of knowledge-base documents that use it.

'osimertinib' or 'Lung-MAP' point at one or two documents; 'cancer' points at all of them.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache

from chatbot.settings import get_settings

from . import sparse
from .documents import read_corpus
from .embeddings import MODEL_DIR

RARE_DOCUMENTS = 3  # a word used by at most this many documents names a specific topic


STAGE = re.compile(
    r"\bstages?\s+(iv|i{1,3}|[1-4])(?:[abc]\b)?(?:\s*(?:,|or|and|to)\s*(?:stage\s+)?(iv|i{1,3}|[1-4])\b)?", re.I
)
STAGE_NUMBER = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
STAGE_MARKER = re.compile(r"stage[1-4]")


def terms_of(text: str) -> list[str]:
    """Search terms plus the stage named ('stage1'): 'stage I' and 'stage III' share every other word."""
    stages = [STAGE_NUMBER.get(n.lower(), n) for m in STAGE.finditer(text) for n in m.groups() if n]
    return sparse.tokens(text) + [f"stage{n}" for n in stages]


def stage_markers(terms: set[str] | frozenset[str] | dict[str, float]) -> set[str]:
    """The stages among a text's terms ('stage1'), as terms_of adds them."""
    return {t for t in terms if STAGE_MARKER.fullmatch(t)}


@lru_cache(maxsize=1)
def document_frequency() -> tuple[dict[str, int], int]:
    docs = read_corpus(get_settings().corpus_dir)
    counts: dict[str, int] = {}
    for doc in docs:
        for term in set(terms_of(f"{doc.title} {doc.body}")):
            counts[term] = counts.get(term, 0) + 1
    return counts, len(docs)


def term_weight(term: str) -> float:
    """Inverse document frequency: 'osimertinib' tells more than 'cancer'."""
    counts, total = document_frequency()
    return math.log(1 + total / (1 + counts.get(term, 0)))


@lru_cache(maxsize=1)
def everyday_words() -> frozenset[str]:
    """Whole words of the embedding model's vocabulary: everyday English rather than a medical name."""
    vocabulary = json.loads((MODEL_DIR / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
    return frozenset(word for word in vocabulary if word.isalpha())


def rare_terms(text: str, leave_out: set[str] | frozenset[str] = frozenset()) -> set[str]:
    """Specific names in a question that only a few documents use ('Lung-MAP', 'thoracentesis').

    Everyday words are left out even when the knowledge base seldom uses them ('morning').
    """
    counts, _ = document_frequency()
    everyday = everyday_words()
    rare: set[str] = set()
    for word in sparse.TOKEN.findall(text.lower()):
        if word in everyday:
            continue
        rare |= {t for t in sparse.tokens(word) if t not in leave_out and 0 < counts.get(t, 0) <= RARE_DOCUMENTS}
    return rare
