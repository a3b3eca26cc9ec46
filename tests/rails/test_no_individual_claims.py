"""The no-individual-claims output rail: no diagnosis or prognosis of the person."""

from __future__ import annotations

import pytest

from rails.no_individual_claims import is_individual_claim


@pytest.mark.parametrize(
    "sentence",
    [
        "You have stage IV lung cancer.",
        "You probably have an EGFR mutation.",
        "Your cancer is terminal.",
        "You will live about two more years.",
        "You only have a few months left.",
        "Your dad has stage 4 cancer.",
        "Your prognosis is poor.",
        "He will die within the year.",
    ],
)
def test_individual_diagnosis_and_prognosis_are_caught(sentence: str) -> None:
    assert is_individual_claim(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "If you have stage IV lung cancer, treatment aims to control it.",
        "People with an EGFR mutation often get a targeted pill first.",
        "No one can tell you exactly how long you will live.",
        "Only your care team can say what your scan shows.",
        "You have the right to a second opinion.",
    ],
)
def test_general_or_conditional_statements_pass(sentence: str) -> None:
    assert not is_individual_claim(sentence)
