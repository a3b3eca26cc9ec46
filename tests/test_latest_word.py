"""The latest word wins: a role change applies from the next reply, and a follow-up carries earlier
context only when it points back ("its", "that", "and for stage 3?", a short fragment)."""

from __future__ import annotations

import uuid

import pytest

from answer.personal import settle_role
from chatbot import Chatbot
from core.entities import Entities, read_message

CAREGIVER_LEAD = "as a caregiver"


def after(first: str, second: str) -> tuple[str, str, Entities]:
    """How the second message is read after the first: its kind, its standalone question, the entities."""
    one = read_message(first, {}, None)
    two = read_message(second, one.entities, one.standalone)
    return two.kind, two.standalone, two.entities


EATING = "My dad has no appetite. How can I help him eat?"


@pytest.mark.parametrize(
    ("first", "second", "carried"),
    [
        ("What is osimertinib?", "what are its side effects?", "osimertinib"),
        ("What is osimertinib?", "Is that given as a pill or a drip?", "osimertinib"),
        ("What is immunotherapy?", "side effects?", "immunotherapy"),
        ("What is immunotherapy?", "how long does the treatment last?", "immunotherapy"),
        ("Does radon cause lung cancer?", "how do I test my home for it?", "radon"),
        (EATING, "what else helps with that?", "appetite"),
    ],
)
def test_a_message_that_points_back_carries_the_subject(first: str, second: str, carried: str) -> None:
    kind, standalone, _ = after(first, second)
    assert kind in ("follow_up", "compare") and carried in standalone


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("treatment options for stage 2 non-small cell?", "and for stage 3?"),
        ("What is the treatment for stage 2 non-small cell lung cancer?", "what about stage 4?"),
    ],
)
def test_an_elliptical_question_swaps_one_detail_of_the_last(first: str, second: str) -> None:
    kind, standalone, _ = after(first, second)
    assert kind == "swap" and "treatment" in standalone and ("III" in standalone or "IV" in standalone)


@pytest.mark.parametrize(
    "second",
    [
        "What treatment options are there for someone like my dad?",
        "What are the treatment options for somebody in my dad's situation?",
        "How do doctors decide which treatment is best for a person with lung cancer?",
        "Can you tell me what the usual treatments are for lung cancer these days?",
    ],
)
def test_a_question_that_stands_on_its_own_carries_nothing(second: str) -> None:
    kind, standalone, entities = after(EATING, second)
    assert kind != "follow_up"
    assert "appetite" not in standalone and "eat" not in standalone.split("?")[-1]
    assert "topic" not in entities or "appetite" not in entities["topic"]
    assert entities.get("relative") == "dad"  # who is cared for outlives the change of subject


def test_role_follows_the_latest_word() -> None:
    patient, caregiver = {"role": "patient"}, {"role": "caregiver"}
    # A message about dad's illness makes a caregiver, though the switch still says patient...
    first = settle_role(patient, {}, "caregiver")
    assert first["role"] == "caregiver"
    # ...and stays so while nobody says otherwise...
    assert settle_role(patient, first, None)["role"] == "caregiver"
    # ...until the switch moves: the switch is the latest word now.
    switched = settle_role(caregiver, settle_role(caregiver, first, None), None)
    assert settle_role(patient, switched, None)["role"] == "patient"
    # A message telling of one's own illness moves it back, whatever the switch says.
    assert settle_role(caregiver, switched, "patient")["role"] == "patient"


def test_switching_back_to_patient_applies_from_the_next_reply(bot: Chatbot) -> None:
    thread = f"role-switch-{uuid.uuid4().hex[:8]}"
    caregiver = {"role": "caregiver", "histology": "nsclc", "stage": "IV"}
    patient = {**caregiver, "role": "patient"}
    first = bot.ask("My dad has lung cancer. What are the side effects of chemotherapy?", thread, caregiver)
    assert CAREGIVER_LEAD in first.answer and "your dad's care team" in first.answer
    second = bot.ask("What are the side effects of immunotherapy?", thread, patient)
    assert second.sources
    assert CAREGIVER_LEAD not in second.answer and "your dad's" not in second.answer
    assert "Questions to ask your care team" in second.answer
    # Still the patient on the turn after, with the switch unchanged.
    third = bot.ask("How is radiation therapy given?", thread, patient)
    assert CAREGIVER_LEAD not in third.answer and "your dad's" not in third.answer
    # Back to caregiver by the switch: the dad named earlier is addressed again.
    fourth = bot.ask("What is palliative care?", thread, caregiver)
    assert CAREGIVER_LEAD in fourth.answer and "your dad's" in fourth.answer


def test_a_message_can_change_the_role_too(bot: Chatbot) -> None:
    thread = f"role-said-{uuid.uuid4().hex[:8]}"
    patient = {"role": "patient"}
    first = bot.ask("What are the side effects of chemotherapy?", thread, patient)
    assert CAREGIVER_LEAD not in first.answer
    second = bot.ask("My husband has stage 4 lung cancer. What is palliative care?", thread, patient)
    assert CAREGIVER_LEAD in second.answer and "your husband's" in second.answer
    third = bot.ask("Actually I have lung cancer too. How is immunotherapy given?", thread, patient)
    assert CAREGIVER_LEAD not in third.answer and "your husband's" not in third.answer


def test_a_new_question_after_eating_is_about_treatment_for_the_confirmed_profile(bot: Chatbot) -> None:
    thread = f"eat-then-treat-{uuid.uuid4().hex[:8]}"
    profile = {"role": "caregiver", "histology": "nsclc", "stage": "IV"}
    eating = bot.ask("My dad has no appetite. How can I help him eat?", thread, profile)
    assert any("appetite" in s.id or "nutrition" in s.id for s in eating.sources)
    reply = bot.ask("What treatment options are there for someone like my dad?", thread, profile)
    assert reply.intent == "treatment"
    assert reply.sources[0].id == "treatment-metastatic-nsclc", [s.id for s in reply.sources]
    assert not any("appetite" in s.id for s in reply.sources)
