"""Word and character n-gram features of a few short messages, as a fitted TfidfVectorizer gives them.

Every turn reads one message (and a few of its sentences) with two models; sklearn's transform
spends most of its time on checks made for large batches. This computes the same rows (sublinear
term frequency, IDF, L2 norm) from the vectorizer's own analyzer, vocabulary and IDF.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from scipy import sparse as sp


class NgramFeatures:
    """The transform of one fitted TfidfVectorizer."""

    def __init__(self, vectorizer: Any, vocabulary: dict[str, int] | None = None, idf: Any = None) -> None:
        """`vectorizer` fitted, or only configured when `vocabulary` and `idf` come from a stored model."""
        if vectorizer.norm not in ("l2", None) or not vectorizer.use_idf:
            raise ValueError("only L2-normalised TF-IDF features are supported")
        self._analyze = vectorizer.build_analyzer()
        if vocabulary is None:
            vocabulary = getattr(vectorizer, "vocabulary_", None) or vectorizer.vocabulary
        self._vocabulary: dict[str, int] = dict(vocabulary)
        self._idf = np.asarray(vectorizer.idf_ if idf is None else idf, dtype=np.float64)
        self._sublinear = bool(vectorizer.sublinear_tf)
        self._norm = vectorizer.norm

    @property
    def width(self) -> int:
        return len(self._vocabulary)

    def arrays(self, name: str) -> dict[str, np.ndarray]:
        """The vocabulary (terms in column order) and IDF, to store beside a model's weights."""
        terms = sorted(self._vocabulary, key=self._vocabulary.__getitem__)
        return {f"{name}_terms": np.array(terms, dtype=str), f"{name}_idf": self._idf}

    @classmethod
    def restored(cls, configured: Any, terms: Iterable[Any], idf: Any) -> NgramFeatures:
        """The features of a stored model (its terms in column order and their IDF), on a vectorizer
        configured as the fitted one was: no fitting again."""
        return cls(configured, {str(t): i for i, t in enumerate(terms)}, idf)

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
