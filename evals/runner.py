"""`lung-chat eval`: run the offline suites and print a summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evals import retrieval_suite

SUITES = {"retrieval": retrieval_suite.run}


def run(suite: str, json_out: str | None = None, bench: bool = False) -> int:
    names = list(SUITES) if suite == "all" else [suite]
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        print(f"lung-chat eval: no suite named {unknown[0]!r} yet; available: {', '.join(SUITES)}")
        return 2
    results: dict[str, Any] = {}
    for name in names:
        results[name] = SUITES[name](bench=bench)
    if json_out:
        Path(json_out).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0
