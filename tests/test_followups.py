"""Follow-ups: 2-4, about the subject and the person, never already asked, each answerable."""

from __future__ import annotations

import pytest

from chatbot import Chatbot
from chatbot.drugs import get_lexicon
from graph.suggest import followups_for, mentions, templates


def relevant(question: str, passages: list) -> bool:  # type: ignore[type-arg]
    """Does the search for a suggestion find where its answer is (the docs listed, or its subject named)?"""
    t = templates()
    curated = [item for group in ("by_stage", "by_role", "by_intent") for items in t[group].values() for item in items]
    for item in curated:
        if item["q"] == question:
            return any(p.doc_id in item["docs"] for p in passages)
    values = [d.generic for d in get_lexicon().drugs] + ["EGFR", "ALK", "ROS1", "KRAS", "PD-L1", "HER2", "MET"]
    values += ["chemotherapy", "immunotherapy", "radiation", "surgery", "targeted therapy"]
    named = [v for v in values if v.lower() in question.lower()]
    assert named, f"suggestion from no known template: {question}"
    return any(mentions(p, named[0]) for p in passages)


CONVERSATIONS = [
    ({}, ["What is osimertinib?", "what are its side effects?"]),
    ({"role": "caregiver"}, ["My mum is starting immunotherapy, how does it work?"]),
    ({"stage": "IV", "biomarkers": ["EGFR"]}, ["What are my treatment options?"]),
    ({}, ["How do I find a clinical trial?"]),
    ({}, ["Who should get lung cancer screening?", "what if they find a nodule?"]),
    ({"stage": "III"}, ["What is chemoradiation?"]),
    ({}, ["I feel anxious all the time since my diagnosis"]),
    ({}, ["what is a liquid biopsy"]),
]


@pytest.mark.parametrize("profile,messages", CONVERSATIONS)
def test_each_follow_up_offered_retrieves_a_relevant_document(
    bot: Chatbot,
    retriever,  # type: ignore[no-untyped-def]
    profile: dict,  # type: ignore[type-arg]
    messages: list[str],
) -> None:
    thread = f"fu-{abs(hash((str(profile), tuple(messages))))}"
    asked: list[str] = []
    for message in messages:
        asked.append(message)
        reply = bot.ask(message, thread_id=thread, profile=profile)
        assert 2 <= len(reply.followups) <= 4
        assert not {q.lower() for q in asked} & {f.lower() for f in reply.followups}
        for question in reply.followups:
            assert relevant(question, retriever.search(question, k=5)), question


def test_every_curated_suggestion_is_answerable(retriever) -> None:  # type: ignore[no-untyped-def]
    t = templates()
    for group in ("by_stage", "by_role", "by_intent"):
        for items in t[group].values():
            for item in items:
                assert relevant(item["q"], retriever.search(item["q"], k=5)), item["q"]


def test_suggestions_follow_the_subject_and_the_profile(bot: Chatbot) -> None:
    drug = followups_for("treatment", {"drugs": ["osimertinib"]}, [])
    assert any("osimertinib" in q for q in drug)
    egfr = followups_for("treatment", {}, [], {"stage": "IV", "biomarkers": ["EGFR"]})
    assert "Which treatments target EGFR?" in egfr
    caregiver = followups_for("living_with_cancer", {}, [], {"role": "caregiver"})
    assert any("caring" in q.lower() or "caregivers" in q.lower() for q in caregiver)


def test_a_question_already_asked_is_never_suggested(bot: Chatbot) -> None:
    first = followups_for("clinical_trials", {}, [])
    again = followups_for("clinical_trials", {}, [first[0].upper()])
    assert first[0] not in again and 2 <= len(again) <= 4
