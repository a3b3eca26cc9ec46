"""Word and character n-gram features of a few short messages, as a fitted TfidfVectorizer gives them.

Every turn reads one message (and a few of its sentences) with two models; sklearn's transform
spends most of its time on checks made for large batches. This computes the same rows (sublinear
term frequency, IDF, L2 norm) from the vectorizer's own analyzer, vocabulary and IDF. A stored
model is read back with `NgramConfig`, which splits text as the vectorizer did without importing
sklearn, whose import alone took about a sixth of a cold start.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse as sp

WHITE_SPACES = re.compile(r"\s\s+")


@dataclass(frozen=True)
class NgramConfig:
    """How a TfidfVectorizer was configured (lower-cased, no accent stripping, no stop words), with the
    same analyzer, for reading a stored model's vocabulary."""

    analyzer: str = "word"  # "word" or "char_wb"
    ngram_range: tuple[int, int] = (1, 1)
    token_pattern: str = r"(?u)\b\w\w+\b"
    sublinear_tf: bool = True
    norm: str | None = "l2"
    use_idf: bool = True

    def vectorizer(self, min_df: int = 1) -> Any:
        """The sklearn TfidfVectorizer with this configuration, to fit in training (imports sklearn)."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        words = {"token_pattern": self.token_pattern} if self.analyzer == "word" else {}
        return TfidfVectorizer(
            analyzer=self.analyzer,
            ngram_range=self.ngram_range,
            sublinear_tf=self.sublinear_tf,
            norm=self.norm,
            use_idf=self.use_idf,
            min_df=min_df,
            **words,
        )

    def build_analyzer(self) -> Callable[[str], list[str]]:
        if self.analyzer == "char_wb":
            return self._char_wb_ngrams
        if self.analyzer == "word":
            return self._word_ngrams
        raise ValueError(f"unknown analyzer {self.analyzer!r}")

    def _word_ngrams(self, text: str) -> list[str]:
        words = re.findall(self.token_pattern, text.lower())
        low, high = self.ngram_range
        grams = list(words) if low == 1 else []
        for n in range(max(low, 2), min(high, len(words)) + 1):
            grams += [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
        return grams

    def _char_wb_ngrams(self, text: str) -> list[str]:
        low, high = self.ngram_range
        grams: list[str] = []
        for word in WHITE_SPACES.sub(" ", text.lower()).split():
            padded = f" {word} "
            for n in range(low, high + 1):
                grams += [padded[i : i + n] for i in range(max(1, len(padded) - n + 1))]
                if len(padded) <= n:  # a short word counts once, whole
                    break
        return grams


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
