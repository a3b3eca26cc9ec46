"""The index's vectors held in memory once per process, for fast scoring of every section.

Qdrant stores the sections and their questions, dense and sparse, and stays the source of truth
(ingest writes there; a Qdrant server works the same). Ranking a question against every point
reads them all anyway; doing it here with one matrix product for the dense side and one sparse
product for the lexical side (BM25 weights as ingested, IDF over the points of each kind, as
Qdrant's IDF modifier computes it) takes about a millisecond, where the embedded client's
filtered queries take tens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from qdrant_client import QdrantClient, models
from scipy import sparse as sp

from .store import DENSE, SPARSE

SCROLL_PAGE = 1024


@dataclass
class PointSet:
    """All points of one kind: their payloads, dense rows, and IDF-weighted sparse rows."""

    payloads: list[dict[str, Any]]
    dense: np.ndarray  # (n, dim), unit rows
    lexical: sp.csr_matrix  # (n, terms)
    columns: dict[int, int]  # sparse term index -> column
    idf: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))  # per column

    def term_weight(self, index: int) -> float:
        """How telling a term is: its IDF, or the highest IDF for a term no point holds."""
        top = float(self.idf.max()) if len(self.idf) else 1.0
        column = self.columns.get(index)
        return float(self.idf[column]) if column is not None else top

    def dense_scores(self, query: np.ndarray) -> np.ndarray:
        return self.dense @ query if len(self.payloads) else np.zeros(0)

    def sparse_scores(self, query: models.SparseVector) -> np.ndarray:
        cols = [self.columns[i] for i in query.indices if i in self.columns]
        if not cols or not len(self.payloads):
            return np.zeros(len(self.payloads))
        return np.asarray(self.lexical[:, cols].sum(axis=1)).ravel()


def _point_set(points: list[models.Record]) -> PointSet:
    payloads = [dict(p.payload or {}) for p in points]
    if not points:
        return PointSet([], np.zeros((0, 1), dtype=np.float32), sp.csr_matrix((0, 0)), {})
    vectors = [p.vector if isinstance(p.vector, dict) else {} for p in points]
    dense = np.asarray([v[DENSE] for v in vectors], dtype=np.float32)
    columns: dict[int, int] = {}
    rows, cols, vals = [], [], []
    for row, named in enumerate(vectors):
        vec = named.get(SPARSE)
        if not isinstance(vec, models.SparseVector):
            continue
        for index, value in zip(vec.indices, vec.values, strict=True):
            rows.append(row)
            cols.append(columns.setdefault(index, len(columns)))
            vals.append(value)
    lexical = sp.csr_matrix((vals, (rows, cols)), shape=(len(points), max(1, len(columns))), dtype=np.float32)
    n = len(points)
    df = np.bincount(lexical.indices, minlength=lexical.shape[1])
    idf = np.log((n - df + 0.5) / (df + 0.5) + 1.0).astype(np.float32)
    return PointSet(payloads, dense, sp.csr_matrix(lexical.multiply(idf[None, :])), columns, idf)


def load_point_sets(client: QdrantClient, collection: str, kinds: tuple[str, ...]) -> dict[str, PointSet]:
    """Read every point once, grouped by kind."""
    grouped: dict[str, list[models.Record]] = {k: [] for k in kinds}
    offset = None
    while True:
        points, offset = client.scroll(collection, limit=SCROLL_PAGE, offset=offset, with_vectors=True)
        for p in points:
            kind = (p.payload or {}).get("kind")
            if kind in grouped:
                grouped[kind].append(p)
        if offset is None:
            break
    return {k: _point_set(v) for k, v in grouped.items()}


def rrf(*rankings: np.ndarray, k: float = 60.0, depth: int = 30) -> dict[int, float]:
    """Reciprocal-rank fusion of score arrays over the same points: row -> fused score."""
    fused: dict[int, float] = {}
    for scores in rankings:
        if not len(scores):
            continue
        top = np.argsort(-scores)[:depth]
        for rank, row in enumerate(top):
            if scores[row] > 0 or rank == 0:
                fused[int(row)] = fused.get(int(row), 0.0) + 1.0 / (k + rank + 1)
    return fused


def top_rows(scores: np.ndarray, depth: int) -> list[int]:
    return [int(r) for r in np.argsort(-scores)[:depth]] if len(scores) else []
