"""Input rail: fear, grief, anger or hopelessness without self-harm.

The answer then opens with one line that acknowledges the feeling and ends with where to find
support; it is not the crisis reply, which is for thoughts of self-harm.
"""

from __future__ import annotations

from typing import Any

from ..risk_rail import RiskRail
from ..runtime import FailResult, PassResult, ValidationResult, register_validator


@register_validator(name="lung-chat/distress", data_type="string")
class DistressRail(RiskRail):
    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        if "distress" not in self.risk.read(str(value)):
            return PassResult()
        return FailResult(error_message="voices fear, grief or anger", metadata={})
