"""The shape every eval suite shares, so the runner, the report and pytest treat them alike.

A suite is a module in `evals/suites/` that defines `SUITE = Suite(...)`. The runner finds
suites by listing that package, pytest turns each case into a test id, and the report reads
`SuiteResult` only.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

Case = dict[str, Any]

DATASETS = Path(__file__).resolve().parent / "datasets"


def dataset_cases(*parts: str) -> list[Case]:
    """The cases of one data file under evals/datasets ('blind', 'answers.yaml')."""
    return list(yaml.safe_load(DATASETS.joinpath(*parts).read_text(encoding="utf-8"))["cases"])


@dataclass
class CaseResult:
    """One dataset case after it ran: pass or fail, and what a person needs to see why."""

    id: str
    passed: bool
    category: str = ""
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class SuiteResult:
    name: str
    metrics: dict[str, float]
    cases: list[CaseResult]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def failures(self) -> list[CaseResult]:
        return [c for c in self.cases if not c.passed]


class Context:
    """What the cases run against, built lazily and shared by every suite of one run."""

    def __init__(self, settings: Any = None, progress: bool = True) -> None:
        from core.settings import get_settings

        # The eval's conversations and turn log go to a scratch folder: they never mix with a person's own.
        self._scratch = tempfile.TemporaryDirectory(prefix="lung-chat-eval-")
        base = settings or get_settings()
        scratch = Path(self._scratch.name)
        self.settings = base.model_copy(
            update={"conversations_path": scratch / "conversations.sqlite", "log_file": scratch / "lung-chat.log"}
        )
        self.progress = progress

    @cached_property
    def bot(self) -> Any:
        from chatbot.api import Chatbot

        return Chatbot(self.settings)

    @cached_property
    def unguarded_bot(self) -> Any:
        """The same index and storage with every input and output rail off: what the rails cost."""
        from chatbot.api import Chatbot

        return Chatbot(self.settings.model_copy(update={"input_rails": [], "output_rails": []}), build_index=False)

    @cached_property
    def retriever(self) -> Any:
        return self.bot.context.retriever

    def track(self, items: Iterable[Any], desc: str) -> Iterator[Any]:
        if not self.progress:
            return iter(items)
        from tqdm import tqdm

        return iter(tqdm(list(items), desc=desc, leave=False))


@dataclass(frozen=True)
class Suite:
    """`load` gives the cases, `check` runs one, `summarise` turns results into metrics."""

    name: str
    description: str
    load: Callable[[], list[Case]]
    check: Callable[[Context, Case], CaseResult]
    summarise: Callable[[Context, list[CaseResult]], dict[str, float]]
    extra: Callable[[Context, list[CaseResult]], dict[str, Any]] | None = None
    blind: bool = False  # written blind and run only to report: never a pytest case, never read while tuning
    report_only: bool = False  # run only to report, never a pytest case (a tuning part that is not gated)

    @property
    def reported_only(self) -> bool:
        return self.blind or self.report_only

    def run(self, ctx: Context) -> SuiteResult:
        results = [self.check(ctx, case) for case in ctx.track(self.load(), self.name)]
        return SuiteResult(
            name=self.name,
            metrics=self.summarise(ctx, results),
            cases=results,
            extra=self.extra(ctx, results) if self.extra else {},
        )


def rate(results: list[CaseResult], category: str | None = None) -> float:
    chosen = [r for r in results if category is None or r.category == category]
    return round(sum(r.passed for r in chosen) / len(chosen), 4) if chosen else 1.0


def category_rates(results: list[CaseResult], categories: Iterable[str] | None = None) -> dict[str, float]:
    """`<category>.pass_rate` for each category (all the results hold, unless given)."""
    chosen = sorted({r.category for r in results}) if categories is None else list(categories)
    return {f"{category}.pass_rate": rate(results, category) for category in chosen}


def count_problems(results: list[CaseResult], prefix: str, category: str | None = None) -> int:
    """Cases whose `details["problems"]` hold a problem starting with `prefix`."""
    return sum(
        1
        for r in results
        if (category is None or r.category == category)
        and any(p.startswith(prefix) for p in r.details.get("problems", []))
    )
