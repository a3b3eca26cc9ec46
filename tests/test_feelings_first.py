"""A message that voices fear, grief or anger: one line acknowledges it, then the information that
answers what was asked, then where to find support; a caregiver's note never pushes the answer down."""

from __future__ import annotations

import uuid

import pytest

from answer.feelings import acknowledgement
from chatbot import Chatbot
from core.replies import get_replies

SUPPORT = "Support for how you feel"


@pytest.mark.parametrize(
    ("message", "opening_section"),
    [
        ("I'm so scared, am I going to die?", "Fear of dying"),
        ("My dad was just diagnosed and I'm terrified. What is stage 4 lung cancer?", "stage IV"),
        ("I'm terrified of chemo. What are the side effects of chemotherapy?", "Side effects of chemotherapy"),
    ],
)
def test_the_feeling_is_acknowledged_then_what_was_asked_is_answered(
    bot: Chatbot, message: str, opening_section: str
) -> None:
    reply = bot.ask(message, thread_id=uuid.uuid4().hex)
    first_line, _, rest = reply.answer.partition("\n\n")
    assert first_line == acknowledgement(message)  # 'It is completely understandable to feel scared.'
    assert first_line != get_replies().fragment("feeling_first")  # each message names its feeling
    heading = rest.split("\n", 1)[0]
    assert heading.startswith("### ") and opening_section in heading, heading
    assert SUPPORT in reply.answer and reply.sources


def test_what_was_told_before_an_upset_question_still_counts(bot: Chatbot) -> None:
    """'How on earth did I get lung cancer??' alone is about how lung cancer starts; told after 'I have
    never smoked', it is about lung cancer in people who never smoked."""
    reply = bot.ask(
        "I have never smoked a single cigarette in my life. How on earth did I get lung cancer??",
        thread_id=uuid.uuid4().hex,
    )
    assert reply.sources and reply.sources[0].id == "lung-cancer-in-never-smokers"


def test_a_caregiver_note_follows_the_answer(bot: Chatbot) -> None:
    caregiver = {"role": "caregiver"}
    reply = bot.ask(
        "My husband has lung cancer. What are the side effects of immunotherapy?", uuid.uuid4().hex, caregiver
    )
    assert reply.answer.startswith("### ")  # the answer opens with the section that answers
    assert "For you as a caregiver" in reply.answer
    assert reply.answer.index("For you as a caregiver") > reply.answer.index("\n\n")
