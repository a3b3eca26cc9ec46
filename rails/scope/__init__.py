"""Input rail: messages about something other than lung cancer and its care get a kind scope reply.

A short follow-up in a running conversation ("and for stage 3?") is in scope through its context. A message
about another organ's cancer is out of scope even when it reads like a lung cancer question by meaning
("what's the life expectancy with pancreatic cancer").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from core.drugs import get_lexicon
from core.entities import REFERS_BACK

from ..own_data import RailReply, own_data, rail_reply
from ..risk_model import RiskModel
from ..risk_rail import RiskRail
from ..runtime import FailResult, PassResult, ValidationResult, register_validator

LUNG = re.compile(r"\blungs?\b|\bnsclc\b|\bsclc\b|\bmesothelioma\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _other_cancer() -> re.Pattern[str]:
    sites = "|".join(re.escape(s) for s in own_data(__file__, "other_cancers.yaml")["sites"])
    return re.compile(rf"\b(?:{sites})\s+(?:cancers?|tumou?rs?)\b|\bcancers?\s+of\s+the\s+(?:{sites})\b", re.I)


def about_another_cancer(text: str) -> bool:
    """Another organ's cancer is what the message is about: it names one, and neither lung cancer nor a
    medicine the knowledge base covers."""
    return bool(_other_cancer().search(text)) and not LUNG.search(text) and not get_lexicon().find(text)


def within_scope(risk: RiskModel, text: str, has_history: bool) -> bool:
    """By meaning: the learned reading decides, in any language; a pointer back keeps a follow-up in."""
    if about_another_cancer(text):
        return False
    return "off_topic" not in risk.read(text) or (has_history and bool(REFERS_BACK.search(text)))


def scope_reply() -> RailReply:
    return rail_reply(__file__)


@register_validator(name="lung-chat/scope", data_type="string")
class ScopeRail(RiskRail):
    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        if within_scope(self.risk, str(value), bool(metadata.get("has_history"))):
            return PassResult()
        return FailResult(error_message="not about lung cancer or its care", metadata={})
