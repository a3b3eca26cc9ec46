"""Input rail: a question about how much, how often, a missed or double dose, or stopping a medicine.

The learned risk reading first; patterns are a second net only when the reading is not of an
ordinary question ("what does mg/m2 mean", "why is carboplatin dosed by kidney function" and
"how many people get lung cancer" are questions about care, not requests for a dose).
"""

from __future__ import annotations

from typing import Any

from .input_checks import is_dosing_request
from .risk_model import RiskModel
from .risk_rail import RiskRail
from .runtime import FailResult, PassResult, ValidationResult, register_validator


def asks_for_dose(risk: RiskModel, text: str) -> bool:
    reading = risk.read(text)
    if "dosing" in reading:
        return True
    return reading.top not in ("benign", "off_topic", "distress") and is_dosing_request(text)


@register_validator(name="lung-chat/dosing-request", data_type="string")
class DosingRequestRail(RiskRail):
    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        if not asks_for_dose(self.risk, str(value)):
            return PassResult()
        return FailResult(error_message="asks for a dose or schedule", metadata={})
