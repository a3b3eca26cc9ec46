"""Run a guardrails-ai Guard and read which validators failed, with what they found.

One Guard is shared per process and its history is shared too, so a call and the reading
of its validator logs happen under one lock: two sessions never read each other's verdicts.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from .runtime import Guard

_lock = threading.Lock()


class RailError(RuntimeError):
    """A rail could not judge the text; the caller must show the fixed safe reply."""


@dataclass
class GuardRun:
    text: str  # the validated (possibly fixed) text
    failed: dict[str, dict[str, Any]] = field(default_factory=dict)  # validator name -> its metadata


def run_guard(guard: Guard, text: str, metadata: dict[str, Any] | None = None) -> GuardRun:
    """Validate `text`; any exception or missing output raises RailError (callers fail closed)."""
    try:
        with _lock:
            outcome = guard.validate(text, metadata=metadata or {})
            logs = guard.history.last.iterations.last.validator_logs if guard.history.length else []
            failed = {
                log.registered_name: dict(log.validation_result.metadata or {})
                for log in logs
                if log.validation_result is not None and log.validation_result.outcome == "fail"
            }
    except Exception as exc:  # noqa: BLE001 - any rail failure must fail closed
        raise RailError(f"{type(exc).__name__}: {exc}") from exc
    result = outcome.validated_output
    if outcome.error or not isinstance(result, str):
        raise RailError(outcome.error or "the guard returned no text")
    return GuardRun(result, failed)
