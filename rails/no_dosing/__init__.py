"""Output rail: no dose amount, schedule or 'take X' reaches the user; offending sentences are removed."""

from __future__ import annotations

from ..runtime import register_validator
from ..sentence_filter import SentenceFilter
from ..text import remove_sentences
from .dose_patterns import get_dose_patterns


def remove_dose_sentences(text: str) -> tuple[str, int]:
    """The text without its dose-bearing sentences, and how many were removed."""
    cleaned, removed = remove_sentences(text, get_dose_patterns().has_dose)
    return cleaned, len(removed)


@register_validator(name="lung-chat/no-dosing", data_type="string")
class NoDosing(SentenceFilter):
    what = "a dose or schedule"

    def offends(self, sentence: str, metadata: dict[str, object]) -> bool:
        return get_dose_patterns().has_dose(sentence)
