"""The grounded composer: relevant sentences first, a yes or no only when the evidence says it."""

from __future__ import annotations

import pytest

from evals.suite import Context, SuiteResult
from evals.suites.answers import SUITE, grounded_share, opens_with
from graph.sentences import Candidate
from graph.yes_no import is_yes_no, opening
from vectorstore.retriever import Passage

PASSAGE = Passage(
    doc_id="d", title="t", section="s", text="x", citation="c", url=None, reviewed="2026-01-01", score=1.0
)


def candidate(sentence: str, coverage: float) -> Candidate:
    return Candidate(sentence, PASSAGE, 0, 0, coverage, coverage, frozenset())


def test_yes_no_questions_are_recognised() -> None:
    assert is_yes_no("Is Keytruda chemotherapy?")
    assert not is_yes_no("Is crizotinib a capsule or a tablet?")  # a choice, not yes/no
    assert not is_yes_no("Should I stop my medicine before surgery?")  # a decision for the care team
    assert not is_yes_no("What is osimertinib?")


@pytest.mark.parametrize(
    ("question", "sentence", "coverage", "expected"),
    [
        (
            "Is a HER2 mutation the same as HER2-positive breast cancer?",
            "A HER2 mutation is not the same as HER2-positive breast cancer.",
            0.9,
            "No.",
        ),
        ("Can radon gas cause lung cancer?", "Radon gas can cause lung cancer.", 0.95, "Yes."),
        ("Can people who never smoked get lung cancer?", "People who never smoked can get lung cancer.", 0.95, "Yes."),
        (
            "Does vaping cause lung cancer?",
            "The long-term effects of vaping on lung cancer are not yet known.",
            0.9,
            None,
        ),
        (
            "Is osimertinib approved after chemoradiation?",
            "Osimertinib is approved for cancer that cannot be removed by surgery.",
            0.8,
            None,
        ),
        ("Is osimertinib an immunotherapy?", "Osimertinib is an EGFR inhibitor.", 0.4, None),
    ],
)
def test_the_opening_follows_clear_evidence_only(
    question: str, sentence: str, coverage: float, expected: str | None
) -> None:
    assert opening(question, [candidate(sentence, coverage)]) == expected


def test_opening_and_groundedness_helpers() -> None:
    assert opens_with("**No.** It is not.", "no") and not opens_with("Not always.", "no")
    assert grounded_share("Radon causes cancer. [1]\n\n- Cats fly.", ["Radon causes cancer."]) == (1, 2)


@pytest.fixture(scope="module")
def answers(bot) -> SuiteResult:  # type: ignore[no-untyped-def]
    return SUITE.run(Context(bot.settings, progress=False))


def test_answers_are_grounded_cited_and_never_state_a_trap(answers: SuiteResult) -> None:
    m = answers.metrics
    assert m["cases"] >= 120
    assert m["groundedness"] == 1.0
    assert m["wrong_facts"] == 0 and m["missing_disclaimer"] == 0
    assert m["relevant_cited_rate"] >= 0.9
    # Today's level, so a change that loses facts shows; the target is higher (see evals/thresholds.toml).
    assert m["pass_rate"] >= 0.44


def test_no_wrong_yes_or_no(answers: SuiteResult) -> None:
    from evals.suites.answers import load_cases

    expected = {c["id"]: c.get("expect_yes_no") for c in load_cases()}
    for result in answers.cases:
        for word in ("yes", "no"):
            if opens_with(result.details["answer"], word) and expected[result.id]:
                assert expected[result.id] == word, result.id
