"""Input rail: names, phone numbers, emails, dates, record numbers and addresses never reach storage.

The live reply may still use what the person typed; only the stored copy is redacted.
"""

from __future__ import annotations

from typing import Any

from chatbot.privacy import redact

from .runtime import FailResult, PassResult, ValidationResult, Validator, register_validator


@register_validator(name="lung-chat/pii", data_type="string")
class PiiRail(Validator):
    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        stored, changed = redact(str(value))
        if not changed:
            return PassResult()
        return FailResult(error_message="personal details", metadata={"stored": stored})
