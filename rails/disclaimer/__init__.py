"""Output rail: every reply says it is not medical advice; a missing disclaimer is appended."""

from __future__ import annotations

from typing import Any

from core.replies import get_replies

from ..runtime import FailResult, PassResult, ValidationResult, Validator, register_validator

REQUIRED_PHRASE = "not medical advice"


def add_disclaimer(text: str) -> str:
    return f"{text.rstrip()}\n\n{get_replies().disclaimer}"


@register_validator(name="lung-chat/disclaimer", data_type="string")
class DisclaimerPresent(Validator):
    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        if REQUIRED_PHRASE in str(value).lower():
            return PassResult()
        return FailResult(error_message="the disclaimer is missing", fix_value=add_disclaimer(str(value)))
