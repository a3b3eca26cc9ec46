"""Follow-ups: questions other sections answer, close to the conversation, never one already asked."""

from __future__ import annotations

import pytest

from answer.suggest import templates
from chatbot import Chatbot

CONVERSATIONS = [
    ({}, ["What is osimertinib?", "what are its side effects?"]),
    ({"role": "caregiver"}, ["My mum is starting immunotherapy, how does it work?"]),
    ({"stage": "III"}, ["what are my treatment options"]),
    ({}, ["How do I find a clinical trial?"]),
    ({}, ["Who should get lung cancer screening?", "what if they find a nodule?"]),
    ({}, ["what is a liquid biopsy"]),
]


@pytest.mark.parametrize("profile,messages", CONVERSATIONS)
def test_each_follow_up_is_answered_by_its_own_section(
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
        assert 2 <= len(reply.followups) <= 4, reply.followups
        assert not {q.lower() for q in asked} & {f.lower() for f in reply.followups}
        shown = {(s.id, s.section) for s in reply.sources}
        for question in reply.followups:
            best = retriever.search(question, k=1)[0]
            assert question in best.questions, (question, best.key)  # a question its own section states
            assert (best.doc_id, best.section) not in shown  # not the section just shown


def test_a_suggestion_is_not_the_question_just_asked_in_other_words(bot: Chatbot, retriever) -> None:  # type: ignore[no-untyped-def]
    reply = bot.ask("what are my treatment options", thread_id="fu-paraphrase", profile={"stage": "III"})
    asked = retriever.embedder.embed_one("what are my treatment options")
    for question in reply.followups:
        assert float(asked @ retriever.embedder.embed_one(question)) < 0.85, question


def test_every_starter_is_answered(retriever) -> None:  # type: ignore[no-untyped-def]
    for question in templates()["starters"]:
        assert retriever.search(question, k=1)[0].similarity >= 0.6, question
