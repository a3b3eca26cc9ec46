"""One eval Context per test session, and each case run once however many tests read its result."""

from __future__ import annotations

from typing import Any

from evals.suite import Case, CaseResult, Context, Suite, SuiteResult

_ctx: Context | None = None
_results: dict[str, dict[str, CaseResult]] = {}


def context(bot: Any) -> Context:
    """The session's bot (and so its index) behind a quiet Context."""
    global _ctx
    if _ctx is None:
        _ctx = Context(progress=False)
        _ctx.__dict__["bot"] = bot  # cached_property: reuse the session bot instead of opening another
    return _ctx


def result(ctx: Context, suite: Suite, case: Case) -> CaseResult:
    done = _results.setdefault(suite.name, {})
    key = str(case["id"])
    if key not in done:
        done[key] = suite.check(ctx, case)
    return done[key]


def all_results(ctx: Context, suite: Suite) -> list[CaseResult]:
    return [result(ctx, suite, case) for case in suite.load()]


def suite_run(bot: Any, suite: Suite) -> SuiteResult:
    """The suite's whole result from the cases already run for their own tests: each suite runs once."""
    ctx = context(bot)
    results = all_results(ctx, suite)
    extra = suite.extra(ctx, results) if suite.extra else {}
    return SuiteResult(name=suite.name, metrics=suite.summarise(ctx, results), cases=results, extra=extra)
