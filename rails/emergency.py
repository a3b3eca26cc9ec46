"""Input rail: red-flag symptoms (lay words, typos, temperatures in °C and °F) mean help comes first.

The learned risk reading first (lay words, other languages, a line at the end of a long message,
the message read with the previous one); patterns are a second net and name the reason the reply
explains. A child or pet that swallowed a medicine is a poisoning: poison control and the emergency
number.
"""

from __future__ import annotations

from typing import Any

from .input_checks import asks_what_a_term_means, emergency_reasons
from .risk_model import RiskModel
from .risk_rail import RiskRail
from .runtime import FailResult, PassResult, ValidationResult, register_validator

SEMANTIC_REASON = "described_urgent_symptoms"
POISONING = "poisoning"
BENIGN_SURE = 0.8  # the reading must be this sure a message is an ordinary question to overrule the patterns


def urgent_reasons(risk: RiskModel, text: str, previous: str = "") -> list[str]:
    reading = risk.read(text, previous)
    if POISONING in reading:
        return [POISONING]
    named = [] if asks_what_a_term_means(text) else emergency_reasons(text)
    if previous and not named:  # what the two messages say together that the previous one did not
        earlier = set(emergency_reasons(previous))
        named = [r for r in emergency_reasons(f"{previous}\n{text}") if r not in earlier]
    if "emergency" in reading:
        return named or [SEMANTIC_REASON]
    if reading.top == "distress" or (reading.top == "benign" and reading.scores["benign"] >= BENIGN_SURE):
        return []  # fear of dying, or clearly a question about a symptom: not one happening now
    return named


@register_validator(name="lung-chat/emergency", data_type="string")
class EmergencyRail(RiskRail):
    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        reasons = urgent_reasons(self.risk, str(value), str(metadata.get("previous", "")))
        if not reasons:
            return PassResult()
        return FailResult(error_message=f"red-flag symptoms: {', '.join(reasons)}", metadata={"reasons": reasons})
