"""One self-contained HTML page a person understands at a glance: no script, no network, all text escaped."""

from __future__ import annotations

import json
from html import escape
from typing import Any

FAILING_SHOWN = 200
QUESTION_KEYS = ("question", "q", "turns", "text", "input")
ANSWER_KEYS = ("answer", "observed_answer", "reply", "response")
EXPECTED_KEYS = ("expected", "expect", "relevant", "must_include", "must_not_include", "label")
GOT_KEYS = ("got", "predicted", "intent", "flags", "top", "reasons", "reason", "problems")

CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1200px;color:#1d2433;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #dde;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}.meta{color:#5b6478;font-size:13px}
.verdict{display:inline-block;padding:4px 12px;border-radius:4px;font-weight:700;color:#fff;margin:8px 0}
.pass{background:#1a7f37}.fail{background:#c62828}.warn{background:#b26a00}.skipped,.missing{background:#6b7280}
.missing{background:#c62828}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}th,td{border:1px solid #dde;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f9}td.num{text-align:right;font-variant-numeric:tabular-nums}
.tag{display:inline-block;padding:1px 6px;border-radius:3px;color:#fff;font-size:12px}
.bar{background:#eef1f6;width:280px;height:14px;border-radius:3px;overflow:hidden;display:inline-block;vertical-align:middle}
.bar>span{display:block;height:100%}
.cm td{width:34px;text-align:center;font-variant-numeric:tabular-nums}.cm th{font-weight:600;font-size:12px}
.case{margin:0 0 10px}pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:8px;border-radius:4px;margin:4px 0;max-height:320px;overflow:auto}
details summary{cursor:pointer;color:#2b4c9b}.ok{color:#1a7f37}.bad{color:#c62828}
"""


def e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def fmt(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return e(value)
    if isinstance(value, float):
        return e(f"{value:.4g}") if abs(value) < 1000 else e(f"{value:.0f}")
    return e(value)


def tag(status: str) -> str:
    return f'<span class="tag {e(status)}">{e(status)}</span>'


def _status(status: str) -> str:
    return f'<span class="tag {"pass" if status == "ok" else "fail"}">{e(status)}</span>'


def rate_colour(rate: float) -> str:
    return "#1a7f37" if rate >= 0.95 else "#b26a00" if rate >= 0.8 else "#c62828"


def bar(rate: float) -> str:
    width = max(0.0, min(1.0, rate)) * 100
    return f'<span class="bar"><span style="width:{width:.1f}%;background:{rate_colour(rate)}"></span></span>'


def summary_table(results: dict[str, Any]) -> str:
    rows = []
    for name, s in results["suites"].items():
        c = s["counts"]
        rate = c["passed"] / c["cases"] if c["cases"] else 1.0
        rows.append(
            f"<tr><td>{e(name)}</td><td>{_status(s['status'])}</td>"
            f'<td class="num">{c["cases"]}</td><td class="num">{c["passed"]}</td><td class="num">{c["failed"]}</td>'
            f'<td>{bar(rate)} {rate:.1%}</td><td class="num">{s["duration_s"]:.1f}</td><td>{e(s["description"])}</td></tr>'
        )
    head = "<tr><th>suite</th><th>status</th><th>cases</th><th>passed</th><th>failed</th><th>pass rate</th><th>seconds</th><th>what it checks</th></tr>"
    return f'<table id="summary">{head}{"".join(rows)}</table>'


def thresholds_table(results: dict[str, Any]) -> str:
    rows = []
    for c in sorted(results["thresholds"]["checks"], key=lambda c: c["status"] == "skipped"):
        note = "" if c["gate"] else " (report only)"
        rows.append(
            f"<tr><td>{e(c['suite'])}</td><td>{e(c['metric'])}</td><td class='num'>{fmt(c['value'])}</td>"
            f"<td>{e(c['op'])} {fmt(c['limit'])}</td><td>{tag(c['status'])}{e(note)}</td><td>{e(c['message'])}</td></tr>"
        )
    if not rows:
        return "<p>No thresholds apply to these suites.</p>"
    head = "<tr><th>suite</th><th>metric</th><th>value</th><th>threshold</th><th>status</th><th>detail</th></tr>"
    return f"<table id='thresholds'>{head}{''.join(rows)}</table>"


def pass_rates(results: dict[str, Any]) -> str:
    rows = []
    for name, s in results["suites"].items():
        for category, c in s["categories"].items():
            rows.append(
                f"<tr><td>{e(name)}</td><td>{e(category)}</td><td class='num'>{c['passed']}/{c['cases']}</td>"
                f"<td>{bar(c['pass_rate'])} {c['pass_rate']:.1%}</td></tr>"
            )
    if not rows:
        return "<p>No cases ran.</p>"
    return f"<table><tr><th>suite</th><th>category</th><th>passed</th><th>pass rate</th></tr>{''.join(rows)}</table>"


def latency_series(suite: dict[str, Any]) -> dict[str, dict[str, float]]:
    """`extra["latency"]` when the suite gives it, else every metric pair `<x>.p50_ms` / `<x>.p95_ms`."""
    given = suite.get("extra", {}).get("latency")
    if isinstance(given, dict) and given:
        return {k: v for k, v in given.items() if isinstance(v, dict) and "p50_ms" in v}
    metrics = suite.get("metrics", {})
    series = {}
    for name in metrics:
        if name.endswith(".p50_ms") and name.replace(".p50_ms", ".p95_ms") in metrics:
            base = name[: -len(".p50_ms")]
            series[base] = {"p50_ms": metrics[name], "p95_ms": metrics[f"{base}.p95_ms"]}
    return series


def latency_chart(title: str, series: dict[str, dict[str, float]]) -> str:
    """Horizontal bars in inline SVG: p50 solid, p95 light behind it, milliseconds at the end."""
    label_w, plot_w, row_h = 190, 560, 26
    top = max([max(float(v.get("p95_ms", 0)), float(v.get("p50_ms", 0))) for v in series.values()] + [1.0])
    height = row_h * len(series) + 30
    parts = [
        f'<svg role="img" aria-label="{e(title)}" width="{label_w + plot_w + 230}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (name, v) in enumerate(series.items()):
        y = 8 + i * row_h
        p50, p95 = float(v.get("p50_ms", 0)), float(v.get("p95_ms", 0))
        parts.append(f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end" font-size="12">{e(name)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{plot_w * p95 / top:.1f}" height="16" fill="#b8c7ec"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 5}" width="{plot_w * p50 / top:.1f}" height="10" fill="#2b4c9b"/>')
        parts.append(
            f'<text x="{label_w + plot_w * max(p50, p95) / top + 6:.1f}" y="{y + 14}" font-size="12">'
            f"p50 {p50:.1f} / p95 {p95:.1f} ms</text>"
        )
    legend_y = height - 8
    parts.append(f'<rect x="{label_w}" y="{legend_y - 9}" width="10" height="10" fill="#2b4c9b"/>')
    parts.append(f'<text x="{label_w + 14}" y="{legend_y}" font-size="11">p50</text>')
    parts.append(f'<rect x="{label_w + 50}" y="{legend_y - 9}" width="10" height="10" fill="#b8c7ec"/>')
    parts.append(f'<text x="{label_w + 64}" y="{legend_y}" font-size="11">p95</text>')
    parts.append("</svg>")
    return f"<h3>{e(title)}</h3>" + "".join(parts)


def latency_section(results: dict[str, Any]) -> str:
    charts = [
        latency_chart(f"{name} latency", series)
        for name, s in results["suites"].items()
        if (series := latency_series(s))
    ]
    return "".join(charts) or "<p>No suite in this run measured latency.</p>"


def versus_table(name: str, rows: list[dict[str, Any]], targets: list[dict[str, Any]]) -> str:
    """Ours and naive side by side, bars on one scale per row, and the ratio CI gates on."""
    body = []
    for r in rows:
        ours, naive = r.get("ours"), r.get("naive")
        top = max(float(ours or 0), float(naive or 0)) or 1.0
        bars = "".join(
            f'<div><span class="bar"><span style="width:{100 * float(v or 0) / top:.1f}%;background:{c}"></span></span> '
            f"{e(who)} {fmt(v)} {e(r['unit'])}</div>"
            for who, v, c in (("ours", ours, "#2b4c9b"), ("naive", naive, "#9aa3b5"))
        )
        body.append(f"<tr><td>{e(r['measure'])}</td><td>{bars}</td><td class='num'>{fmt(r.get('ratio'))}</td></tr>")
    goals = "".join(
        f"<tr><td>{e(t['measure'])}</td><td class='num'>{fmt(t['value_ms'])} ms</td><td>&le; {fmt(t['target_ms'])} ms</td>"
        f"<td>{tag('pass' if t['met'] else 'warn')}</td></tr>"
        for t in targets
    )
    goal_table = (
        f"<h3>{e(name)}: the product's latency targets (reported, not gated)</h3>"
        f"<table><tr><th>measure</th><th>value</th><th>target</th><th></th></tr>{goals}</table>"
        if goals
        else ""
    )
    return (
        f"<h3>{e(name)}: ours against the naive baseline (same run)</h3>"
        f"<table><tr><th>measure</th><th>value</th><th>ours / naive</th></tr>{''.join(body)}</table>{goal_table}"
    )


def versus_section(results: dict[str, Any]) -> str:
    return "".join(
        versus_table(name, s["extra"]["versus_naive"], s["extra"].get("targets", []))
        for name, s in results["suites"].items()
        if isinstance(s.get("extra", {}).get("versus_naive"), list)
    )


def confusion_table(name: str, confusion: dict[str, Any]) -> str:
    labels, matrix = confusion.get("labels", []), confusion.get("matrix", [])
    head = "<tr><th>expected \\ predicted</th>" + "".join(f"<th>{e(label)}</th>" for label in labels) + "</tr>"
    rows = []
    for i, label in enumerate(labels):
        row = matrix[i] if i < len(matrix) else []
        total = sum(row) or 1
        cells = []
        for j, count in enumerate(row):
            share = count / total
            colour = f"rgba(26,127,55,{share:.2f})" if i == j else f"rgba(198,40,40,{min(1.0, share * 2):.2f})"
            colour = colour if count else "transparent"
            cells.append(
                f'<td style="background:{colour}" title="{e(label)} as {e(labels[j])}: {count}">{count or ""}</td>'
            )
        rows.append(f"<tr><th>{e(label)}</th>{''.join(cells)}</tr>")
    return f'<h3>{e(name)}: confusion</h3><table class="cm">{head}{"".join(rows)}</table>'


def confusion_section(results: dict[str, Any]) -> str:
    tables = [
        confusion_table(name, s["extra"]["confusion"])
        for name, s in results["suites"].items()
        if isinstance(s.get("extra", {}).get("confusion"), dict)
    ]
    return "".join(tables) or "<p>No suite in this run reported a confusion matrix.</p>"


def _pick(details: dict[str, Any], keys: tuple[str, ...], depth: int = 2) -> list[tuple[str, Any]]:
    """The named keys at the top; failing that, the first nested dict (two levels down) that has them."""
    found = [(k, details[k]) for k in keys if k in details and details[k] not in (None, "", [])]
    if found or depth == 0:
        return found
    for name, value in details.items():
        if isinstance(value, dict) and (inner := _pick(value, keys, depth - 1)):
            return [(f"{name}.{k}", v) for k, v in inner]
    return []


def _show(value: Any) -> str:
    if isinstance(value, str):
        return e(value)
    return e(json.dumps(value, ensure_ascii=False, default=str))


def case_block(case: dict[str, Any]) -> str:
    details = case.get("details") or {}
    rows = []
    for title, keys in (
        ("question", QUESTION_KEYS),
        ("answer", ANSWER_KEYS),
        ("expected", EXPECTED_KEYS),
        ("got", GOT_KEYS),
    ):
        for key, value in _pick(details, keys):
            body = f"<pre>{_show(value)}</pre>" if title == "answer" else _show(value)
            rows.append(f"<tr><th>{e(title)} <small>({e(key)})</small></th><td>{body}</td></tr>")
    everything = e(json.dumps(details, indent=2, ensure_ascii=False, default=str))
    return (
        f'<div class="case"><b>{e(case["id"])}</b> <span class="meta">{e(case.get("category", ""))}</span>'
        f"<table>{''.join(rows)}</table><details><summary>all details</summary><pre>{everything}</pre></details></div>"
    )


def failing_section(results: dict[str, Any]) -> str:
    parts = []
    for name, s in results["suites"].items():
        if s["status"] == "error":
            parts.append(f"<h3>{e(name)}: the suite raised</h3><pre>{e(s['error'])}</pre>")
            continue
        failing = [c for c in s["cases"] if not c["passed"]]
        if not failing:
            continue
        more = f" (first {FAILING_SHOWN} shown)" if len(failing) > FAILING_SHOWN else ""
        blocks = "".join(case_block(c) for c in failing[:FAILING_SHOWN])
        parts.append(f"<h3>{e(name)}: {len(failing)} failing{e(more)}</h3>{blocks}")
    return "".join(parts) or "<p class='ok'>Every case passed.</p>"


def baseline_section(results: dict[str, Any]) -> str:
    diff = results.get("baseline")
    if not diff:
        return "<p>No baseline given (use <code>--baseline previous.json</code>).</p>"
    parts = [f"<p class='meta'>Compared with {e(diff['path'])}, run {e(diff['started'])}.</p>"]
    for name, s in diff["suites"].items():
        lists = "".join(
            f"<p><b>{e(label.replace('_', ' '))}</b> ({len(s[label])}): {e(', '.join(s[label])) or '-'}</p>"
            for label in ("newly_failing", "newly_passing", "new_failing", "added", "removed")
        )
        rows = "".join(
            f"<tr><td>{e(m)}</td><td class='num'>{fmt(d['before'])}</td><td class='num'>{fmt(d['after'])}</td>"
            f"<td class='num {'ok' if (d['delta'] or 0) > 0 else 'bad' if (d['delta'] or 0) < 0 else ''}'>{fmt(d['delta'])}</td></tr>"
            for m, d in s["metric_deltas"].items()
            if d["delta"] != 0
        )
        table = (
            f"<table><tr><th>metric</th><th>before</th><th>after</th><th>change</th></tr>{rows}</table>"
            if rows
            else "<p>No metric moved.</p>"
        )
        parts.append(f"<h3>{e(name)}</h3>{lists}{table}")
    if diff["missing_suites"]:
        parts.append(f"<p>In the baseline but not run now: {e(', '.join(diff['missing_suites']))}</p>")
    return "".join(parts)


def metrics_section(results: dict[str, Any]) -> str:
    parts = []
    for name, s in results["suites"].items():
        rows = "".join(f"<tr><td>{e(k)}</td><td class='num'>{fmt(v)}</td></tr>" for k, v in s["metrics"].items())
        parts.append(
            f"<details><summary>{e(name)}: {len(s['metrics'])} metrics</summary><table>{rows}</table></details>"
        )
    return "".join(parts)


def render(results: dict[str, Any]) -> str:
    run = results["run"]
    ok = results["thresholds"]["passed"]
    commit = run.get("git_commit") or "unknown"
    meta = (
        f"{e(run['started'])} · commit {e(str(commit)[:12])}{' (uncommitted changes)' if run.get('git_dirty') else ''}"
        f" · {e(run['cores'])} cores · Python {e(run['python'])} · {run['duration_s']:.1f} s · peak RSS {run['peak_rss_mb']:.0f} MB"
    )
    sections = [
        ("Summary", summary_table(results)),
        ("Thresholds", thresholds_table(results)),
        ("Pass rate per suite and category", pass_rates(results)),
        ("Latency", latency_section(results) + versus_section(results)),
        ("Intent confusion", confusion_section(results)),
        ("Change since the baseline", baseline_section(results)),
        ("Failing cases", failing_section(results)),
        ("All metrics", metrics_section(results)),
    ]
    body = "".join(f"<h2>{e(title)}</h2>{html}" for title, html in sections)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>lung-chat eval: {'passed' if ok else 'failed'}</title><style>{CSS}</style></head><body>"
        f"<h1>lung-chat eval report</h1><div class='meta'>{meta}</div>"
        f"<div class='verdict {'pass' if ok else 'fail'}'>{'PASSED' if ok else 'FAILED'}: "
        f"{sum(c['status'] == 'pass' for c in results['thresholds']['checks'])} thresholds met, "
        f"{sum(c['status'] in ('fail', 'missing') for c in results['thresholds']['checks'])} missed</div>"
        f"{body}</body></html>"
    )
