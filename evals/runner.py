"""`lung-chat eval`: run the chosen suites, gate them on the thresholds, write JSON and HTML.

Exit status: 0 when every gating threshold is met, 1 when one is missed or a suite raised,
2 when the command itself is wrong (unknown suite, unreadable thresholds or baseline).
"""

from __future__ import annotations

import logging
import os
import platform
import resource
import subprocess
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from evals import baseline as baseline_diff
from evals import schema
from evals import thresholds as gate
from evals.suite import Context, Suite, SuiteResult

REPO_ROOT = Path(__file__).resolve().parent.parent
LAST = ("bench",)
PRODUCT_LOGGER = "lung_chat"  # timed after the others, on a warm process, and it switches rails off for a while


class UsageError(ValueError):
    """The command asked for something that does not exist."""


def select(requested: str, available: Mapping[str, Suite]) -> list[str]:
    """`all`, one name, or a comma-separated list, in a stable order with the bench last."""
    if requested.strip() == "all":
        names = sorted(available, key=lambda n: (n in LAST, n))
    else:
        names = [n.strip() for n in requested.split(",") if n.strip()]
    unknown = [n for n in names if n not in available]
    if unknown or not names:
        raise UsageError(
            f"no suite named {', '.join(map(repr, unknown)) or '(none)'}; available: {', '.join(available)}"
        )
    return names


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


@contextmanager
def quiet_turn_log() -> Iterator[None]:
    """Thousands of eval turns would bury the summary: the product's per-turn log lines stay out of
    the terminal while the suites run (its own file handlers still get them)."""
    logger = logging.getLogger(PRODUCT_LOGGER)
    saved = logger.propagate
    logger.propagate = False
    try:
        yield
    finally:
        logger.propagate = saved


def run_metadata(names: list[str], started: datetime, duration: float) -> dict[str, Any]:
    commit = _git("rev-parse", "HEAD")
    status = _git("status", "--porcelain") if commit else None
    return {
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "duration_s": round(duration, 2),
        "suites_requested": names,
        "git_commit": commit,
        "git_dirty": bool(status) if status is not None else None,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "cores": os.cpu_count(),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def categories(result: SuiteResult) -> dict[str, dict[str, float]]:
    totals = Counter(c.category or result.name for c in result.cases)
    passed = Counter(c.category or result.name for c in result.cases if c.passed)
    return {
        name: {"cases": n, "passed": passed[name], "pass_rate": round(passed[name] / n, 4)}
        for name, n in sorted(totals.items())
    }


def suite_entry(suite: Suite, result: SuiteResult | None, duration: float, error: str | None) -> dict[str, Any]:
    cases = [asdict(c) for c in result.cases] if result else []
    failed = sum(not c["passed"] for c in cases)
    return {
        "description": suite.description,
        "status": "error" if error else "ok",
        "error": error,
        "duration_s": round(duration, 2),
        "counts": {"cases": len(cases), "passed": len(cases) - failed, "failed": failed},
        "metrics": dict(result.metrics) if result else {},
        "categories": categories(result) if result else {},
        "cases": cases,
        "extra": result.extra if result else {},
    }


def run_suites(names: list[str], suites: Mapping[str, Suite], ctx: Context, log: TextIO) -> dict[str, dict[str, Any]]:
    """Each suite in turn; one that raises is recorded with its traceback and the rest still run."""
    entries: dict[str, dict[str, Any]] = {}
    for position, name in enumerate(names, start=1):
        print(f"[{position}/{len(names)}] {name}: {suites[name].description}", file=log, flush=True)
        started = time.perf_counter()
        try:
            result, error = suites[name].run(ctx), None
        except Exception:  # noqa: BLE001 - a broken suite is reported, and the run goes on
            result, error = None, traceback.format_exc()
            print(f"  {name} raised:\n{error}", file=log, flush=True)
        entries[name] = suite_entry(suites[name], result, time.perf_counter() - started, error)
    return entries


def evaluate(
    results: dict[str, Any], thresholds: gate.Thresholds, previous: dict[str, Any] | None, baseline_path: str | None
) -> dict[str, Any]:
    """Thresholds and the baseline diff added to a results document."""
    suites = results["suites"]
    ok = {n: s["metrics"] for n, s in suites.items() if s["status"] == "ok"}
    errored = {n for n, s in suites.items() if s["status"] == "error"}
    checks = gate.evaluate(thresholds, ok, errored)
    results["thresholds"] = {
        "passed": gate.passed(checks) and not errored,
        "checks": [c.as_dict() for c in checks],
    }
    results["baseline"] = baseline_diff.diff(previous, results, baseline_path) if previous else None
    return results


def run(
    suite: str = "all",
    json_out: str | None = None,
    html_out: str | None = None,
    baseline: str | None = None,
    thresholds_path: str | Path | None = None,
    progress: bool = True,
    suites: Mapping[str, Suite] | None = None,
    ctx: Context | None = None,
    out: TextIO | None = None,
) -> int:
    from evals import report_html, summary
    from evals.suites import discover

    out = out or sys.stdout
    log = sys.stderr
    try:
        available = suites if suites is not None else discover()
        names = select(suite, available)
        limits = gate.load(thresholds_path or gate.DEFAULT_PATH)
        previous = schema.load(baseline) if baseline else None
    except (UsageError, gate.ThresholdError, schema.SchemaError) as exc:
        print(f"lung-chat eval: {exc}", file=log)
        return 2

    started_at, started = datetime.now(UTC), time.perf_counter()
    ctx = ctx or Context(progress=progress)
    with quiet_turn_log():
        entries = run_suites(names, available, ctx, log)
    results: dict[str, Any] = {"schema_version": schema.SCHEMA_VERSION, "run": {}, "suites": entries}
    results["run"] = run_metadata(names, started_at, time.perf_counter() - started)
    evaluate(results, limits, previous, baseline)

    print(summary.render(results), file=out)
    if json_out:
        _write(json_out, schema.dumps(results), out)
    if html_out:
        _write(html_out, report_html.render(results), out)
    return 0 if results["thresholds"]["passed"] else 1


def _write(path: str, text: str, out: TextIO) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}", file=out)
