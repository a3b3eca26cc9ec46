"""Output rail: no individual diagnosis or prognosis ("you have stage IV", "you will live ...")."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..own_data import own_data, rx
from ..runtime import register_validator
from ..sentence_filter import SentenceFilter


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], ...], re.Pattern[str]]:
    raw = own_data(__file__, "patterns.yaml")
    return tuple(rx(p) for p in raw["individual_claims"]), rx(raw["claim_exceptions"])


def is_individual_claim(sentence: str) -> bool:
    """A claim about this person's disease or future, not one made conditionally or in general."""
    claims, exceptions = _patterns()
    for claim in claims:
        for m in claim.finditer(sentence):
            if not exceptions.search(sentence[: m.start()]):
                return True
    return False


@register_validator(name="lung-chat/no-individual-claims", data_type="string")
class NoIndividualClaims(SentenceFilter):
    what = "an individual diagnosis or prognosis"

    def offends(self, sentence: str, metadata: dict[str, Any]) -> bool:
        return is_individual_claim(sentence)
