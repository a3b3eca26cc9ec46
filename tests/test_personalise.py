"""Personalisation a person notices: caregiver wording, one clarifying question, profile-led ranking."""

from __future__ import annotations

import re

from answer.personal import missing_detail, wording
from answer.personalise import in_their_voice
from chatbot import Chatbot

CLARIFY = wording()["clarify_lead"]


def test_a_caregiver_is_addressed_as_a_caregiver(bot: Chatbot) -> None:
    reply = bot.ask("My dad has lung cancer. What are the side effects of chemotherapy?", profile={"role": "caregiver"})
    assert "as a caregiver" in reply.answer
    assert "your dad's care team" in reply.answer
    assert reply.answer.rstrip().endswith(wording_disclaimer_end())


def test_telling_about_a_relative_is_enough_to_be_addressed_as_a_caregiver(bot: Chatbot) -> None:
    reply = bot.ask("My husband has lung cancer. What treatments are there?")
    assert "as a caregiver" in reply.answer
    assert "your husband's" in reply.answer


def test_a_patient_is_not(bot: Chatbot) -> None:
    reply = bot.ask("What are the side effects of chemotherapy?", profile={"role": "patient"})
    assert "as a caregiver" not in reply.answer
    assert "Questions to ask your care team" in reply.answer


def test_general_treatment_question_gets_the_answer_and_one_clarifying_question(bot: Chatbot) -> None:
    reply = bot.ask("What treatment options are there for lung cancer?", thread_id="pers-1")
    assert reply.intent == "treatment" and reply.sources
    assert reply.answer.count(CLARIFY) == 1
    assert "non-small cell or small cell" in reply.answer
    again = bot.ask("What treatment options are there for lung cancer?", thread_id="pers-1")
    assert CLARIFY not in again.answer  # never the same clarifying question twice in a thread


def test_no_clarifying_question_when_the_profile_tells(bot: Chatbot) -> None:
    profile = {"histology": "nsclc", "stage": "IV", "biomarkers": ["EGFR"]}
    reply = bot.ask("What treatment options are there for lung cancer?", profile=profile)
    assert CLARIFY not in reply.answer


def test_stage_iv_egfr_profile_ranks_egfr_targeted_therapy_first(bot: Chatbot) -> None:
    plain = bot.ask("What are my treatment options?")
    profiled = bot.ask("What are my treatment options?", profile={"stage": "IV", "biomarkers": ["EGFR"]})
    assert profiled.sources[0].id == "targeted-therapy-egfr"
    assert plain.sources[0].id != "targeted-therapy-egfr"


def test_missing_detail_order_and_biomarkers_only_where_they_matter() -> None:
    question = "what are the treatment options"
    assert missing_detail("treatment", question, {}, {}) == "histology"
    assert missing_detail("treatment", question, {"histology": "nsclc"}, {}) == "stage"
    assert missing_detail("treatment", question, {"histology": "nsclc", "stage": "IV"}, {}) == "biomarkers"
    assert missing_detail("treatment", question, {"histology": "nsclc", "stage": "I"}, {}) is None
    assert missing_detail("treatment", "what is osimertinib", {}, {"drugs": ["osimertinib"]}) is None


def wording_disclaimer_end() -> str:
    from core.replies import get_replies

    return get_replies().disclaimer


def test_a_caregiver_gets_the_care_team_questions_in_their_own_voice(bot: Chatbot) -> None:
    reply = bot.ask("My dad has lung cancer. What are the side effects of chemotherapy?", profile={"role": "caregiver"})
    questions = reply.answer.split("care team\n", 1)[1].split("\n\n")[0].splitlines()
    assert questions and all(q.startswith("- ") for q in questions)
    assert not any(re.search(r"\b(?:I|my|me)\b", q) for q in questions), questions
    patient = bot.ask("What are the side effects of chemotherapy?", profile={"role": "patient"})
    assert re.search(r"\b(?:I|my|me)\b", patient.answer.split("care team\n", 1)[1].split("\n\n")[0])


def test_a_question_in_the_patients_voice_is_said_of_the_person_cared_for() -> None:
    assert in_their_voice("Am I well enough for surgery, and what will my recovery be like?") == (
        "Are they well enough for surgery, and what will their recovery be like?"
    )
    assert in_their_voice("My scan showed a spot. What does it mean for me?") == (
        "Their scan showed a spot. What does it mean for them?"
    )
