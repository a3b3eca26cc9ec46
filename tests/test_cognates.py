"""Shared spelling across languages: a medical word in Spanish, French or German is spelled close to
its English form, and that tells close topics apart where the multilingual encoder does not."""

from __future__ import annotations

import pytest

from vectorstore.cognates import SharedSpelling, folded

QUESTIONS = ["What is immunotherapy?", "What is chemotherapy?", "What are the symptoms of lung cancer?"]


@pytest.mark.parametrize(
    ("question", "closest"),
    [
        ("¿Qué es la inmunoterapia?", 0),
        ("Qu'est-ce que la chimiothérapie ?", 1),
        ("Wie wirkt eine Immuntherapie?", 0),
        ("Quais são os sintomas do câncer de pulmão?", 2),
    ],
)
def test_a_question_is_closest_to_the_stated_question_it_shares_spelling_with(question: str, closest: int) -> None:
    scores = SharedSpelling(QUESTIONS * 2).scores(question)  # each n-gram in at least two questions
    assert int(scores[:3].argmax()) == closest


def test_accents_and_case_are_folded() -> None:
    assert folded("Immunothérapie") == "immunotherapie"
