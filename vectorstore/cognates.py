"""Medical words are spelled alike across languages ('inmunoterapia', 'immunothérapie', 'Immuntherapie',
'immunotherapy', 'EGFR'), while the multilingual encoder puts close topics close together (a question
on immunotherapy in Spanish lands nearer 'What is chemotherapy?' than 'What is immunotherapy?'). The
character n-grams a question shares with each stated question, accents folded, tell such topics apart.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

import numpy as np

from core.ngram_features import NgramConfig, NgramFeatures

NGRAMS = NgramConfig("char_wb", (4, 5))
MIN_QUESTIONS = 2  # an n-gram in a single stated question is a name or a typo, not a shared stem


def folded(text: str) -> str:
    """Lower case without accents: 'Immunothérapie' and 'imunoterapia' meet 'immunotherapy' part way."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(ch))


class SharedSpelling:
    """TF-IDF over the character n-grams of the stated questions; a question's cosine with each."""

    def __init__(self, questions: list[str]) -> None:
        texts = [folded(q) for q in questions]
        analyze = NGRAMS.build_analyzer()
        found = Counter(gram for text in texts for gram in set(analyze(text)))
        terms = sorted(gram for gram, n in found.items() if n >= MIN_QUESTIONS)
        idf = np.log((1 + len(texts)) / (1 + np.array([found[t] for t in terms], dtype=np.float64))) + 1.0
        self._features = NgramFeatures(NGRAMS, {t: i for i, t in enumerate(terms)}, idf)
        self._questions = self._features.transform(texts)

    def scores(self, text: str) -> np.ndarray:
        """Cosine of `text` with every stated question, in their order."""
        return np.asarray((self._questions @ self._features.transform([folded(text)]).T).toarray()).ravel()
