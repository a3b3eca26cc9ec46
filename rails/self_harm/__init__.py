"""Input rail: direct or indirect thoughts of self-harm mean crisis help comes first, on any turn.

The learned risk reading first (any language, indirect wording, a lethal-dose question, a line at
the end of a long story, the message read with the previous one); patterns are a second net, except
where the reading is of fear or grief ("Am I going to die?"), which gets support, not the crisis reply.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..own_data import RailReply, own_data, rail_reply, rx
from ..risk_model import RiskModel
from ..risk_rail import RiskRail
from ..runtime import FailResult, PassResult, ValidationResult, register_validator


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(rx(p) for p in own_data(__file__, "patterns.yaml")["patterns"])


def is_self_harm(text: str) -> bool:
    """The patterns alone (the second net), also used by the intent rules."""
    return any(p.search(text) for p in _patterns())


def crisis_reply() -> RailReply:
    return rail_reply(__file__)


def signals_self_harm(risk: RiskModel, text: str, previous: str = "") -> bool:
    reading = risk.read(text, previous)
    if "self_harm" in reading:
        return True
    if reading.top == "distress":
        return False
    if is_self_harm(text):
        return True
    return bool(previous) and not is_self_harm(previous) and is_self_harm(f"{previous}\n{text}")


@register_validator(name="lung-chat/self-harm", data_type="string")
class SelfHarmRail(RiskRail):
    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        if not signals_self_harm(self.risk, str(value), str(metadata.get("previous", ""))):
            return PassResult()
        return FailResult(error_message="thoughts of self-harm", metadata={})
