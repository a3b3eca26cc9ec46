"""Input rail: red-flag symptoms (lay words, typos, temperatures in °C and °F) mean help comes first.

Patterns first; then closeness in meaning to written examples; then the message read together with
the person's previous one ("he's on chemo" ... "the thermometer says 39.2"), counting only what the
previous message did not already show on its own.
"""

from __future__ import annotations

from typing import Any

from .input_checks import asks_what_a_term_means, emergency_reasons
from .runtime import FailResult, PassResult, ValidationResult, Validator, register_validator
from .semantic import get_matcher

SEMANTIC_REASON = "described_urgent_symptoms"


def urgent_reasons(text: str, previous: str = "") -> list[str]:
    if asks_what_a_term_means(text):
        return []
    reasons = emergency_reasons(text)
    if reasons:
        return reasons
    if get_matcher().matches(text, "emergency"):
        return [SEMANTIC_REASON]
    if previous:
        earlier = set(emergency_reasons(previous))
        return [r for r in emergency_reasons(f"{previous}\n{text}") if r not in earlier]
    return []


@register_validator(name="lung-chat/emergency", data_type="string")
class EmergencyRail(Validator):
    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        reasons = urgent_reasons(str(value), str(metadata.get("previous", "")))
        if not reasons:
            return PassResult()
        return FailResult(error_message=f"red-flag symptoms: {', '.join(reasons)}", metadata={"reasons": reasons})
