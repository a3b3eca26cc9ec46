"""The base of every input rail that reads the learned risk model: the model is handed in, as
guardrails' ban_list is handed its words, so each Chatbot's rails read the model of its own data folder."""

from __future__ import annotations

from typing import Any

from .risk_model import RiskModel
from .runtime import OnFailAction, Validator


class RiskRail(Validator):
    def __init__(self, risk: RiskModel, on_fail: OnFailAction | str | None = OnFailAction.NOOP, **kwargs: Any) -> None:
        super().__init__(on_fail=on_fail, **kwargs)
        self.risk = risk
