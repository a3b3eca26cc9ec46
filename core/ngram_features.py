"""Word and character n-gram features of a few short messages, as a fitted TfidfVectorizer gives them.

Every turn reads one message (and a few of its sentences) with two models; sklearn's transform
spends most of its time on checks made for large batches. This computes the same rows (sublinear
term frequency, IDF, L2 norm) from the vectorizer's own analyzer, vocabulary and IDF.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse as sp


class NgramFeatures:
    """The transform of one fitted TfidfVectorizer."""

    def __init__(self, vectorizer: Any) -> None:
        if vectorizer.norm not in ("l2", None) or not vectorizer.use_idf:
            raise ValueError("only L2-normalised TF-IDF features are supported")
        self._analyze = vectorizer.build_analyzer()
        vocabulary = getattr(vectorizer, "vocabulary_", None) or vectorizer.vocabulary
        self._vocabulary: dict[str, int] = dict(vocabulary)
        self._idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self._sublinear = bool(vectorizer.sublinear_tf)
        self._norm = vectorizer.norm

    @property
    def width(self) -> int:
        return len(self._vocabulary)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        indptr, indices, values = [0], [], []
        for text in texts:
            counts = Counter(j for term in self._analyze(text) if (j := self._vocabulary.get(term)) is not None)
            columns = np.fromiter(sorted(counts), dtype=np.int64, count=len(counts))
            tf = np.fromiter((counts[c] for c in columns), dtype=np.float64, count=len(columns))
            weights = ((np.log(tf) + 1.0) if self._sublinear else tf) * self._idf[columns]
            norm = float(np.sqrt((weights * weights).sum()))
            if self._norm == "l2" and norm > 0:
                weights /= norm
            indices.append(columns)
            values.append(weights)
            indptr.append(indptr[-1] + len(columns))
        return sp.csr_matrix(
            (
                np.concatenate(values) if values else np.zeros(0),
                np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64),
                np.asarray(indptr),
            ),
            shape=(len(texts), self.width),
        )
