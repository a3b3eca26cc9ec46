"""The no-medication-change output rail: no instruction to start, stop or change a medicine."""

from __future__ import annotations

import pytest

from rails.no_medication_change import is_medication_instruction


@pytest.mark.parametrize(
    "sentence",
    [
        "Stop taking osimertinib.",
        "You should stop your chemo for a week.",
        "Just skip your tablets on the day of the scan.",
        "Go ahead and switch to the other medicine.",
        "It is fine to take ibuprofen for the pain.",
    ],
)
def test_instructions_to_change_a_medicine_are_caught(sentence: str) -> None:
    assert is_medication_instruction(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Do not stop taking osimertinib without talking to your care team.",
        "Ask your oncologist whether you should stop treatment before surgery.",
        "Treatment may be paused if side effects are severe.",
        "Quitting smoking helps at any stage.",
        "Osimertinib is taken as a pill.",
    ],
)
def test_safe_medicine_sentences_pass(sentence: str) -> None:
    assert not is_medication_instruction(sentence)
