"""The no-user-numbers output rail: numbers the person gave are never repeated back."""

from __future__ import annotations

from rails.no_user_numbers import NoUserNumbers, user_quantities
from rails.runtime import Guard, OnFailAction


def test_numbers_from_the_question_are_not_repeated() -> None:
    assert user_quantities("my dad weighs 70 kg, is 80 mg too much? every 12 hours?") == {"70", "80", "12"}
    guard = Guard().use(NoUserNumbers(on_fail=OnFailAction.FIX))
    text = "Doses like 80 are set by the team. Osimertinib is a targeted therapy. Stage 3 is different."
    out = str(guard.validate(text, metadata={"question": "is 80 mg of tagrisso too much?"}).validated_output)
    assert "80" not in out and "Osimertinib is a targeted therapy." in out and "Stage 3" in out
