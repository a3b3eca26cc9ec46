"""Intent from data: logistic regression over sentence embeddings and word/character n-grams.

Embeddings carry meaning ("my dad can't breathe" ~ "struggling for air"); n-grams carry the
exact words and misspellings that name a topic ("keytrudah", "pack years", "TMB"). The trained
weights and the n-gram vocabularies are cached next to the conversations, keyed by a hash of
the examples and of the feature settings, so a changed file retrains and nothing is pickled.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from core.model_cache import trained_or_cached
from core.models import INTENTS
from core.ngram_features import NgramConfig, NgramFeatures
from core.paths import core_data
from core.yaml_files import read_yaml
from vectorstore.embeddings import get_embedder

EXAMPLES_FILE = core_data("intents.yaml")
HOLDOUT_SHARE = 0.2
SEED = 13
EMBEDDING_WEIGHT = 1.0  # chosen with C by cross-validation on the training split
C_GRID = (3.0, 10.0, 30.0)
CV_FOLDS = 4
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
MIN_CHAR_DF = 2
TOKEN_PATTERN = r"(?u)\b\w+\b"
# Part of the cache key: changing how features are built retrains.
FEATURE_KEY = f"v2|{EMBEDDING_WEIGHT}|{C_GRID}|{CV_FOLDS}|{WORD_NGRAMS}|{CHAR_NGRAMS}|{MIN_CHAR_DF}|{TOKEN_PATTERN}"


def load_examples(path: Path = EXAMPLES_FILE) -> list[tuple[str, str]]:
    raw = read_yaml(path)
    unknown = set(raw) - set(INTENTS)
    if unknown:
        raise ValueError(f"unknown intent labels in {path.name}: {sorted(unknown)}")
    return [(str(text), label) for label, texts in raw.items() for text in texts]


def split_examples(
    examples: list[tuple[str, str]], holdout: float = HOLDOUT_SHARE
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """A stratified, seeded train/held-out split, the same on every machine."""
    rng = random.Random(SEED)
    train, test = [], []
    for label in sorted({lbl for _, lbl in examples}):
        items = sorted(t for t, lbl in examples if lbl == label)
        rng.shuffle(items)
        cut = int(round(len(items) * holdout))
        test += [(t, label) for t in items[:cut]]
        train += [(t, label) for t in items[cut:]]
    return train, test


NGRAM_CONFIGS = (NgramConfig("word", WORD_NGRAMS, TOKEN_PATTERN), NgramConfig("char_wb", CHAR_NGRAMS))


def _vectorizers() -> list[Any]:
    """Word and character n-grams, as configured (fitted in training; a stored model brings its vocabulary)."""
    words, chars = NGRAM_CONFIGS
    return [words.vectorizer(), chars.vectorizer(min_df=MIN_CHAR_DF)]


def _stack(embeddings: np.ndarray, texts: list[str], vectorizers: list[Any]) -> Any:
    from scipy import sparse as sp

    parts = [sp.csr_matrix(embeddings * EMBEDDING_WEIGHT)] + [v.transform(texts) for v in vectorizers]
    return sp.hstack(parts).tocsr()


@dataclass
class IntentModel:
    classes: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray
    word_terms: np.ndarray
    word_idf: np.ndarray
    char_terms: np.ndarray
    char_idf: np.ndarray
    c: float = 0.0
    _vecs: list[Any] = field(default_factory=list, repr=False)

    def vectorizers(self) -> list[Any]:
        if not self._vecs:
            word, char = NGRAM_CONFIGS
            self._vecs = [
                NgramFeatures.restored(word, self.word_terms, self.word_idf),
                NgramFeatures.restored(char, self.char_terms, self.char_idf),
            ]
        return self._vecs

    def probabilities(self, texts: list[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        if embeddings is None:
            embeddings = get_embedder().embed(texts)
        features = _stack(embeddings, texts, self.vectorizers())
        logits = np.asarray(features @ self.coef.T) + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))

    def ranked(self, text: str) -> list[tuple[str, float]]:
        """Every label with its probability, most likely first."""
        # One message: the embedder's per-text cache shares this vector with the rails and the search.
        probs = self.probabilities([text], get_embedder().embed_one(text)[None, :])[0]
        return sorted(((c, float(p)) for c, p in zip(self.classes, probs, strict=True)), key=lambda cp: -cp[1])

    def predict(self, text: str) -> tuple[str, float]:
        return self.ranked(text)[0]

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            "classes": np.array(self.classes),
            "coef": self.coef,
            "intercept": self.intercept,
            "word_terms": self.word_terms,
            "word_idf": self.word_idf,
            "char_terms": self.char_terms,
            "char_idf": self.char_idf,
            "c": np.array(self.c),
        }

    @classmethod
    def from_arrays(cls, data: Any) -> IntentModel:
        return cls(
            tuple(str(c) for c in data["classes"]),
            data["coef"],
            data["intercept"],
            data["word_terms"],
            data["word_idf"],
            data["char_terms"],
            data["char_idf"],
            float(data["c"]),
        )


def choose_c(features: Any, labels: list[str]) -> float:
    """The regularisation that cross-validates best on the training examples only."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    folds = StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=SEED)
    scores = {
        c: float(
            cross_val_score(
                LogisticRegression(C=c, max_iter=3000, class_weight="balanced"), features, labels, cv=folds
            ).mean()
        )
        for c in C_GRID
    }
    return max(C_GRID, key=lambda c: (scores[c], -c))


def train(examples: list[tuple[str, str]], c: float | None = None) -> IntentModel:
    """Fit n-gram vocabularies and the classifier on these examples (and nothing else)."""
    from sklearn.linear_model import LogisticRegression

    texts = [t for t, _ in examples]
    labels = [lbl for _, lbl in examples]
    vectorizers = _vectorizers()
    for v in vectorizers:
        v.fit(texts)
    features = _stack(get_embedder().embed(texts), texts, vectorizers)
    c = c if c is not None else choose_c(features, labels)
    clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(features, labels)
    word, char = vectorizers
    coef, intercept = clf.coef_, clf.intercept_
    if len(clf.classes_) == 2:  # one row for two classes: softmax over (0, score) is the same sigmoid
        coef, intercept = np.vstack([np.zeros_like(coef), coef]), np.concatenate([[0.0], intercept])
    return IntentModel(
        tuple(str(x) for x in clf.classes_),
        coef.astype(np.float32),
        intercept.astype(np.float32),
        np.array(word.get_feature_names_out(), dtype=str),
        word.idf_.astype(np.float64),
        np.array(char.get_feature_names_out(), dtype=str),
        char.idf_.astype(np.float64),
        c,
    )


def cached_model(examples: list[tuple[str, str]], name: str, cache_dir: Path, c: float | None = None) -> IntentModel:
    """The model trained on these examples, from `cache_dir` when it was trained before."""
    digest = hashlib.sha256(
        (f"{FEATURE_KEY}|{c}\n" + "\n".join(f"{lbl}\t{t}" for t, lbl in examples)).encode("utf-8")
    ).hexdigest()[:16]
    cache = cache_dir / f"intent-model-{name}-{digest}.npz"
    return trained_or_cached(cache, IntentModel.from_arrays, lambda: train(examples, c))


@lru_cache(maxsize=4)
def get_holdout_model(cache_dir: Path) -> IntentModel:
    """The model the intent suite measures: trained, and its C chosen, on the training split only."""
    return cached_model(split_examples(load_examples())[0], "train", cache_dir)


@lru_cache(maxsize=4)
def get_intent_model(cache_dir: Path) -> IntentModel:
    """The model the agent uses: every example, with the C the training split chose."""
    return cached_model(load_examples(), "all", cache_dir, get_holdout_model(cache_dir).c)
