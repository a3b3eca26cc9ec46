"""The grounded composer: relevant sentences first, a yes or no only when the evidence says it."""

from __future__ import annotations

import pytest

from evals.suite import Context, SuiteResult
from evals.suites.answers import SUITE, grounded_share, opens_with


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
    assert m["pass_rate"] >= 0.6


def test_no_wrong_yes_or_no(answers: SuiteResult) -> None:
    from evals.suites.answers import load_cases

    expected = {c["id"]: c.get("expect_yes_no") for c in load_cases()}
    for result in answers.cases:
        for word in ("yes", "no"):
            if opens_with(result.details["answer"], word):
                assert expected[result.id] == word, result.id  # a case without one must open with neither
    opened = sum(opens_with(r.details["answer"], expected[r.id]) for r in answers.cases if expected[r.id])
    assert opened >= 30  # of 34: the evidence-based judge answers most yes/no questions with their word
