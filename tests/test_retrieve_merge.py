"""The retrieve node reads a message whole and by what it asks; a section found by both keeps the better."""

from __future__ import annotations

import uuid

import pytest

from graph.retrieve import merged, points_at_context
from tests.test_answer import section


def test_a_section_found_by_both_readings_keeps_its_higher_score_and_its_best_coverage() -> None:
    whole = [
        section("survivorship#Follow-up visits", "Follow-up visits include scans.", 0.74, coverage=0.5),
        section("lung-nodules#Follow-up scans", "A nodule may need follow-up scans.", 0.64, coverage=0.5),
    ]
    asked = [section("survivorship#Follow-up visits", "Follow-up visits include scans.", 0.70, coverage=1.0)]
    best = merged(whole, asked)
    assert [p.key for p in best] == ["survivorship#Follow-up visits", "lung-nodules#Follow-up scans"]
    assert best[0].score == 0.74 and best[0].coverage == 1.0
    assert best[1].coverage == 0.5  # found only by the whole message: held to that reading


def test_the_merged_list_is_no_longer_than_the_whole_message_reading() -> None:
    whole = [section("a#One", "One.", 0.5), section("b#Two", "Two.", 0.4)]
    asked = [section("c#Three", "Three.", 0.9), section("d#Four", "Four.", 0.8)]
    assert [p.key for p in merged(whole, asked)] == ["c#Three", "d#Four"]


def test_a_further_part_that_points_back_is_read_with_what_the_first_part_names(bot) -> None:  # type: ignore[no-untyped-def]
    """'Is there a drug for it' alone matches nothing; read with 'KRAS G12C' it finds the medicines."""
    reply = bot.ask("What is KRAS G12C and is there a drug for it?", thread_id=uuid.uuid4().hex)
    assert len(reply.sources) >= 2 and all(s.id == "targeted-therapy-kras" for s in reply.sources[:2])
    assert "inhibitor" in reply.sources[1].section  # the medicines that block the change


def test_a_question_that_points_into_the_story_before_it_is_read_with_that_story(bot) -> None:  # type: ignore[no-untyped-def]
    """'Is it to do with lung cancer?' alone finds what lung cancer is; 'it' is the clubbing told just before."""
    reply = bot.ask(
        "my GP looked at my fingers and said clubbing. what's that and is it to do with lung cancer?",
        thread_id=uuid.uuid4().hex,
    )
    assert reply.sources and reply.sources[0].section == "Finger clubbing"
    assert "fingertips" in reply.answer.split("\n\n", 2)[1].lower()


@pytest.mark.parametrize(
    ("asked", "points"),
    [
        ("is it to do with lung cancer?", True),
        ("can they even treat that?", True),
        ("is this normal", True),
        ("when is it time for hospice for my dad?", False),  # an 'it' that points at nothing
        ("is it safe to have sex during chemo?", False),
        ("what treatment do they give?", False),  # 'they' are the doctors
    ],
)
def test_what_points_back_into_the_story_told_before_the_question(asked: str, points: bool) -> None:
    assert points_at_context(asked) is points
