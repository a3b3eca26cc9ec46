"""Input rail: messages about something other than lung cancer and its care get a kind scope reply.

A short follow-up in a running conversation ("and for stage 3?") is in scope through its context.
"""

from __future__ import annotations

from typing import Any

from core.entities import REFERS_BACK

from ..own_data import RailReply, rail_reply
from ..risk_model import RiskModel
from ..risk_rail import RiskRail
from ..runtime import FailResult, PassResult, ValidationResult, register_validator


def within_scope(risk: RiskModel, text: str, has_history: bool) -> bool:
    """By meaning: the learned reading decides, in any language; a pointer back keeps a follow-up in."""
    return "off_topic" not in risk.read(text) or (has_history and bool(REFERS_BACK.search(text)))


def scope_reply() -> RailReply:
    return rail_reply(__file__)


@register_validator(name="lung-chat/scope", data_type="string")
class ScopeRail(RiskRail):
    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        if within_scope(self.risk, str(value), bool(metadata.get("has_history"))):
            return PassResult()
        return FailResult(error_message="not about lung cancer or its care", metadata={})
