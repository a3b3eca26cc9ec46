"""Output rail: no individual diagnosis or prognosis ("you have stage IV", "you will live ...")."""

from __future__ import annotations

from typing import Any

from .output_lexicon import get_output_lexicon
from .runtime import register_validator
from .sentence_filter import SentenceFilter


def is_individual_claim(sentence: str) -> bool:
    """A claim about this person's disease or future, not one made conditionally or in general."""
    lex = get_output_lexicon()
    for rx in lex.individual_claims:
        for m in rx.finditer(sentence):
            if not lex.claim_exceptions.search(sentence[: m.start()]):
                return True
    return False


@register_validator(name="lung-chat/no-individual-claims", data_type="string")
class NoIndividualClaims(SentenceFilter):
    what = "an individual diagnosis or prognosis"

    def offends(self, sentence: str, metadata: dict[str, Any]) -> bool:
        return is_individual_claim(sentence)
