"""Every dataset case of every discovered suite is a test of its own, so a failing case shows by name.

Where the thresholds allow some misses (a case pass rate below 1.0 in `evals/thresholds.toml`), a
failing case is reported as xfail with its details, and the suite-level test gates the rate and
the metric thresholds. Elsewhere a failing case fails.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from evals import thresholds as gate
from evals.suite import Case, Context, Suite
from evals.suites import discover
from tests.eval_support import all_results, context, result

NOT_CASES = {"bench"}  # timings, not right-or-wrong cases
# Blind suites run only to report (`make eval`): their cases are never shown while the code changes;
# the fresh tuning parts also run only to report.
SUITES: dict[str, Suite] = {n: s for n, s in discover().items() if n not in NOT_CASES and not s.reported_only}
THRESHOLDS = gate.load()


def _params() -> list[Any]:
    return [
        pytest.param(name, case, id=f"{name}:{case['id']}") for name, suite in SUITES.items() for case in suite.load()
    ]


def _why(details: dict[str, Any]) -> str:
    return json.dumps(details, ensure_ascii=False, default=str)[:600]


@pytest.fixture(scope="session")
def eval_ctx(bot: object) -> Context:
    """One Context for every case: the session's bot and index, no progress bars."""
    return context(bot)


@pytest.mark.parametrize(("suite_name", "case"), _params())
def test_case(suite_name: str, case: Case, eval_ctx: Context) -> None:
    outcome = result(eval_ctx, SUITES[suite_name], case)
    if outcome.passed:
        return
    if THRESHOLDS.required_rate(suite_name, outcome.category) < 1.0:
        pytest.xfail(f"{suite_name}:{outcome.id} failed (allowed by the suite's pass rate): {_why(outcome.details)}")
    pytest.fail(f"{suite_name}:{outcome.id} failed: {_why(outcome.details)}")


@pytest.mark.parametrize("suite_name", sorted(SUITES))
def test_suite_meets_thresholds(suite_name: str, eval_ctx: Context) -> None:
    ctx = eval_ctx
    suite = SUITES[suite_name]
    results = all_results(ctx, suite)
    metrics = suite.summarise(ctx, results)
    missed = [c.message for c in gate.evaluate(THRESHOLDS, {suite_name: metrics}) if c.failed and c.gate]
    assert not missed, missed

    own = {r.category for r in results if THRESHOLDS.has_own_rate(suite_name, r.category)}
    pooled = [r for r in results if r.category not in own]  # categories without an entry share the suite's
    for label, chosen in [
        ("all other categories", pooled),
        *((c, [r for r in results if r.category == c]) for c in own),
    ]:
        if not chosen:
            continue
        rate = sum(r.passed for r in chosen) / len(chosen)
        required = THRESHOLDS.required_rate(suite_name, None if chosen is pooled else label)
        assert rate >= required, (label, rate, [r.id for r in chosen if not r.passed])
