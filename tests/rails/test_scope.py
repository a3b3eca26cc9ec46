"""The scope rail: messages about something other than lung cancer get the scope reply."""

from __future__ import annotations

import pytest

from rails.scope import about_another_cancer
from tests.rails.screening import verdict


@pytest.mark.parametrize("text", ["write me a poem about cats"])
def test_the_rail_finds_what_it_guards(text: str) -> None:
    assert "scope" in verdict("scope", text)


@pytest.mark.parametrize("text", ["what does T2N1M0 mean"])
def test_ordinary_questions_pass(text: str) -> None:
    assert "scope" not in verdict("scope", text)


@pytest.mark.parametrize(
    "text",
    [
        "what's the life expectancy with pancreatic cancer",
        "what are the early signs of breast cancer?",
        "stage 4 colon cancer survival",
        "cancer of the pancreas prognosis",
    ],
)
def test_another_organs_cancer_is_out_of_scope(text: str) -> None:
    """It reads like a lung cancer question by meaning, but lung cancer figures would answer it wrongly."""
    assert about_another_cancer(text)
    assert "scope" in verdict("scope", text)


@pytest.mark.parametrize(
    "text",
    [
        "Is Retevmo used for thyroid cancer too?",  # a medicine the knowledge base covers
        "Is HER2 lung cancer the same as HER2-positive breast cancer?",
        "my mum had breast cancer years ago, is she more at risk of lung cancer?",
        "Is CAR T-cell therapy only for blood cancers?",
        "my dad has throat pain, could it be cancer?",
        "does sugar feed cancer",
    ],
)
def test_lung_cancer_questions_that_name_another_cancer_stay_in_scope(text: str) -> None:
    assert not about_another_cancer(text)


@pytest.mark.parametrize(
    "text",
    ["my cat has had a cough for a month, could she have lung cancer?", "what chemo do vets use for a dog's tumour"],
)
def test_an_animals_own_illness_is_out_of_scope(text: str) -> None:
    assert "scope" in verdict("scope", text)


@pytest.mark.parametrize(
    "text", ["is it safe to stroke my cat while I'm on chemo?", "can I keep my dog while I'm on immunotherapy?"]
)
def test_a_persons_care_around_their_animals_is_in_scope(text: str) -> None:
    assert "scope" not in verdict("scope", text)


def test_the_edge_of_scope_is_learned_apart_from_the_escalating_readings() -> None:
    """Examples at the edge of scope train only the scope regression: adding one leaves the self-harm,
    emergency and dose readings of every other message as they were."""
    from rails.risk_model import SCOPE_EXAMPLES_DIR, load_examples

    edge = {text for text, _, _ in load_examples(SCOPE_EXAMPLES_DIR)}
    assert edge and not edge & {text for text, _, _ in load_examples()}
