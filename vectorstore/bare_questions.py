"""Stated questions without the knowledge base's own subject: "What is immunotherapy for lung cancer?" also
read as "What is immunotherapy?".

Every section is about lung cancer, so a person seldom says it ("what is immunotherapy?"), while many stated
questions do; the sentence encoder weighs the missing words, and "How is immunotherapy given?" came closer
than "What is immunotherapy for lung cancer?". A question is ranked by the closer of its two readings. Only
the plain subject goes: "small cell lung cancer" names a kind, and a question with nothing telling left
("What is lung cancer?", "How common is lung cancer?") keeps its one reading.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core import english
from core.model_cache import trained_or_cached
from core.settings import Settings

from .embeddings import get_embedder

SUBJECT = re.compile(
    r"\s*\b(?:(?:for|with|from|of|in|about|against|after|before|during)\s+)?(?<!cell )lung\s+cancers?\b", re.I
)
WORD = re.compile(r"[a-z][a-z'-]*", re.I)
# What is left must still say what is asked: one word rare in everyday English ('immunotherapy', 'contagious')
# or two fairly rare ones ('spread', 'brain'); "How common is?" and "How is treated?" say nothing on their own.
RARE_ZIPF = 4.0
FAIRLY_RARE_ZIPF = 5.0


def bare(question: str) -> str | None:
    """The question without 'lung cancer', or None when there is none to take out or nothing telling is left."""
    stripped = re.sub(r"\s+([?,.])", r"\1", SUBJECT.sub("", question)).strip()
    if stripped == question.strip():
        return None
    zipfs = [english.zipf(w) for w in WORD.findall(stripped)]
    telling = any(z < RARE_ZIPF for z in zipfs) or sum(z < FAIRLY_RARE_ZIPF for z in zipfs) >= 2
    return stripped if telling else None


@dataclass(frozen=True)
class Readings:
    """The bare readings and their embeddings, stored as plain arrays like the trained models."""

    vectors: dict[str, np.ndarray]

    def arrays(self) -> Mapping[str, np.ndarray]:
        texts = sorted(self.vectors)
        stacked = np.stack([self.vectors[t] for t in texts]) if texts else np.zeros((0, 0), dtype=np.float32)
        return {"texts": np.asarray(texts, dtype=str), "vectors": stacked}

    @classmethod
    def from_arrays(cls, data: Any) -> Readings:
        vectors = np.asarray(data["vectors"], dtype=np.float32)
        return cls(dict(zip((str(t) for t in data["texts"]), vectors, strict=True)))


def readings_cache(settings: Settings, readings: set[str]) -> Path:
    """Where these readings' embeddings are kept beside the index, keyed by the readings themselves."""
    digest = hashlib.sha256("\n".join(sorted(readings)).encode()).hexdigest()[:16]
    return settings.built_dir / f"bare-questions-{digest}.npz"


def _embedded(settings: Settings, readings: set[str]) -> dict[str, np.ndarray]:
    def embed() -> Readings:
        texts = sorted(readings)
        if not texts:
            return Readings({})
        vectors = np.asarray(get_embedder().embed(texts), dtype=np.float32)
        return Readings(dict(zip(texts, vectors, strict=True)))

    return trained_or_cached(readings_cache(settings, readings), Readings.from_arrays, embed).vectors


def bare_embeddings(settings: Settings, questions: list[str]) -> dict[str, np.ndarray]:
    """Each stated question's bare reading, embedded once and kept beside the index (`built_dir`)."""
    return _embedded(settings, {b for q in questions if (b := bare(q))})


def bare_matrix(settings: Settings, questions: list[str], dense: np.ndarray) -> np.ndarray:
    """Rows aligned with `dense`: a question's bare reading, or its own row where it has none."""
    readings = [bare(q) for q in questions]
    embedded = _embedded(settings, {r for r in readings if r})
    out = np.array(dense, dtype=np.float32, copy=True)
    for row, reading in enumerate(readings):
        if reading:
            out[row] = embedded[reading]
    return out
