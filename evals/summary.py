"""The terminal summary: one table of suites, one of thresholds, what changed, and the verdict."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

FAILING_SHOWN = 10
MARK = {"pass": "ok", "fail": "FAIL", "missing": "MISSING", "skipped": "skipped", "warn": "warn"}


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Plain aligned columns: numbers right, text left; readable in any terminal and in CI logs."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    numeric = [all(isinstance(row[i], int | float) for row in rows) and bool(rows) for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def suites_table(results: dict[str, Any]) -> str:
    rows = []
    for name, s in results["suites"].items():
        counts = s["counts"]
        rate = counts["passed"] / counts["cases"] if counts["cases"] else None
        rows.append([name, s["status"], counts["cases"], counts["passed"], counts["failed"], rate, s["duration_s"]])
    return table(["suite", "status", "cases", "passed", "failed", "pass rate", "seconds"], rows)


def thresholds_table(results: dict[str, Any]) -> str:
    rows = [
        [
            c["suite"],
            c["metric"],
            c["value"],
            f"{c['op']} {c['limit']:g}",
            MARK[c["status"]] + ("" if c["gate"] else " (report only)"),
        ]
        for c in results["thresholds"]["checks"]
        if c["status"] != "skipped"
    ]
    skipped = sorted({c["suite"] for c in results["thresholds"]["checks"] if c["status"] == "skipped"})
    text = (
        table(["suite", "metric", "value", "threshold", "status"], rows) if rows else "(no thresholds for these suites)"
    )
    if skipped:
        text += f"\nskipped (suite not run): {', '.join(skipped)}"
    return text


def baseline_section(results: dict[str, Any]) -> str:
    diff = results.get("baseline")
    if not diff:
        return ""
    lines = [f"Compared with {diff['path']} (run {diff['started']}):"]
    for name, s in diff["suites"].items():
        moved = [
            f"{m} {d['before']:.4g} -> {d['after']:.4g}"
            for m, d in s["metric_deltas"].items()
            if d["delta"] not in (None, 0)
        ]
        lines.append(
            f"  {name}: {len(s['newly_failing'])} newly failing, {len(s['newly_passing'])} newly passing, "
            f"{len(s['added'])} added, {len(s['removed'])} removed"
        )
        for label in ("newly_failing", "newly_passing", "new_failing"):
            if s[label]:
                lines.append(f"    {label.replace('_', ' ')}: {', '.join(s[label][:FAILING_SHOWN])}")
        if moved:
            lines.append(f"    metrics moved: {'; '.join(moved[:12])}")
    if diff["missing_suites"]:
        lines.append(f"  not run now: {', '.join(diff['missing_suites'])}")
    return "\n".join(lines)


def failing_section(results: dict[str, Any]) -> str:
    lines = []
    for name, s in results["suites"].items():
        if s["status"] == "error":
            lines.append(f"  {name}: raised - {s['error'].strip().splitlines()[-1]}")
            continue
        failing = [c["id"] for c in s["cases"] if not c["passed"]]
        if failing:
            more = f" (+{len(failing) - FAILING_SHOWN} more)" if len(failing) > FAILING_SHOWN else ""
            lines.append(f"  {name}: {', '.join(failing[:FAILING_SHOWN])}{more}")
    return "Failing cases:\n" + "\n".join(lines) if lines else ""


def missed_gates(results: dict[str, Any]) -> str:
    """The gates that failed the run, repeated on the verdict line: a CI log is often read from its end."""
    missed = [
        f"{c['suite']} {c['metric']}"
        + (f" {_cell(c['value'])} (needs {c['op']} {c['limit']:g})" if c["value"] is not None else f" {c['status']}")
        for c in results["thresholds"]["checks"]
        if c["gate"] and c["status"] in ("fail", "missing")
    ]
    return f" on {'; '.join(missed)}" if missed else ""


def render(results: dict[str, Any]) -> str:
    run = results["run"]
    verdict = "PASSED" if results["thresholds"]["passed"] else "FAILED" + missed_gates(results)
    parts = [
        suites_table(results),
        thresholds_table(results),
        failing_section(results),
        baseline_section(results),
        f"eval {verdict} in {run['duration_s']:.1f} s (commit {str(run.get('git_commit') or 'unknown')[:10]}, "
        f"{run['cores']} cores, peak RSS {run['peak_rss_mb']:.0f} MB)",
    ]
    return "\n\n".join(p for p in parts if p)
