"""Each output rail on its own, then all of them in the Guard the graph uses."""

from __future__ import annotations

import pytest

from rails.grounded import Grounded, Grounding
from rails.no_individual_claims import NoIndividualClaims, is_individual_claim
from rails.no_medication_change import NoMedicationChange, is_medication_instruction
from rails.no_user_numbers import NoUserNumbers, user_quantities
from rails.output_rails import OutputRails
from rails.runtime import Guard, OnFailAction

PASSAGE = (
    "Osimertinib (Tagrisso) is an EGFR tyrosine kinase inhibitor, a kind of targeted therapy. "
    "Common side effects are diarrhoea, rash and dry skin."
)


@pytest.mark.parametrize(
    "sentence",
    [
        "You have stage IV lung cancer.",
        "You probably have an EGFR mutation.",
        "Your cancer is terminal.",
        "You will live about two more years.",
        "You only have a few months left.",
        "Your dad has stage 4 cancer.",
        "Your prognosis is poor.",
        "He will die within the year.",
    ],
)
def test_individual_diagnosis_and_prognosis_are_caught(sentence: str) -> None:
    assert is_individual_claim(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "If you have stage IV lung cancer, treatment aims to control it.",
        "People with an EGFR mutation often get a targeted pill first.",
        "No one can tell you exactly how long you will live.",
        "Only your care team can say what your scan shows.",
        "You have the right to a second opinion.",
    ],
)
def test_general_or_conditional_statements_pass(sentence: str) -> None:
    assert not is_individual_claim(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Stop taking osimertinib.",
        "You should stop your chemo for a week.",
        "Just skip your tablets on the day of the scan.",
        "Go ahead and switch to the other medicine.",
        "It is fine to take ibuprofen for the pain.",
    ],
)
def test_instructions_to_change_a_medicine_are_caught(sentence: str) -> None:
    assert is_medication_instruction(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Do not stop taking osimertinib without talking to your care team.",
        "Ask your oncologist whether you should stop treatment before surgery.",
        "Treatment may be paused if side effects are severe.",
        "Quitting smoking helps at any stage.",
        "Osimertinib is taken as a pill.",
    ],
)
def test_safe_medicine_sentences_pass(sentence: str) -> None:
    assert not is_medication_instruction(sentence)


def test_numbers_from_the_question_are_not_repeated() -> None:
    assert user_quantities("my dad weighs 70 kg, is 80 mg too much? every 12 hours?") == {"70", "80", "12"}
    guard = Guard().use(NoUserNumbers(on_fail=OnFailAction.FIX))
    text = "Doses like 80 are set by the team. Osimertinib is a targeted therapy. Stage 3 is different."
    out = str(guard.validate(text, metadata={"question": "is 80 mg of tagrisso too much?"}).validated_output)
    assert "80" not in out and "Osimertinib is a targeted therapy." in out and "Stage 3" in out


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
