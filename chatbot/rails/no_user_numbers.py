"""Output rail: the numbers a person gave about a dose, a weight or a schedule are never repeated back.

Echoing "80 mg" or "70 kg" from the question reads as a confirmation, which is a dose leak too.
"""

from __future__ import annotations

import re
from typing import Any

from .runtime import register_validator
from .sentence_filter import SentenceFilter

QUANTITY = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s*(?:mg|mcg|µg|ug|g|grams?|milligrams?|micrograms?|ml|cc|units?|iu|kg|kilos?|kilograms?|"
    r"lbs?|pounds?|tablets?|pills?|capsules?|caps?|tabs?|puffs?|drops?|patch(?:es)?|doses?|times|x|hours?|hrs?|"
    r"days?|weeks?|months?|cycles?|rounds?|infusions?|%)\b|\bevery\s+(\d+)",
    re.IGNORECASE,
)


def user_quantities(question: str) -> set[str]:
    """The bare numbers the person attached to a unit or an interval."""
    return {(m.group(1) or m.group(2)).replace(",", ".") for m in QUANTITY.finditer(question)}


@register_validator(name="lung-chat/no-user-numbers", data_type="string")
class NoUserNumbers(SentenceFilter):
    what = "a number taken from the question"

    def prepare(self, metadata: dict[str, Any]) -> dict[str, Any]:
        numbers = user_quantities(str(metadata.get("question", "")))
        pattern = (
            re.compile(r"(?<![\d.,])(?:" + "|".join(map(re.escape, numbers)) + r")(?![\d]|[.,]\d)") if numbers else None
        )
        return {"pattern": pattern}

    def offends(self, sentence: str, metadata: dict[str, Any]) -> bool:
        pattern = metadata["pattern"]
        return bool(pattern and pattern.search(sentence.replace(",", ".")))
