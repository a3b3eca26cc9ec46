"""Every module here defines `SUITE` (and may define `BLIND_SUITE`, its blind part); the runner and pytest discover them by listing this package."""

from __future__ import annotations

import importlib
import pkgutil

from evals.suite import Suite


def discover() -> dict[str, Suite]:
    suites: dict[str, Suite] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for attr in ("SUITE", "FRESH_SUITE", "BLIND_SUITE"):
            suite = getattr(module, attr, None)
            if isinstance(suite, Suite):
                suites[suite.name] = suite
    return suites
