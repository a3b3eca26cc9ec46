"""Input rail: direct or indirect thoughts of self-harm mean crisis help comes first, on any turn.

Patterns, then closeness in meaning to written examples, then the message read with the previous
one ("so I'm going to die anyway" ... "then I may as well do it myself").
"""

from __future__ import annotations

from typing import Any

from .input_checks import is_self_harm
from .runtime import FailResult, PassResult, ValidationResult, Validator, register_validator
from .semantic import get_matcher


def signals_self_harm(text: str, previous: str = "") -> bool:
    if is_self_harm(text) or get_matcher().matches(text, "self_harm"):
        return True
    if not previous or is_self_harm(previous):
        return False
    together = f"{previous}\n{text}"
    return is_self_harm(together) or bool(get_matcher().matches(together, "self_harm"))


@register_validator(name="lung-chat/self-harm", data_type="string")
class SelfHarmRail(Validator):
    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        if not signals_self_harm(str(value), str(metadata.get("previous", ""))):
            return PassResult()
        return FailResult(error_message="thoughts of self-harm", metadata={})
