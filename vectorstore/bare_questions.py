"""Stated questions without the knowledge base's own subject: "What is immunotherapy for lung cancer?" also
read as "What is immunotherapy?".

Every section is about lung cancer, so a person seldom says it ("what is immunotherapy?"), while many stated
questions do; the sentence encoder weighs the missing words, and "How is immunotherapy given?" came closer
than "What is immunotherapy for lung cancer?". A question is ranked by the closer of its two readings. Only
the plain subject goes: "small cell lung cancer" names a kind, and a question with nothing telling left
("What is lung cancer?", "How common is lung cancer?") keeps its one reading.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import numpy as np

from core import english
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
CACHE_NAME = "bare-questions.npz"
_writing = threading.Lock()


def bare(question: str) -> str | None:
    """The question without 'lung cancer', or None when there is none to take out or nothing telling is left."""
    stripped = re.sub(r"\s+([?,.])", r"\1", SUBJECT.sub("", question)).strip()
    if stripped == question.strip():
        return None
    zipfs = [english.zipf(w) for w in WORD.findall(stripped)]
    telling = any(z < RARE_ZIPF for z in zipfs) or sum(z < FAIRLY_RARE_ZIPF for z in zipfs) >= 2
    return stripped if telling else None


def _cache(settings: Settings) -> Path:
    return settings.built_dir / CACHE_NAME


def _read(path: Path) -> dict[str, np.ndarray]:
    if not path.exists():
        return {}
    try:
        with np.load(path, allow_pickle=False) as data:
            return dict(
                zip((str(t) for t in data["texts"]), np.asarray(data["vectors"], dtype=np.float32), strict=True)
            )
    except (OSError, ValueError, KeyError):  # a damaged cache is rebuilt, never trusted
        return {}


def bare_embeddings(settings: Settings, questions: list[str]) -> dict[str, np.ndarray]:
    """Each stated question's bare reading, embedded once and kept beside the index (`built_dir`)."""
    wanted = {b for q in questions if (b := bare(q))}
    known = _read(_cache(settings))
    missing = sorted(wanted - known.keys())
    if missing:
        vectors = np.asarray(get_embedder().embed(missing), dtype=np.float32)
        known.update(zip(missing, vectors, strict=True))
        kept = sorted(wanted)
        path = _cache(settings)
        with _writing:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{threading.get_ident()}.npz")  # never read half-written
            np.savez(partial, texts=np.asarray(kept), vectors=np.stack([known[t] for t in kept]))
            partial.replace(path)
    return {b: known[b] for b in wanted}


def bare_matrix(settings: Settings, questions: list[str], dense: np.ndarray) -> np.ndarray:
    """Rows aligned with `dense`: a question's bare reading, or its own row where it has none."""
    embedded = bare_embeddings(settings, questions)
    out = np.array(dense, dtype=np.float32, copy=True)
    for row, question in enumerate(questions):
        reading = bare(question)
        if reading:
            out[row] = embedded[reading]
    return out
