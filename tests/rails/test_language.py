"""Language detection: other languages are told apart, a short or unclear message stays English,
and the stored model reads as the trained one did."""

from __future__ import annotations

import numpy as np
import pytest

from rails.language import LanguageModel, detect_language, get_language_model
from tests.rails.screening import models_dir


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("¿Cuáles son los síntomas del cáncer de pulmón?", "es"),
        ("Quels sont les effets secondaires de la chimiothérapie ?", "fr"),
        ("Was sind die Nebenwirkungen einer Chemotherapie?", "de"),
        ("肺癌有哪些症状？", "zh"),
        ("Что такое иммунотерапия при раке лёгкого и как она работает?", "ru"),
        ("肺がんの免疫療法とは何ですか?", "ja"),
        ("What are the side effects of chemotherapy?", "en"),
        ("ok", "en"),
    ],
)
def test_the_language_of_a_message(text: str, language: str) -> None:
    assert detect_language(get_language_model(models_dir()), text) == language


def test_a_stored_model_reads_as_the_trained_one() -> None:
    model = get_language_model(models_dir())
    stored = LanguageModel.from_arrays(model.arrays())
    text = "Was ist eine Immuntherapie?"
    assert np.allclose(stored.probabilities(text), model.probabilities(text))
    assert stored.languages == model.languages
