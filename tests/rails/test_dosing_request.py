"""The dose-question rail: a question about how much or how often gets the short dose reply."""

from __future__ import annotations

import pytest

from rails.dosing_request import is_dosing_request
from tests.rails.screening import verdict


@pytest.mark.parametrize("text", ["is 80 mg too much", "how often are the infusions"])
def test_the_rail_finds_what_it_guards(text: str) -> None:
    assert "dosing" in verdict("dosing", text)


@pytest.mark.parametrize("text", ["is lorlatinib a pill"])
def test_ordinary_questions_pass(text: str) -> None:
    assert "dosing" not in verdict("dosing", text)


@pytest.mark.parametrize(
    "text",
    [
        "How many mg of osimertinib should I take?",
        "how often are the keytruda infusions",
        "I missed my tagrisso pill this morning",
        "can I crush the tablets",
        "my dad weighs 70 kg, how much carboplatin",
        "is 80 mg too much",
    ],
)
def test_dosing_requests_are_recognised(text: str) -> None:
    assert is_dosing_request(text)


@pytest.mark.parametrize("text", ["what is osimertinib", "is lorlatinib a pill", "what is a low-dose CT scan"])
def test_ordinary_drug_questions_are_not_dosing(text: str) -> None:
    assert not is_dosing_request(text)


def test_a_dose_word_as_the_context_of_a_general_question_is_not_a_request() -> None:
    text = "My oncologist mentioned a loading dose for one of my husband's medicines. What does 'loading dose' mean?"
    assert "dosing" not in verdict("dosing", text)
