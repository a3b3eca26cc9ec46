"""Input rail: red-flag symptoms (lay words, typos, temperatures in °C and °F) mean help comes first.

The learned risk reading first (lay words, other languages, a line at the end of a long message,
the message read with the previous one); patterns are a second net and name the reason the reply
explains. A child or pet that swallowed a medicine is a poisoning: poison control and the emergency
number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..own_data import RailReply, own_data, rail_reply, rx
from ..risk_model import RiskModel, RiskReading
from ..risk_rail import RiskRail
from ..runtime import FailResult, PassResult, ValidationResult, register_validator
from ..text import split_sentences

SEMANTIC_REASON = "described_urgent_symptoms"
POISONING = "poisoning"
BENIGN_SURE = 0.9  # the reading must be this sure a message is an ordinary question to overrule the patterns
# Below this, a possible emergency that only the learned reading finds (no red flag named) is answered after what
# to do now: such readings are mostly everyday treatment effects ("skin is red where they give the radiation").
SURE_EMERGENCY = 0.8
# At or above this, the reading leans clearly to an ordinary question: a red flag a pattern names in it ("is chest
# pain a symptom?") gets what to do now above the answer, not the emergency reply alone.
BENIGN_LIKELY = 0.75
FEVER = "fever_during_treatment"  # a measured or treatment-time fever: never only a possible emergency

FEVER_C = 38.0
FEVER_F = 100.4


@dataclass(frozen=True)
class EmergencyPatterns:
    symptoms: dict[str, re.Pattern[str]]  # reason name -> its pattern
    fever_words: re.Pattern[str]
    fever_context: re.Pattern[str]
    fever_reading: re.Pattern[str]
    fever_bare: re.Pattern[str]
    definition_question: re.Pattern[str]
    personal_words: re.Pattern[str]


@lru_cache(maxsize=1)
def patterns() -> EmergencyPatterns:
    raw = own_data(__file__, "patterns.yaml")
    return EmergencyPatterns(
        symptoms={name: rx(p) for name, p in raw["emergency"].items()},
        fever_words=rx(raw["fever"]["words"]),
        fever_context=rx(raw["fever"]["treatment_context"]),
        fever_reading=rx(raw["fever"]["reading"]),
        fever_bare=rx(raw["fever"]["bare_reading"]),
        definition_question=rx(raw["definition_question"]),
        personal_words=rx(raw["personal_words"]),
    )


def _high_temperature(text: str, found: EmergencyPatterns) -> bool:
    for m in found.fever_reading.finditer(text):
        value = float(m.group(1).replace(",", "."))
        unit = m.group(2).lower()[0]
        if (unit == "c" and FEVER_C <= value < 45) or (unit == "f" and FEVER_F <= value < 113):
            return True
    for m in found.fever_bare.finditer(text):
        value = float(m.group(1).replace(",", "."))
        if FEVER_C <= value < 45 or FEVER_F <= value < 113:
            return True
    return False


def emergency_reasons(text: str) -> list[str]:
    """Names of the red-flag symptoms found; a fever counts when treatment is mentioned or it is measured high."""
    found = patterns()
    reasons = [name for name, pattern in found.symptoms.items() if pattern.search(text)]
    fever_word = bool(found.fever_words.search(text))
    if _high_temperature(text, found) or (fever_word and found.fever_context.search(text)):
        reasons.append(FEVER)
    return reasons


def asks_what_a_term_means(text: str) -> bool:
    """A definition question about nobody in particular ("what is febrile neutropenia?")."""
    found = patterns()
    return bool(found.definition_question.match(text)) and not found.personal_words.search(text)


def emergency_reply() -> RailReply:
    """What to do now; `reason=` fills in what each named reason means (`reason_texts`)."""
    return rail_reply(__file__)


def poisoning_lines() -> RailReply:
    """For a poisoning the first line in the person's language names poison control."""
    return rail_reply(__file__, lines="poisoning_first_line")


def poisoning_first_line(language: str) -> str | None:
    return poisoning_lines().first_line(language)


def possible_emergency_lines() -> str:
    """What to do now, before the answer, when an emergency is possible but not sure."""
    return str(own_data(__file__, "reply.yaml")["possible_reply"]).strip()


def reason_texts() -> dict[str, str]:
    return {str(k): str(v) for k, v in own_data(__file__, "reply.yaml")["reasons"].items()}


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


def is_sure(reading: RiskReading, reasons: list[str]) -> bool:
    """Whether only the emergency reply is given, or the answer follows what to do now.

    Sure when the learned reading is sure, a fever is read, or a red flag is named and the reading does not lean
    clearly to an ordinary question. A red flag named in a question about a symptom ("is chest pain a symptom of
    lung cancer?") is still told what to do now, and then answered."""
    if POISONING in reasons or FEVER in reasons or reading.scores["emergency"] >= SURE_EMERGENCY:
        return True
    return reasons != [SEMANTIC_REASON] and reading.scores["benign"] < BENIGN_LIKELY


def reason_lines(reasons: list[str]) -> str:
    """What each named reason means, each sentence said once; a reason with no line of its own gets the general one."""
    known = reason_texts()
    texts = [known.get(r, known[SEMANTIC_REASON]) for r in reasons]
    return " ".join(dict.fromkeys(s for text in texts for s in split_sentences(text)))


@register_validator(name="lung-chat/emergency", data_type="string")
class EmergencyRail(RiskRail):
    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        text, previous = str(value), str(metadata.get("previous", ""))
        reasons = urgent_reasons(self.risk, text, previous)
        if not reasons:
            return PassResult()
        sure = is_sure(self.risk.read(text, previous), reasons)
        return FailResult(
            error_message=f"red-flag symptoms: {', '.join(reasons)}", metadata={"reasons": reasons, "sure": sure}
        )
