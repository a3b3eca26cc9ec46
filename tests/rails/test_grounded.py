"""The grounded output rail: a sentence the passages do not support is removed."""

from __future__ import annotations

import pytest

from rails.grounded import Grounded, Grounding
from rails.output_rails import OutputRails
from rails.runtime import Guard, OnFailAction

PASSAGE = (
    "Osimertinib (Tagrisso) is an EGFR tyrosine kinase inhibitor, a kind of targeted therapy. "
    "Common side effects are diarrhoea, rash and dry skin."
)


def test_groundedness_keeps_supported_sentences_and_removes_the_rest() -> None:
    guard = Guard().use(Grounded(on_fail=OnFailAction.FIX))
    answer = (
        "Osimertinib (Tagrisso) is an EGFR tyrosine kinase inhibitor, a kind of targeted therapy. [1]\n\n"
        "**Key points**\n"
        "- Common side effects are rash, diarrhoea and dry skin. [1]\n"
        "- It cures every lung cancer within weeks. [1]"
    )
    out = str(guard.validate(answer, metadata={"grounding": [PASSAGE, "**Key points**"]}).validated_output)
    assert "tyrosine kinase inhibitor" in out and "rash, diarrhoea" in out
    assert "cures" not in out
    assert "**Key points**" in out


def test_groundedness_without_grounding_fails_closed() -> None:
    guard = OutputRails(["grounded"])
    with pytest.raises(RuntimeError):
        guard.check("Osimertinib is a pill.", grounding=None)


def test_grounding_matches_reworded_sentences_on_their_words() -> None:
    grounding = Grounding([PASSAGE])
    assert grounding.supports("Tagrisso is a targeted therapy: an EGFR tyrosine kinase inhibitor.")
    assert not grounding.supports("Tagrisso works by boosting the immune system against every tumour.")
