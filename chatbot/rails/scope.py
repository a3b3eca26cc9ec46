"""Input rail: messages about something other than lung cancer and its care get a kind scope reply.

A short follow-up in a running conversation ("and for stage 3?") is in scope through its context.
"""

from __future__ import annotations

from typing import Any

from .input_checks import REFERS_BACK
from .risk_model import read_risk
from .runtime import FailResult, PassResult, ValidationResult, Validator, register_validator


def within_scope(text: str, has_history: bool) -> bool:
    """By meaning: the learned reading decides, in any language; a pointer back keeps a follow-up in."""
    return "off_topic" not in read_risk(text) or (has_history and bool(REFERS_BACK.search(text)))


@register_validator(name="lung-chat/scope", data_type="string")
class ScopeRail(Validator):
    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        if within_scope(str(value), bool(metadata.get("has_history"))):
            return PassResult()
        return FailResult(error_message="not about lung cancer or its care", metadata={})
