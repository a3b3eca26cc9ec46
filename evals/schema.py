"""The JSON layout `lung-chat eval --json` writes, kept stable so runs can be compared over time.

Readers (the baseline diff, the HTML report, CI scripts) rely on this layout; a change that
removes or renames a key bumps `SCHEMA_VERSION`. Adding keys does not.

```
{
  "schema_version": 1,
  "run": {
    "started": "2026-11-26T21:00:00+00:00",     # ISO 8601, UTC
    "finished": "...",
    "duration_s": 93.4,                          # wall time of the whole run
    "suites_requested": ["retrieval", ...],
    "git_commit": "9e30aa0..." | null,           # null outside a git checkout
    "git_dirty": false | null,
    "python": "3.11.9",
    "platform": "Linux-6.1-x86_64",
    "cores": 2,
    "peak_rss_mb": 612.3                         # of the eval process itself
  },
  "suites": {
    "<suite name>": {
      "description": "...",
      "status": "ok" | "error",                  # error: the suite raised; see "error"
      "error": null | "Traceback text",
      "duration_s": 12.1,
      "counts": {"cases": 210, "passed": 205, "failed": 5},
      "metrics": {"hybrid.hit@5": 0.98, ...},    # name -> number, as the suite computed them
      "categories": {"<category>": {"cases": 10, "passed": 9, "pass_rate": 0.9}},
      "cases": [{"id": "r001", "passed": true, "category": "retrieval", "details": {...}}],
      "extra": {...}                             # suite-specific (confusion matrix, latency tables)
    }
  },
  "thresholds": {
    "passed": true,                              # false when any gating check failed or went missing
    "checks": [
      {"suite": "retrieval", "metric": "hybrid.mrr", "op": ">=", "limit": 0.8, "value": 0.86,
       "status": "pass" | "fail" | "missing" | "skipped" | "warn", "gate": true, "message": "..."}
    ]
  },
  "baseline": null | {
    "path": "previous.json",
    "started": "...",                            # when the baseline run started
    "suites": {
      "<suite name>": {
        "newly_failing": ["id", ...], "newly_passing": ["id", ...],
        "new_failing": ["id", ...],             # cases absent from the baseline that fail now
        "added": ["id", ...], "removed": ["id", ...],
        "metric_deltas": {"<metric>": {"before": 0.9, "after": 0.95, "delta": 0.05}}
      }
    },
    "missing_suites": ["<suite in the baseline that did not run now>"]
  }
}
```

Known extra shapes the report draws: `extra["confusion"] = {"labels": [...], "matrix": [[...]]}`
(rows are the expected label, columns the predicted one) and `extra["latency"] =
{"<series>": {"p50_ms": x, "p95_ms": y}}` (bench: per turn, per node, naive baseline).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1


class SchemaError(ValueError):
    """A results file this version cannot read."""


def dumps(data: dict[str, Any]) -> str:
    """JSON text; values a suite put in `details` that JSON cannot hold are written as strings."""
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def load(path: str | Path) -> dict[str, Any]:
    """A results file written by `lung-chat eval --json`, checked for a version this code reads."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SchemaError(f"could not read the results file {path}: {exc}") from exc
    if not isinstance(data, dict) or "schema_version" not in data:
        raise SchemaError(f"{path} is not a results file of lung-chat eval (no schema_version)")
    if data["schema_version"] != SCHEMA_VERSION:
        raise SchemaError(f"{path} has schema_version {data['schema_version']}; this version reads {SCHEMA_VERSION}")
    return data
