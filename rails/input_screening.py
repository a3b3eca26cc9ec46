"""Screening the input: the configured input rails (guardrails-ai validators), run in order, read as one verdict.

Every rail only reports (no fix is applied to the live message); the graph's first node turns the
verdict into a route.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .config import configured
from .distress import DistressRail
from .dosing_request import DosingRequestRail
from .emergency import EmergencyRail
from .guard_run import run_validators
from .normalise import normalise
from .pii import PiiRail
from .prompt_injection import PromptInjectionRail
from .risk_model import RiskModel
from .runtime import OnFailAction, Validator
from .scope import ScopeRail
from .self_harm import SelfHarmRail

# Configuration name -> (registered validator name, factory given the learned risk model).
INPUT_RAILS: dict[str, tuple[str, Callable[[RiskModel], Validator]]] = {
    "pii": ("lung-chat/pii", lambda risk: PiiRail(on_fail=OnFailAction.NOOP)),
    "self_harm": ("lung-chat/self-harm", SelfHarmRail),
    "emergency": ("lung-chat/emergency", EmergencyRail),
    "prompt_injection": ("lung-chat/prompt-injection", PromptInjectionRail),
    "dosing": ("lung-chat/dosing-request", DosingRequestRail),
    "scope": ("lung-chat/scope", ScopeRail),
    "distress": ("lung-chat/distress", DistressRail),
}
SEES_ORIGINAL = ("pii",)  # redaction works on what is stored; every other rail reads the normalised text


@dataclass
class InputVerdict:
    """What the input rails found in one message; `found` maps rail name -> that rail's details."""

    found: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __contains__(self, rail: str) -> bool:
        return rail in self.found

    @property
    def emergency_reasons(self) -> list[str]:
        return list(self.found.get("emergency", {}).get("reasons", []))

    @property
    def emergency_sure(self) -> bool:
        """Whether a red flag was named or the reading is sure; otherwise the answer follows what to do now."""
        return bool(self.found.get("emergency", {}).get("sure", True))

    def answerable(self, text: str) -> str:
        """The part of the message to answer: without injected instructions when there were any."""
        return str(self.found["prompt_injection"].get("answerable", "")) if "prompt_injection" in self else text

    def stored(self, text: str) -> str:
        return str(self.found["pii"].get("stored", text)) if "pii" in self else text


class InputScreening:
    def __init__(self, rails: list[str], risk: RiskModel) -> None:
        self.rails = configured(rails, INPUT_RAILS, "input")
        self.risk = risk
        self._by_validator = {INPUT_RAILS[r][0]: r for r in self.rails}
        self.validators = [INPUT_RAILS[r][1](risk) for r in self.rails]
        self._original = [v for r, v in zip(self.rails, self.validators, strict=True) if r in SEES_ORIGINAL]
        self._normalised = [v for r, v in zip(self.rails, self.validators, strict=True) if r not in SEES_ORIGINAL]

    def check(self, text: str, previous: str | None = None) -> InputVerdict:
        """The verdict of every configured rail; raises RailError when a rail cannot judge.

        `previous` is the person's last message in the thread, if any: context for the rails.
        """
        context = {"has_history": previous is not None, "previous": normalise(previous).judged if previous else ""}
        found: dict[str, dict[str, Any]] = {}
        for validators, value in (
            (self._original, text),
            (self._normalised, normalise(text).judged),
        ):
            if validators:
                run = run_validators(validators, value, context)
                found.update({self._by_validator[name]: meta for name, meta in run.failed.items()})
        return InputVerdict(found)
