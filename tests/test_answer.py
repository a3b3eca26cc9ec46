"""The answer package: whole sections, cited, the opening one first; honest limits; pure."""

from __future__ import annotations

import pytest

from answer import compose_answer, dosing_answer, question_parts
from answer.compose import MIN_FIT
from vectorstore.retriever import Passage

DISCLAIMER = "not medical advice"


def section(key: str, text: str, similarity: float, part: int = 0, kind: str = "content", **extra: object) -> Passage:
    doc, _, heading = key.partition("#")
    return Passage(
        doc_id=doc,
        title=doc.replace("-", " ").capitalize(),
        section=heading,
        text=text,
        citation="NCI PDQ, 2025",
        url="https://www.cancer.gov",
        reviewed="2026-12-05",
        score=similarity,
        kind=kind,
        similarity=similarity,
        part=part,
        questions=["What causes lung cancer?", "Who gets lung cancer?"] if kind == "content" else [],
        matched="What causes lung cancer?" if kind == "content" else "",
        **extra,  # type: ignore[arg-type]
    )


RISK = (
    "Smoking is by far the biggest risk factor for lung cancer. Radon is the second.\n\n- Asbestos.\n- Air pollution."
)
PASSAGES = [
    section("risk-factors#Summary", RISK, 0.92),
    section("fatigue#Causes", "Common causes include anemia and not eating enough.", 0.61),
    section("risk-factors#Questions to ask your care team", "- Which of my risks can I change?", 0.0, kind="care_team"),
    section(
        "risk-factors#Where to learn more",
        "- [American Cancer Society](https://www.cancer.org)",
        0.0,
        kind="learn_more",
    ),
]


def test_the_answer_opens_with_the_best_section_shown_whole_and_cited() -> None:
    answer = compose_answer("What causes lung cancer?", PASSAGES)
    assert answer.text.startswith("### Risk factors [1]\n\n" + RISK)
    assert "anemia" not in answer.text  # a weaker section for the same question is not stitched in
    assert [s["id"] for s in answer.sources] == ["risk-factors"]
    assert "- Which of my risks can I change?" in answer.text and "American Cancer Society" in answer.text
    assert answer.text.rstrip().endswith("_") and DISCLAIMER in answer.text
    assert RISK in answer.grounding


def _short(key: str, words: int, similarity: float) -> Passage:
    return section(key, " ".join(["word"] * (words - 1) + ["end."]), similarity)


def test_sections_that_answer_a_one_part_question_nearly_as_well_follow_while_the_answer_stays_short() -> None:
    close = [_short("a#One", 80, 0.9), _short("b#Two", 80, 0.85), _short("c#Three", 80, 0.8), _short("d#Four", 30, 0.8)]
    shown = compose_answer("What causes lung cancer?", close).shown
    assert shown == ["a#One", "b#Two", "c#Three"]  # at most two more sections
    long = [_short("a#One", 120, 0.9), _short("b#Two", 120, 0.85), _short("c#Three", 60, 0.8)]
    assert compose_answer("What causes lung cancer?", long).shown == ["a#One", "b#Two"]  # a third would be too long
    # A third section too long to show whole shows its first paragraph, which answers its questions directly.
    lead = "Radon is the second cause of lung cancer."
    third = section("c#Three", lead + "\n\n" + " ".join(["more"] * 80) + " end.", 0.8)
    answer = compose_answer("What causes lung cancer?", [*long[:2], third])
    assert answer.shown == ["a#One", "b#Two", "c#Three"] and lead in answer.text and "more more" not in answer.text
    assert "### Three [3]\n\n" + lead in answer.text and len(answer.sources) == 3
    far = [_short("a#One", 80, 0.9), _short("b#Two", 80, 0.3), _short("c#Three", 30, 0.3)]
    assert compose_answer("What causes lung cancer?", far).shown == ["a#One"]  # not close enough to answer it


def test_a_second_part_of_the_question_gets_its_own_section() -> None:
    extra = section("radon#Testing", "Radon test kits are cheap and easy to use.", 0.8, part=1)
    answer = compose_answer("What causes lung cancer? How do I test for radon?", [*PASSAGES, extra])
    assert [s["id"] for s in answer.sources] == ["risk-factors", "radon"]
    assert "[2]" in answer.text and answer.text.index(RISK) < answer.text.index("Radon test kits")


def test_a_weak_best_match_says_what_is_not_covered_and_offers_the_nearest_questions() -> None:
    weak = [section("fatigue#Causes", "Common causes include anemia.", MIN_FIT - 0.1, coverage=0.2)]
    answer = compose_answer("Can I get life insurance?", weak)
    assert not answer.answered and answer.sources == []
    assert "could not find this" in answer.text and "What causes lung cancer?" in answer.text
    assert answer.nearest == ["What causes lung cancer?"]


def test_a_close_question_about_something_the_section_never_mentions_is_not_covered() -> None:
    near = [section("exercise#Safety", "Exercise during treatment is safe for most people.", 0.72, coverage=0.1)]
    assert not compose_answer("Is it safe to fly during treatment?", near).answered
    same = [section("exercise#Safety", "Exercise during treatment is safe for most people.", 0.9, coverage=0.3)]
    assert compose_answer("Can I work out while on chemo?", same).answered


def test_feelings_come_first_and_support_last() -> None:
    answer = compose_answer("I'm so scared, what causes this?", PASSAGES, feeling=True)
    first, _, _ = answer.text.partition("\n")
    assert first == "It is completely understandable to feel scared."  # the person's own feeling, said back
    assert answer.text.index("Support for how you feel") > answer.text.index(RISK)


@pytest.mark.parametrize(
    ("message", "first_line"),
    [
        (
            "My dad was just diagnosed and I'm terrified. What is stage 4?",
            "It is completely understandable to feel terrified.",
        ),
        ("I'm so angry at myself for smoking. What causes this?", "It is completely understandable to feel angry."),
        (
            "My husband has lost weight and I can't cope. What causes this?",
            "It is completely understandable to feel this way.",
        ),
    ],
)
def test_the_first_line_names_the_feeling_only_when_the_message_does(message: str, first_line: str) -> None:
    """'lost weight' names no feeling: the general line stands."""
    answer = compose_answer("What causes this?", PASSAGES, feeling=True, message=message)
    assert answer.text.partition("\n")[0] == first_line


def test_a_dose_question_gets_a_short_reply_that_names_whom_to_ask() -> None:
    answer = dosing_answer()
    assert "oncology pharmacist" in answer.text and len(answer.text.split()) < 150 and DISCLAIMER in answer.text


def test_question_parts() -> None:
    assert question_parts("What is SBRT? What are its side effects?") == ["What is SBRT?", "What are its side effects?"]
    assert question_parts("what causes lung cancer") == ["what causes lung cancer"]
    assert question_parts("How does it work and also how long does it take?") == [
        "How does it work",
        "how long does it take?",
    ]


def test_what_a_message_tells_before_it_asks_stays_with_the_first_question() -> None:
    """'My dad has stage 4' is no question of its own: searched alone it would find a section on stage 4
    for a person who asked about treatments."""
    assert question_parts("My dad has stage 4, what treatments are there?") == [
        "My dad has stage 4, what treatments are there?"
    ]
    assert question_parts("I have EGFR, what is osimertinib and how does it work?") == [
        "I have EGFR, what is osimertinib",
        "how does it work?",
    ]
