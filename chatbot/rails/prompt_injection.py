"""Input rail: instructions that try to change the rules, also hidden in pasted documents.

The legitimate rest of the message is kept in the metadata, so it can still be answered.
"""

from __future__ import annotations

from typing import Any

from .input_checks import injection_spans, strip_injection
from .runtime import FailResult, PassResult, ValidationResult, Validator, register_validator
from .semantic import get_matcher


@register_validator(name="lung-chat/prompt-injection", data_type="string")
class PromptInjectionRail(Validator):
    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        text = str(value)
        spans = injection_spans(text)
        if not spans:
            if get_matcher().matches(text, "injection"):
                # Close in meaning but no listed wording: flagged, and answered as written under the rails.
                return FailResult(
                    error_message="reads like an instruction to change the rules", metadata={"answerable": text}
                )
            return PassResult()
        return FailResult(
            error_message=f"{len(spans)} instruction(s) to change the rules",
            metadata={"answerable": strip_injection(text), "spans": spans},
        )
