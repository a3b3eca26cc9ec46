"""The no-dosing output rail: no dose amount or schedule reaches the person, even from a passage."""

from __future__ import annotations

import pytest

from rails.no_dosing import NoDosing, remove_dose_sentences
from rails.no_dosing.dose_patterns import get_dose_patterns
from rails.runtime import Guard, OnFailAction

LEAKS = [
    "The usual dose is 80 mg once daily.",
    "Take 2 tablets at night.",
    "It is given every 3 weeks.",
    "Infusions are given every three weeks.",
    "Carboplatin is dosed to AUC 5.",
    "Take one capsule twice a day with food.",
    "The dose is 200 mg/m2 on days 1 and 8.",
    "Give 5 ml of morphine every 4 hours.",
    "If you miss a dose, double up the next day.",
    "Most people get 4 to 6 cycles.",
]


SAFE = [
    "Do not double up on a missed dose; call your care team or pharmacist.",
    "Osimertinib is a pill taken by mouth.",
    "Screening is a low-dose CT scan once a year for people aged 50 to 80.",
    "You may feel tired for 2 to 3 weeks after surgery.",
    "About 20 pack-years of smoking is one of the screening criteria.",
    "Doses and schedules are set by your oncology team.",
]


@pytest.mark.parametrize("sentence", LEAKS)
def test_dose_patterns_catch_leaks(sentence: str) -> None:
    assert get_dose_patterns().has_dose(sentence)


@pytest.mark.parametrize("sentence", SAFE)
def test_dose_patterns_pass_safe_sentences(sentence: str) -> None:
    assert not get_dose_patterns().find(sentence)


def test_no_dosing_removes_only_the_offending_sentence() -> None:
    text = "Osimertinib is an EGFR inhibitor [1]. The usual dose is 80 mg daily [2].\n- Do not double a dose.\n- Take 2 pills."
    cleaned, removed = remove_dose_sentences(text)
    assert removed == 2
    assert "80 mg" not in cleaned and "Take 2" not in cleaned
    assert "EGFR inhibitor [1]." in cleaned and "- Do not double a dose." in cleaned


def test_no_dosing_validator_fixes_on_its_own() -> None:
    outcome = Guard().use(NoDosing(on_fail=OnFailAction.FIX)).validate("It is safe. Take 80 mg.")
    assert outcome.validated_output == "It is safe."
