"""Which language a message is in, learned from the labelled messages of the risk classifier.

Character n-grams tell languages apart well; the sentence encoder cannot, by design (it puts the
same meaning in any language at the same place). A short or mixed message falls back to English.
The naive Bayes weights are kept in the data folder as arrays, so a new process reads them instead
of training again (and does not import sklearn at all).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from core.model_cache import trained_or_cached
from core.ngram_features import NgramConfig, NgramFeatures

from .risk_model import INSTRUCTION_EXAMPLES_DIR, load_examples

MIN_CONFIDENCE = 0.5
MIN_LETTERS = 8
NGRAMS = NgramConfig("char_wb", (1, 3))
ALPHA = 0.05
FEATURE_KEY = f"v1|{NGRAMS}|{ALPHA}"


@dataclass(frozen=True)
class LanguageModel:
    """Multinomial naive Bayes over TF-IDF character n-grams."""

    features: NgramFeatures
    log_prob: np.ndarray  # languages x n-grams
    log_prior: np.ndarray
    languages: tuple[str, ...]

    def probabilities(self, text: str) -> np.ndarray:
        joint = np.asarray(self.features.transform([text]) @ self.log_prob.T).ravel() + self.log_prior
        joint = np.exp(joint - joint.max())
        return np.asarray(joint / joint.sum())

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            **self.features.arrays("char"),
            "log_prob": self.log_prob,
            "log_prior": self.log_prior,
            "languages": np.array(self.languages, dtype=str),
        }

    @classmethod
    def from_arrays(cls, data: Any) -> LanguageModel:
        features = NgramFeatures.restored(NGRAMS, data["char_terms"], data["char_idf"])
        languages = tuple(str(x) for x in data["languages"])
        return cls(features, np.asarray(data["log_prob"]), np.asarray(data["log_prior"]), languages)


def train(examples: list[tuple[str, str, str]]) -> LanguageModel:
    from sklearn.naive_bayes import MultinomialNB

    texts = [t for t, _, _ in examples]
    vectorizer = NGRAMS.vectorizer().fit(texts)
    model = MultinomialNB(alpha=ALPHA).fit(vectorizer.transform(texts), [lang for _, _, lang in examples])
    return LanguageModel(
        NgramFeatures(vectorizer),
        np.asarray(model.feature_log_prob_),
        np.asarray(model.class_log_prior_),
        tuple(str(c) for c in model.classes_),
    )


def _digest(examples: list[tuple[str, str, str]]) -> str:
    text = FEATURE_KEY + "\n".join(f"{lang}\t{t}" for t, _, lang in examples)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def language_examples() -> list[tuple[str, str, str]]:
    """Every labelled message with its language: the risk examples, and the instruction examples,
    which also teach languages the risk examples lack (Russian, Italian, Japanese, Korean), so a
    question in one of them is matched across languages instead of read as English."""
    return load_examples() + load_examples(INSTRUCTION_EXAMPLES_DIR)


@lru_cache(maxsize=4)
def get_language_model(cache_dir: Path) -> LanguageModel:
    """The model trained on the labelled examples, read from `cache_dir` when it was trained before."""
    examples = language_examples()
    cache = cache_dir / f"language-model-{_digest(examples)}.npz"
    return trained_or_cached(cache, LanguageModel.from_arrays, lambda: train(examples))


def detect_language(model: LanguageModel, text: str) -> str:
    """An ISO 639-1 code ('en', 'es', ...); English unless another language is clear."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < MIN_LETTERS and sum(ord(ch) > 0x2FF for ch in letters) < 3:
        return "en"
    probabilities = model.probabilities(text)
    best = int(probabilities.argmax())
    return model.languages[best] if probabilities[best] >= MIN_CONFIDENCE else "en"
