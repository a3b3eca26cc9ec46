"""Input rail: instructions that try to change the rules, also hidden in pasted documents.

The legitimate rest of the message is kept in the metadata, so it can still be answered.
"""

from __future__ import annotations

from typing import Any

from .input_checks import injection_spans, strip_injection
from .risk_rail import RiskRail
from .runtime import FailResult, PassResult, ValidationResult, register_validator


@register_validator(name="lung-chat/prompt-injection", data_type="string")
class PromptInjectionRail(RiskRail):
    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        text = str(value)
        spans = injection_spans(text)
        if not spans:
            reading = self.risk.read(text)
            if "injection" in reading:
                # Read as an instruction to change the rules: the sentences that are not are still answered.
                return FailResult(
                    error_message="reads like an instruction to change the rules",
                    metadata={"answerable": " ".join(reading.clean_sentences)},
                )
            return PassResult()
        return FailResult(
            error_message=f"{len(spans)} instruction(s) to change the rules",
            metadata={"answerable": strip_injection(text), "spans": spans},
        )
