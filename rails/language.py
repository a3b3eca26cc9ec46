"""Which language a message is in, learned from the labelled messages of the risk classifier.

Character n-grams tell languages apart well; the sentence encoder cannot, by design (it puts the
same meaning in any language at the same place). A short or mixed message falls back to English.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .risk_model import load_examples

MIN_CONFIDENCE = 0.5
MIN_LETTERS = 8


@lru_cache(maxsize=1)
def _model() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import make_pipeline

    examples = load_examples()
    model = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True), MultinomialNB(alpha=0.05)
    )
    model.fit([t for t, _, _ in examples], [lang for _, _, lang in examples])
    return model


@lru_cache(maxsize=1024)
def detect_language(text: str) -> str:
    """An ISO 639-1 code ('en', 'es', ...); English unless another language is clear."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < MIN_LETTERS and sum(ord(ch) > 0x2FF for ch in letters) < 3:
        return "en"
    model = _model()
    probabilities = model.predict_proba([text])[0]
    best = int(probabilities.argmax())
    language = str(model.classes_[best])
    return language if probabilities[best] >= MIN_CONFIDENCE else "en"
