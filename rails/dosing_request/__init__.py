"""Input rail: a question about how much, how often, a missed or double dose, or stopping a medicine.

The learned risk reading first; patterns are a second net only when the reading is not of an
ordinary question ("what does mg/m2 mean", "why is carboplatin dosed by kidney function" and
"how many people get lung cancer" are questions about care, not requests for a dose).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..own_data import own_data, rx
from ..risk_model import RiskModel
from ..risk_rail import RiskRail
from ..runtime import FailResult, PassResult, ValidationResult, register_validator


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]:
    raw = own_data(__file__, "patterns.yaml")
    return tuple(rx(p) for p in raw["requests"]), tuple(rx(p) for p in raw["exclusions"])


def is_dosing_request(text: str) -> bool:
    """The patterns alone (the second net), also used by the intent rules; exclusions go first."""
    requests, exclusions = _patterns()
    for pattern in exclusions:
        text = pattern.sub(" ", text)
    return any(pattern.search(text) for pattern in requests)


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
