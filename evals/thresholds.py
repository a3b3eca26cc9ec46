"""The pass/fail gate: `evals/thresholds.toml` read with tomllib and checked against a run's metrics."""

from __future__ import annotations

import math
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).resolve().parent / "thresholds.toml"
BOUNDS = {"min": ">=", "max": "<="}
ENTRY_KEYS = {"min", "max", "gate"}


class ThresholdError(ValueError):
    """The thresholds file is malformed; the message names the entry."""


@dataclass(frozen=True)
class Bound:
    suite: str
    metric: str
    op: str  # ">=" or "<="
    limit: float
    gate: bool = True


@dataclass
class Thresholds:
    bounds: list[Bound] = field(default_factory=list)
    case_pass_rate: dict[str, float] = field(default_factory=dict)

    def for_suite(self, suite: str) -> list[Bound]:
        return [b for b in self.bounds if b.suite == suite]

    def has_own_rate(self, suite: str, category: str) -> bool:
        return bool(category) and f"{suite}.{category}" in self.case_pass_rate

    def required_rate(self, suite: str, category: str | None = None) -> float:
        """Share of cases that must pass: the category's entry, else the suite's, else all of them."""
        if category and f"{suite}.{category}" in self.case_pass_rate:
            return self.case_pass_rate[f"{suite}.{category}"]
        return self.case_pass_rate.get(suite, 1.0)


@dataclass
class Check:
    suite: str
    metric: str
    op: str
    limit: float
    value: float | None
    status: str  # pass, fail, missing, skipped, warn
    gate: bool
    message: str

    @property
    def failed(self) -> bool:
        return self.status in {"fail", "missing"}

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ThresholdError(f"{where}: expected a number, got {value!r}")
    return float(value)


def load(path: str | Path = DEFAULT_PATH) -> Thresholds:
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ThresholdError(f"could not read the thresholds file {path}: {exc}") from exc
    unknown = set(raw) - {"metrics", "case_pass_rate"}
    if unknown:
        raise ThresholdError(
            f"{path}: unknown tables {sorted(unknown)}; expected [metrics.<suite>] and [case_pass_rate]"
        )
    bounds: list[Bound] = []
    for suite, entries in raw.get("metrics", {}).items():
        if not isinstance(entries, dict):
            raise ThresholdError(f"{path}: [metrics.{suite}] must be a table")
        for metric, entry in entries.items():
            where = f"{path}: metrics.{suite}.{metric}"
            if not isinstance(entry, dict) or not entry.keys() & BOUNDS.keys():
                raise ThresholdError(f"{where}: expected {{ min = x }} and/or {{ max = x }}")
            extra = set(entry) - ENTRY_KEYS
            if extra:
                raise ThresholdError(f"{where}: unknown keys {sorted(extra)}")
            gate = entry.get("gate", True)
            if not isinstance(gate, bool):
                raise ThresholdError(f"{where}: gate must be true or false")
            for key, op in BOUNDS.items():
                if key in entry:
                    bounds.append(Bound(suite, metric, op, _number(entry[key], where), gate))
    rates = {name: _number(v, f"{path}: case_pass_rate.{name}") for name, v in raw.get("case_pass_rate", {}).items()}
    for name, value in rates.items():
        if not 0.0 <= value <= 1.0:
            raise ThresholdError(f"{path}: case_pass_rate.{name} must lie between 0 and 1")
    return Thresholds(bounds, rates)


def _met(value: float, op: str, limit: float) -> bool:
    # Metrics are rounded by the suites; a hair of float noise must not flip a verdict.
    tolerance = 1e-9
    return value >= limit - tolerance if op == ">=" else value <= limit + tolerance


def evaluate(
    thresholds: Thresholds,
    metrics: dict[str, dict[str, float]],
    errored: set[str] | frozenset[str] = frozenset(),
) -> list[Check]:
    """One check per bound. `metrics` holds the suites that ran; `errored` the ones that raised."""
    checks: list[Check] = []
    for b in thresholds.bounds:
        checks.append(_check(b, metrics, errored))
    return checks


def _check(b: Bound, metrics: dict[str, dict[str, float]], errored: set[str] | frozenset[str]) -> Check:
    def verdict(value: float | None, status: str, message: str) -> Check:
        return Check(b.suite, b.metric, b.op, b.limit, value, status, b.gate, message)

    if b.suite in errored:
        return verdict(None, "fail", f"suite {b.suite} did not finish")
    if b.suite not in metrics:
        return verdict(None, "skipped", f"suite {b.suite} did not run")
    value = metrics[b.suite].get(b.metric)
    if not isinstance(value, int | float) or math.isnan(value):
        known = ", ".join(sorted(metrics[b.suite])) or "none"
        message = f"suite {b.suite} reports no metric {b.metric!r} (it reports: {known})"
        return verdict(None, "missing" if b.gate else "warn", message)
    ok = _met(float(value), b.op, b.limit)
    status = "pass" if ok else ("fail" if b.gate else "warn")
    return verdict(float(value), status, f"{b.metric} = {value:g} {'meets' if ok else 'misses'} {b.op} {b.limit:g}")


def passed(checks: list[Check]) -> bool:
    return not any(c.failed and c.gate for c in checks)
