"""Compare a run with a previous one: which cases changed verdict and how each metric moved."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _verdicts(suite: dict[str, Any]) -> dict[str, bool]:
    return {str(c["id"]): bool(c["passed"]) for c in suite.get("cases", [])}


def diff_suite(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    old, new = _verdicts(before), _verdicts(after)
    shared = [i for i in new if i in old]
    deltas: dict[str, dict[str, float | None]] = {}
    old_metrics, new_metrics = before.get("metrics", {}), after.get("metrics", {})
    for name in sorted(old_metrics.keys() | new_metrics.keys()):
        a, b = old_metrics.get(name), new_metrics.get(name)
        numeric = isinstance(a, int | float) and isinstance(b, int | float)
        deltas[name] = {"before": a, "after": b, "delta": round(b - a, 6) if numeric else None}  # type: ignore[operator]
    return {
        "newly_failing": [i for i in shared if old[i] and not new[i]],
        "newly_passing": [i for i in shared if not old[i] and new[i]],
        "new_failing": [i for i in new if i not in old and not new[i]],
        "added": [i for i in new if i not in old],
        "removed": [i for i in old if i not in new],
        "metric_deltas": deltas,
    }


def diff(baseline: dict[str, Any], current: dict[str, Any], path: str | Path | None = None) -> dict[str, Any]:
    """Per suite that ran in both; suites of the baseline that did not run now are listed apart."""
    old_suites, new_suites = baseline.get("suites", {}), current.get("suites", {})
    return {
        "path": str(path) if path else None,
        "started": baseline.get("run", {}).get("started"),
        "suites": {
            name: diff_suite(old_suites[name], suite) for name, suite in new_suites.items() if name in old_suites
        },
        "missing_suites": [name for name in old_suites if name not in new_suites],
    }


def changed(result: dict[str, Any]) -> bool:
    """True when any case changed verdict, so the terminal can say "no change" plainly otherwise."""
    return any(s["newly_failing"] or s["newly_passing"] or s["new_failing"] for s in result["suites"].values())
