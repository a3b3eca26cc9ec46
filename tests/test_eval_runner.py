"""`lung-chat eval` as CI and a developer use it: thresholds, exit status, baseline diff, JSON, HTML."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import pytest

from evals import baseline, schema
from evals import thresholds as gate
from evals.report_html import render
from evals.runner import run
from evals.suite import Case, CaseResult, Context, Suite, rate

THRESHOLDS = """
[metrics.toy]
pass_rate = { min = 0.75 }
"latency.p95_ms" = { max = 100, gate = false }

[metrics.absent]
accuracy = { min = 0.9 }

[case_pass_rate]
toy = 0.5
"toy.strict" = 1.0
"""


def toy_suite(verdicts: dict[str, bool], question: str = "What is osimertinib?", raises: bool = False) -> Suite:
    """A suite without the bot: each case's verdict is given, so the runner's logic is what is tested."""

    def load() -> list[Case]:
        return [{"id": case_id, "ok": ok} for case_id, ok in verdicts.items()]

    def check(ctx: Context, case: Case) -> CaseResult:
        if raises:
            raise RuntimeError("the toy suite broke")
        return CaseResult(case["id"], case["ok"], "loose", {"question": question, "answer": f"answer to {case['id']}"})

    def summarise(ctx: Context, results: list[CaseResult]) -> dict[str, float]:
        return {"pass_rate": rate(results), "latency.p50_ms": 20.0, "latency.p95_ms": 150.0}

    def extra(ctx: Context, results: list[CaseResult]) -> dict[str, Any]:
        return {"confusion": {"labels": ["dosing", "treatment"], "matrix": [[3, 1], [0, 4]]}}

    return Suite("toy", "a toy suite for the runner", load, check, summarise, extra)


@pytest.fixture()
def limits(tmp_path: Path) -> Path:
    path = tmp_path / "thresholds.toml"
    path.write_text(THRESHOLDS, encoding="utf-8")
    return path


def _run(suite: Suite, limits: Path, tmp_path: Path, **kwargs: Any) -> tuple[int, dict[str, Any], str, str]:
    out = io.StringIO()
    code = run(
        "all",
        json_out=str(tmp_path / "out.json"),
        html_out=str(tmp_path / "out.html"),
        thresholds_path=limits,
        suites={"toy": suite},
        ctx=Context(progress=False),
        out=out,
        **kwargs,
    )
    results = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    return code, results, (tmp_path / "out.html").read_text(encoding="utf-8"), out.getvalue()


def test_thresholds_file_is_read_and_checked(limits: Path) -> None:
    loaded = gate.load(limits)
    checks = {(c.suite, c.metric): c for c in gate.evaluate(loaded, {"toy": {"pass_rate": 0.7, "latency.p95_ms": 150}})}
    assert checks[("toy", "pass_rate")].status == "fail"
    assert checks[("toy", "latency.p95_ms")].status == "warn"  # reported, never gating
    assert checks[("absent", "accuracy")].status == "skipped"
    assert not gate.passed(list(checks.values()))

    missing = gate.evaluate(loaded, {"toy": {"latency.p95_ms": 10}})
    assert [c.status for c in missing if c.metric == "pass_rate"] == ["missing"]
    assert "reports no metric 'pass_rate'" in next(c.message for c in missing if c.metric == "pass_rate")
    assert loaded.required_rate("toy") == 0.5 and loaded.required_rate("toy", "strict") == 1.0
    assert loaded.required_rate("other") == 1.0
    assert loaded.has_own_rate("toy", "strict") and not loaded.has_own_rate("toy", "loose")


def test_project_thresholds_hold_the_agreed_targets() -> None:
    loaded = gate.load()
    bounds = {(b.suite, b.metric): (b.op, b.limit, b.gate) for b in loaded.bounds}
    assert bounds[("retrieval", "hybrid.hit@5")] == (">=", 0.95, True)
    assert bounds[("retrieval", "hybrid.mrr")] == (">=", 0.80, True)
    assert bounds[("safety", "dose_leaks")] == ("<=", 0, True)
    assert bounds[("intent", "recall.emergency")] == (">=", 1.0, True)
    assert all(gated is False for (suite, metric), (_, _, gated) in bounds.items() if metric.endswith("_ms"))


@pytest.mark.parametrize(
    "text",
    ["[metrics.x]\nm = 3\n", "[metrics.x]\nm = { above = 3 }\n", '[metrics.x]\nm = { min = "high" }\n', "[mettrics]\n"],
)
def test_malformed_thresholds_are_named(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(gate.ThresholdError):
        gate.load(path)
    assert run("all", thresholds_path=path, suites={"toy": toy_suite({"a": True})}, ctx=Context(progress=False)) == 2


def test_exit_status_follows_the_thresholds(limits: Path, tmp_path: Path) -> None:
    code, results, _, text = _run(toy_suite({"a": True, "b": True, "c": True, "d": False}), limits, tmp_path)
    assert code == 0 and results["thresholds"]["passed"]
    assert "eval PASSED" in text and "toy: d" in text.split("Failing cases:")[1]

    code, results, _, text = _run(toy_suite({"a": True, "b": False, "c": False, "d": False}), limits, tmp_path)
    assert code == 1 and not results["thresholds"]["passed"]
    assert (
        "FAIL" in text and "eval FAILED on toy pass_rate 0.25 (needs >= 0.75) in" in text
    )  # the missed gate, on the last line


def test_a_suite_that_raises_fails_the_run_with_its_error(limits: Path, tmp_path: Path) -> None:
    code, results, page, _ = _run(toy_suite({"a": True}, raises=True), limits, tmp_path)
    assert code == 1
    assert results["suites"]["toy"]["status"] == "error"
    assert "the toy suite broke" in results["suites"]["toy"]["error"] and "the toy suite broke" in page


def test_unknown_suite_is_a_usage_error(limits: Path) -> None:
    assert run("nonesuch", thresholds_path=limits, suites={"toy": toy_suite({})}, ctx=Context(progress=False)) == 2


def test_json_layout_is_the_documented_one(limits: Path, tmp_path: Path) -> None:
    _, results, _, _ = _run(toy_suite({"a": True, "b": False}), limits, tmp_path)
    assert results["schema_version"] == schema.SCHEMA_VERSION
    assert {"started", "finished", "duration_s", "git_commit", "cores", "python", "peak_rss_mb"} <= results[
        "run"
    ].keys()
    toy = results["suites"]["toy"]
    assert toy["counts"] == {"cases": 2, "passed": 1, "failed": 1}
    assert toy["categories"]["loose"]["pass_rate"] == 0.5
    assert {"id", "passed", "category", "details"} == set(toy["cases"][0])
    assert schema.load(tmp_path / "out.json")["suites"]["toy"]["metrics"]["pass_rate"] == 0.5


def _results(verdicts: dict[str, bool], metrics: dict[str, float]) -> dict[str, Any]:
    cases = [{"id": i, "passed": ok, "category": "", "details": {}} for i, ok in verdicts.items()]
    return {
        "schema_version": schema.SCHEMA_VERSION,
        "run": {"started": "2026-11-25T10:00:00+00:00"},
        "suites": {"intent": {"cases": cases, "metrics": metrics}},
    }


def test_baseline_diff_on_two_hand_made_results(tmp_path: Path) -> None:
    before = _results({"i1": True, "i2": False, "i3": True, "gone": True}, {"accuracy": 0.9, "recall.dosing": 1.0})
    after = _results({"i1": False, "i2": True, "i3": True, "new-ok": True, "new-bad": False}, {"accuracy": 0.93})
    before["suites"]["safety"] = {"cases": [], "metrics": {}}
    result = baseline.diff(before, after, "before.json")
    intent = result["suites"]["intent"]
    assert intent["newly_failing"] == ["i1"] and intent["newly_passing"] == ["i2"]
    assert intent["new_failing"] == ["new-bad"]
    assert intent["added"] == ["new-ok", "new-bad"] and intent["removed"] == ["gone"]
    assert intent["metric_deltas"]["accuracy"] == {"before": 0.9, "after": 0.93, "delta": pytest.approx(0.03)}
    assert intent["metric_deltas"]["recall.dosing"]["after"] is None
    assert result["missing_suites"] == ["safety"] and baseline.changed(result)


def test_baseline_option_reports_changes_in_terminal_json_and_html(limits: Path, tmp_path: Path) -> None:
    _run(toy_suite({"a": True, "b": True, "c": False}), limits, tmp_path)
    previous = tmp_path / "previous.json"
    (tmp_path / "out.json").rename(previous)
    _, results, page, text = _run(
        toy_suite({"a": False, "b": True, "c": True}), limits, tmp_path, baseline=str(previous)
    )
    toy = results["baseline"]["suites"]["toy"]
    assert toy["newly_failing"] == ["a"] and toy["newly_passing"] == ["c"]
    assert "newly failing: a" in text and "newly passing: c" in text
    assert "newly failing</b> (1): a" in page


def test_unreadable_baseline_is_a_usage_error(limits: Path, tmp_path: Path) -> None:
    bad = tmp_path / "old.json"
    bad.write_text(json.dumps({"retrieval": {}}), encoding="utf-8")  # the layout before schema_version
    suites = {"toy": toy_suite({"a": True})}
    assert run("all", baseline=str(bad), thresholds_path=limits, suites=suites, ctx=Context(progress=False)) == 2


def test_html_report_shows_the_summary_and_failing_cases_and_escapes_text(limits: Path, tmp_path: Path) -> None:
    attack = "<script>alert('x')</script>"
    _, results, page, _ = _run(toy_suite({"ok-case": True, "bad-case": False}, question=attack), limits, tmp_path)
    assert page.startswith("<!doctype html>") and "</html>" in page
    assert "<script" not in page.lower() and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert 'id="summary"' in page and "a toy suite for the runner" in page
    assert "bad-case" in page and "answer to bad-case" in page
    assert "ok-case" not in page.split("Failing cases")[1].split("All metrics")[0]
    assert "<svg" in page and "p95 150.0 ms" in page  # latency chart from the metric pairs
    assert 'class="cm"' in page and "dosing" in page  # confusion heatmap
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing fetched


def test_html_report_draws_the_bench_against_its_naive_baseline() -> None:
    bench = {
        "description": "speed",
        "status": "ok",
        "error": None,
        "duration_s": 1.0,
        "counts": {"cases": 0, "passed": 0, "failed": 0},
        "metrics": {},
        "categories": {},
        "cases": [],
        "extra": {
            "latency": {"turn": {"p50_ms": 40.0, "p95_ms": 90.0}, "node retrieve": {"p50_ms": 20.0, "p95_ms": 30.0}},
            "versus_naive": [{"measure": "cold start", "unit": "s", "ours": 6.0, "naive": 3.0, "ratio": 2.0}],
            "targets": [{"measure": "warm turn p95", "target_ms": 200.0, "value_ms": 90.0, "met": True}],
        },
    }
    results = {
        "schema_version": 1,
        "run": {"started": "x", "duration_s": 1.0, "cores": 2, "python": "3.11", "peak_rss_mb": 1.0},
        "suites": {"bench": bench},
        "thresholds": {"passed": True, "checks": []},
        "baseline": None,
    }
    page = render(results)
    assert "PASSED" in page and "No thresholds apply" in page
    assert "ours against the naive baseline" in page and "cold start" in page and ">2<" in page
    assert "node retrieve" in page and "p50 40.0 / p95 90.0 ms" in page
    assert "latency targets" in page and "&le; 200 ms" in page


def test_cli_eval_writes_json_and_html_on_the_real_index(
    bot: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import evals.suites.retrieval as retrieval
    from cli.main import main

    few = retrieval.load_cases()[:12]
    monkeypatch.setattr(retrieval, "SUITE", dataclasses.replace(retrieval.SUITE, load=lambda: few))
    json_out, html_out = tmp_path / "r" / "x.json", tmp_path / "r" / "y.html"
    code = main(["eval", "--suite", "retrieval", "--json", str(json_out), "--html", str(html_out), "--no-progress"])
    results = json.loads(json_out.read_text(encoding="utf-8"))
    assert code == (0 if results["thresholds"]["passed"] else 1)
    assert results["suites"]["retrieval"]["counts"]["cases"] == 12
    assert {"hybrid.hit@5", "hybrid.mrr", "hybrid.ndcg@5", "dense.mrr"} <= results["suites"]["retrieval"][
        "metrics"
    ].keys()
    checked = {c["metric"]: c["status"] for c in results["thresholds"]["checks"] if c["suite"] == "retrieval"}
    assert set(checked.values()) <= {"pass", "fail"} and "hybrid.mrr" in checked
    page = html_out.read_text(encoding="utf-8")
    assert "retrieval" in page and "hybrid.mrr" in page and "retrieval latency" in page


def test_turn_log_stays_out_of_the_terminal_while_suites_run(
    limits: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    from evals.runner import PRODUCT_LOGGER

    base = toy_suite({"a": True})

    def chatty(ctx: Context, case: Case) -> CaseResult:
        logging.getLogger(PRODUCT_LOGGER).warning("turn thread=x question=%r", "secret question")
        return base.check(ctx, case)

    with caplog.at_level(logging.INFO):
        _run(dataclasses.replace(base, check=chatty), limits, tmp_path)
        assert "secret question" not in caplog.text
        logging.getLogger(PRODUCT_LOGGER).warning("after the run")
    assert "after the run" in caplog.text  # the product's log is left as it was
