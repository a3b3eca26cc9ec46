"""Output rail: no dose amount, schedule or 'take X' reaches the user; offending sentences are removed."""

from __future__ import annotations

from typing import Any

from .dose_patterns import get_dose_patterns
from .runtime import FailResult, PassResult, ValidationResult, Validator, register_validator
from .text import lines_with_sentences, rebuild


def remove_dose_sentences(text: str) -> tuple[str, int]:
    """The text without its dose-bearing sentences, and how many were removed."""
    patterns = get_dose_patterns()
    lines = lines_with_sentences(text)
    removed = 0
    kept: list[tuple[str, list[str]]] = []
    for prefix, sentences in lines:
        safe = [s for s in sentences if not patterns.has_dose(s)]
        removed += len(sentences) - len(safe)
        if sentences and not safe and not prefix:
            continue
        kept.append((prefix, safe))
    return rebuild(kept), removed


@register_validator(name="lung-chat/no-dosing", data_type="string")
class NoDosing(Validator):
    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        cleaned, removed = remove_dose_sentences(str(value))
        if not removed:
            return PassResult()
        return FailResult(error_message=f"{removed} sentence(s) with a dose or schedule", fix_value=cleaned)
