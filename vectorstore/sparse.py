"""Sparse lexical vectors: our own tokeniser and BM25-style term weights; Qdrant applies the IDF."""

from __future__ import annotations

import re
import zlib
from collections import Counter
from functools import lru_cache
from typing import Any

from qdrant_client import models

from core.text import stopwords

TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
K1 = 1.2
B = 0.75
AVERAGE_CHUNK_TOKENS = 90.0
SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "es", "ed", "ly", "s")


def stem(word: str) -> str:
    """A light suffix stripper: enough to meet 'biopsies' with 'biopsy' and 'tests' with 'test'."""
    if len(word) <= 4 or word[-1].isdigit():
        return word
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            base = word[: -len(suffix)]
            return base + "y" if suffix == "ies" else base
    return word


@lru_cache(maxsize=1)
def _snowball() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=20_000)
def root(word: str) -> str:
    """A word's Snowball stem, finer than `stem`: 'radiated' and 'radiation' share 'radiat'.
    The index keeps the light stems; this only decides whether a text holds a word. A Greek '-sis'
    noun keeps an 'i' its other forms lack ('diagnosi' beside 'diagnosed', 'metastasi' beside
    'metastases'), so it is dropped."""
    stemmed = str(_snowball().stemWord(word))
    return stemmed[:-1] if word.endswith("sis") and stemmed.endswith("si") else stemmed


def words_and_tokens(text: str) -> list[tuple[str, str]]:
    """Each word that counts, with the token it is indexed as."""
    out: list[tuple[str, str]] = []
    stop = stopwords()
    for raw in TOKEN.findall(text.lower()):
        parts = [raw] + (raw.split("-") if "-" in raw else [])
        out.extend((p, stem(p)) for p in parts if p not in stop and len(p) > 1)
    return out


def tokens(text: str) -> list[str]:
    return [token for _, token in words_and_tokens(text)]


def term_index(term: str) -> int:
    return zlib.crc32(term.encode()) & 0x7FFFFFFF


def _vector(weights: dict[int, float]) -> models.SparseVector:
    indices = sorted(weights)
    return models.SparseVector(indices=indices, values=[weights[i] for i in indices])


def document_vector(text: str) -> models.SparseVector:
    """BM25 term-frequency saturation with length normalisation (IDF is Qdrant's job)."""
    counts = Counter(tokens(text))
    length = sum(counts.values()) or 1
    norm = K1 * (1 - B + B * length / AVERAGE_CHUNK_TOKENS)
    weights: dict[int, float] = {}
    for term, tf in counts.items():
        idx = term_index(term)
        weights[idx] = weights.get(idx, 0.0) + tf * (K1 + 1) / (tf + norm)
    return _vector(weights)


def query_vector(text: str) -> models.SparseVector:
    return _vector({term_index(t): 1.0 for t in set(tokens(text))})
