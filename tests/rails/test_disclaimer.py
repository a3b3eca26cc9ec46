"""The disclaimer output rail: "not medical advice" is always there."""

from __future__ import annotations

from rails.disclaimer import DisclaimerPresent
from rails.runtime import Guard, OnFailAction


def test_disclaimer_validator_appends_when_missing() -> None:
    guard = Guard().use(DisclaimerPresent(on_fail=OnFailAction.FIX))
    assert "not medical advice" in str(guard.validate("Lung cancer has two main types.").validated_output)
    kept = "Already here: not medical advice."
    assert guard.validate(kept).validated_output == kept
