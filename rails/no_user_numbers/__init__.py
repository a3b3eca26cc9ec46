"""Output rail: the numbers a person gave about a dose, a weight or a schedule are never repeated back.

Echoing "80 mg" or "70 kg" from the question reads as a confirmation, which is a dose leak too.
"""

from __future__ import annotations

import re
from typing import Any

from ..runtime import register_validator
from ..sentence_filter import SentenceFilter

QUANTITY = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s*(?:mg|mcg|µg|ug|g|grams?|milligrams?|micrograms?|ml|cc|units?|iu|kg|kilos?|kilograms?|"
    r"lbs?|pounds?|tablets?|pills?|capsules?|caps?|tabs?|puffs?|drops?|patch(?:es)?|doses?|times|x|hours?|hrs?|"
    r"days?|weeks?|months?|cycles?|rounds?|infusions?|%)\b|\bevery\s+(\d+)",
    re.IGNORECASE,
)


def user_quantities(question: str) -> set[str]:
    """The bare numbers the person attached to a unit or an interval."""
    return {(m.group(1) or m.group(2)).replace(",", ".") for m in QUANTITY.finditer(question)}


def echo_pattern(question: str) -> re.Pattern[str] | None:
    """Matches any of the person's numbers standing on its own (80 in "80 mg", not in "180")."""
    numbers = user_quantities(question)
    if not numbers:
        return None
    return re.compile(r"(?<![\d.,])(?:" + "|".join(map(re.escape, numbers)) + r")(?![\d]|[.,]\d)")


def echoed_numbers(pattern: re.Pattern[str] | None, text: str) -> list[str]:
    """The person's numbers that `text` repeats ("1,5" is read as "1.5", as in the question)."""
    return pattern.findall(text.replace(",", ".")) if pattern else []


@register_validator(name="lung-chat/no-user-numbers", data_type="string")
class NoUserNumbers(SentenceFilter):
    what = "a number taken from the question"

    def prepare(self, metadata: dict[str, Any]) -> dict[str, Any]:
        return {"pattern": echo_pattern(str(metadata.get("question", "")))}

    def offends(self, sentence: str, metadata: dict[str, Any]) -> bool:
        return bool(echoed_numbers(metadata["pattern"], sentence))
