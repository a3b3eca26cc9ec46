"""The output rails together: each fix flagged, switched by configuration, failing closed, as guardrails' Guard."""

from __future__ import annotations

import pytest

from rails.no_individual_claims import NoIndividualClaims
from rails.no_medication_change import NoMedicationChange
from rails.output_rails import OUTPUT_RAILS, OutputRails, RailError
from rails.runtime import Guard, OnFailAction
from tests.rails.test_grounded import PASSAGE


def test_guard_flags_what_it_fixed() -> None:
    result = OutputRails(["no_dosing", "disclaimer"]).check("Take 80 mg daily. Osimertinib is a pill.")
    assert "80 mg" not in result.text
    assert "not medical advice" in result.text
    assert result.flags == ["dosing_removed", "disclaimer_added"]


def test_rails_are_switched_by_configuration() -> None:
    only_disclaimer = OutputRails(["disclaimer"])
    assert only_disclaimer.rails == ["disclaimer"]
    with pytest.raises(ValueError, match="unknown output rails"):
        OutputRails(["no_such_rail"])


@pytest.mark.parametrize("rail", sorted(OUTPUT_RAILS))
def test_a_failing_rail_fails_closed(rail: str, monkeypatch: pytest.MonkeyPatch) -> None:
    guard = OutputRails([rail])
    validator = guard.validators[0]  # fault injection into the real validator

    def broken(value: object, metadata: dict) -> None:
        raise RuntimeError("injected fault")

    monkeypatch.setattr(validator, "_validate", broken)
    with pytest.raises(RailError, match="injected fault"):
        guard.check("Osimertinib is a pill.", grounding=["Osimertinib is a pill."])


def test_the_whole_guard_flags_each_fix() -> None:
    guard = OutputRails(
        sorted(
            {"grounded", "no_user_numbers", "no_dosing", "no_individual_claims", "no_medication_change", "disclaimer"}
        )
    )
    answer = (
        "Osimertinib (Tagrisso) is an EGFR tyrosine kinase inhibitor, a kind of targeted therapy. "
        "You have stage IV lung cancer. Stop taking osimertinib. Take 80 mg daily."
    )
    grounding = [PASSAGE, "You have stage IV lung cancer.", "Stop taking osimertinib.", "Take 80 mg daily."]
    result = guard.check(answer, question="is 80 mg right?", grounding=grounding)
    assert result.text.startswith("Osimertinib (Tagrisso) is an EGFR tyrosine kinase inhibitor")
    for gone in ("You have stage", "Stop taking", "80 mg"):
        assert gone not in result.text
    assert {"dosing_removed", "individual_claim_removed", "medication_change_removed", "disclaimer_added"} <= set(
        result.flags
    )
    assert len(result.removed) == 3


@pytest.mark.parametrize("validator", [NoIndividualClaims, NoMedicationChange])
def test_sentence_rails_keep_bullets_tidy(validator: type) -> None:
    guard = Guard().use(validator(on_fail=OnFailAction.FIX))
    text = "**Key points**\n- You have stage IV lung cancer.\n- Stop taking your chemo.\n- Rest helps with tiredness."
    out = str(guard.validate(text, metadata={}).validated_output)
    assert "- Rest helps with tiredness." in out
    assert out.count("\n- ") == 2  # the offending bullet is gone with its marker


def test_the_fast_runner_gives_what_the_guardrails_guard_gives() -> None:
    """The rails run without the Guard's tracing; the validated text must not differ."""
    guard = OutputRails(["no_user_numbers", "no_dosing", "no_individual_claims", "no_medication_change", "disclaimer"])
    answers = [
        "Osimertinib is a pill. Take 80 mg daily. You have stage IV lung cancer.",
        "**Key points**\n- Stop taking your chemo.\n- Rest helps. [1]\n- It is given every 3 weeks.",
        "Immunotherapy helps the immune system find cancer cells.",
    ]
    for answer in answers:
        ours = guard.check(answer, question="is 80 mg ok?").text
        theirs = guard.guard.validate(answer, metadata={"question": "is 80 mg ok?"}).validated_output
        assert ours == theirs


@pytest.mark.parametrize(
    "rail", ["grounded", "no_user_numbers", "no_dosing", "no_individual_claims", "no_medication_change", "disclaimer"]
)
def test_a_failing_output_rail_fails_closed_through_the_graph(rail: str, bot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    guard = bot.context.output_rails
    validator = guard.validators[guard.rails.index(rail)]

    def broken(value: object, metadata: dict) -> None:
        raise RuntimeError("injected fault")

    monkeypatch.setattr(validator, "_validate", broken)
    reply = bot.ask("What is osimertinib?", thread_id=f"fault-out-{rail}")
    assert reply.safety.blocked and "rail_error" in reply.safety.flags
    assert "osimertinib" not in reply.answer.lower() and reply.sources == []
