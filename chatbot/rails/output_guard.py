"""The output Guard: the configured validators in one guardrails-ai Guard, failing closed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .disclaimer import REQUIRED_PHRASE, DisclaimerPresent
from .dose_patterns import get_dose_patterns
from .no_dosing import NoDosing
from .runtime import Guard, OnFailAction, Validator

# Order matters: the disclaimer is checked last so that nothing removes it after it is added.
VALIDATORS: dict[str, Callable[[], Validator]] = {
    "no_dosing": lambda: NoDosing(on_fail=OnFailAction.FIX),
    "disclaimer": lambda: DisclaimerPresent(on_fail=OnFailAction.FIX),
}
FLAG_FOR_FIX = {"no_dosing": "dosing_removed", "disclaimer": "disclaimer_added"}


class RailError(RuntimeError):
    """A rail could not judge the text; the caller must show the fixed safe reply."""


@dataclass
class GuardResult:
    text: str
    flags: list[str] = field(default_factory=list)


def _has_dose(text: str) -> bool:
    return bool(get_dose_patterns().dose_sentences(text))


class OutputGuard:
    def __init__(self, rails: list[str]) -> None:
        unknown = [r for r in rails if r not in VALIDATORS]
        if unknown:
            raise ValueError(f"unknown output rails: {unknown}; known: {sorted(VALIDATORS)}")
        self.rails = [r for r in VALIDATORS if r in rails]
        self.guard = Guard().use(*(VALIDATORS[r]() for r in self.rails))

    def check(self, text: str) -> GuardResult:
        """Validated text and the flags of the fixes applied; raises RailError when a rail fails."""
        try:
            outcome = self.guard.validate(text)
        except Exception as exc:  # noqa: BLE001 - any rail failure must fail closed
            raise RailError(f"{type(exc).__name__}: {exc}") from exc
        result = outcome.validated_output
        if outcome.error or not isinstance(result, str):
            raise RailError(outcome.error or "the guard returned no text")
        flags = []
        if "no_dosing" in self.rails and _has_dose(text):
            flags.append(FLAG_FOR_FIX["no_dosing"])
            if _has_dose(result):
                raise RailError("a dose survived the dosing rail")
        if "disclaimer" in self.rails and REQUIRED_PHRASE not in text.lower():
            flags.append(FLAG_FOR_FIX["disclaimer"])
        return GuardResult(result, flags)
