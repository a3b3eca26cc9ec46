"""The fast n-gram features give the rows the fitted vectorizer gives, so the models read a message
the same way at a turn as when they were trained."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from core.ngram_features import NgramFeatures

TRAINING = [
    "What does mg/m2 mean on my chemo plan?",
    "I can't breathe and my lips are blue",
    "ya no quiero vivir",
    "How is stage 3 non-small cell lung cancer treated?",
    "my dad coughs up blood, is that an emergency?",
    "什么是肺癌？",
    "Keytruda side effects",
]
UNSEEN = ["", "!!!", "what is SBRT", "su1c1dal thoughts", "Tagrisso Tagrisso tagrisso rash", "क्या फेफड़ों का कैंसर"]


@pytest.mark.parametrize(
    "vectorizer",
    [
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=False, min_df=1),
    ],
)
def test_rows_match_the_fitted_vectorizer(vectorizer: TfidfVectorizer) -> None:
    vectorizer.fit(TRAINING)
    texts = TRAINING + UNSEEN
    expected = vectorizer.transform(texts).toarray()
    got = NgramFeatures(vectorizer).transform(texts).toarray()
    assert got.shape == expected.shape
    assert np.allclose(got, expected, atol=1e-12)
    assert not got[len(TRAINING)].any()  # an empty message has no features


def test_a_vocabulary_given_at_construction_is_read() -> None:
    fitted = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(TRAINING)
    rebuilt = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, vocabulary=fitted.vocabulary_)
    rebuilt.idf_ = fitted.idf_
    assert np.allclose(NgramFeatures(rebuilt).transform(UNSEEN).toarray(), fitted.transform(UNSEEN).toarray())
