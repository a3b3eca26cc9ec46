"""`lung-chat eval`: run the offline suites and print a summary."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from evals.suite import Context
from evals.suites import discover


def run(suite: str, json_out: str | None = None, bench: bool = False) -> int:
    suites = discover()
    names = list(suites) if suite == "all" else [suite]
    unknown = [n for n in names if n not in suites]
    if unknown:
        print(f"lung-chat eval: no suite named {unknown[0]!r}; available: {', '.join(suites)}")
        return 2
    ctx = Context()
    results = {name: suites[name].run(ctx) for name in names}
    for result in results.values():
        print(f"\n{result.name}: {len(result.cases)} cases, {len(result.failures)} failing")
        for key, value in result.metrics.items():
            print(f"  {key:<28} {value}")
    if json_out:
        Path(json_out).write_text(json.dumps({n: asdict(r) for n, r in results.items()}, indent=2), encoding="utf-8")
    return 0
