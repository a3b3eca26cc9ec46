"""The output rails: the configured validators in one guardrails-ai Guard, failing closed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .config import configured
from .disclaimer import DisclaimerPresent
from .grounded import Grounded
from .guard_run import RailError, run_validators
from .no_dosing import NoDosing
from .no_dosing.dose_patterns import get_dose_patterns
from .no_individual_claims import NoIndividualClaims
from .no_medication_change import NoMedicationChange
from .no_user_numbers import NoUserNumbers
from .runtime import Guard, OnFailAction, Validator

__all__ = ["OUTPUT_RAILS", "GuardResult", "OutputRails", "RailError"]


@dataclass(frozen=True)
class OutputRail:
    validator: str  # registered name
    flag: str  # safety flag raised when the rail changed the answer
    build: Callable[[], Validator]


# Order matters: sentences are removed first, and the disclaimer is checked last so nothing removes it.
OUTPUT_RAILS: dict[str, OutputRail] = {
    "grounded": OutputRail("lung-chat/grounded", "ungrounded_removed", lambda: Grounded(on_fail=OnFailAction.FIX)),
    "no_user_numbers": OutputRail(
        "lung-chat/no-user-numbers", "dosing_removed", lambda: NoUserNumbers(on_fail=OnFailAction.FIX)
    ),
    "no_dosing": OutputRail("lung-chat/no-dosing", "dosing_removed", lambda: NoDosing(on_fail=OnFailAction.FIX)),
    "no_individual_claims": OutputRail(
        "lung-chat/no-individual-claims",
        "individual_claim_removed",
        lambda: NoIndividualClaims(on_fail=OnFailAction.FIX),
    ),
    "no_medication_change": OutputRail(
        "lung-chat/no-medication-change",
        "medication_change_removed",
        lambda: NoMedicationChange(on_fail=OnFailAction.FIX),
    ),
    "disclaimer": OutputRail(
        "lung-chat/disclaimer", "disclaimer_added", lambda: DisclaimerPresent(on_fail=OnFailAction.FIX)
    ),
}


@dataclass
class GuardResult:
    text: str
    flags: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # sentences the rails took out, for the notes


class OutputRails:
    def __init__(self, rails: Sequence[str]) -> None:
        self.rails = configured(rails, OUTPUT_RAILS, "output")
        self._flags = {OUTPUT_RAILS[r].validator: OUTPUT_RAILS[r].flag for r in self.rails}
        self.validators = [OUTPUT_RAILS[r].build() for r in self.rails]
        # The same validators as a guardrails-ai Guard, for callers who want its history and tracing.
        self.guard = Guard().use(*self.validators)

    def check(self, text: str, question: str = "", grounding: Sequence[str] | None = None) -> GuardResult:
        """Validated text and the flags of the fixes applied; raises RailError when a rail fails."""
        metadata = {"question": question, "grounding": list(grounding) if grounding is not None else None}
        run = run_validators(self.validators, text, metadata)
        flags: list[str] = []
        removed: list[str] = []
        for name, details in run.failed.items():
            flag = self._flags.get(name)
            if flag and flag not in flags:
                flags.append(flag)
            removed.extend(details.get("removed", []))
        if "no_dosing" in self.rails and get_dose_patterns().dose_sentences(run.text):
            raise RailError("a dose survived the dosing rail")
        return GuardResult(run.text, flags, removed)
