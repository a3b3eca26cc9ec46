"""Input rail: a question about how much, how often, a missed or double dose, or stopping a medicine.

Patterns, then closeness in meaning to written dose questions; a dose question spread over turns
("what is carboplatin?" ... "ok and how much do they give?") is caught by the patterns of its last turn.
"""

from __future__ import annotations

from typing import Any

from .input_checks import is_dosing_request
from .runtime import FailResult, PassResult, ValidationResult, Validator, register_validator
from .semantic import get_matcher


def asks_for_dose(text: str) -> bool:
    return is_dosing_request(text) or bool(get_matcher().matches(text, "dosing"))


@register_validator(name="lung-chat/dosing-request", data_type="string")
class DosingRequestRail(Validator):
    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        if not asks_for_dose(str(value)):
            return PassResult()
        return FailResult(error_message="asks for a dose or schedule", metadata={})
