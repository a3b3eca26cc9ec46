"""Answer quality: the opening carries the key fact, the answer carries the must-include facts,
honest limits, groundedness, no dose content, length.

Two parts (DESIGN.md, "Measuring honestly"): the tuning part (`datasets/answers.yaml`, and every
cell of the knowledge base's question grid, `vectorstore/grid.yaml`, whose answer must open with
the section the grid names) and the blind part (`datasets/blind/answers.yaml`), written from the
promise alone and run only to report, as the suite `answers_blind`.

Groundedness is the share of answer sentences supported by a text the answer drew from, judged
by the same matcher the groundedness rail uses. A missing fact is also looked up in those texts:
"not retrieved" means retrieval never found it, otherwise the composer left it out.
"""

from __future__ import annotations

import re
import statistics
import uuid
from collections.abc import Callable
from typing import Any

import yaml

from core.paths import PACKAGE_ROOT
from core.replies import get_replies
from evals.suite import Case, CaseResult, Context, Suite, category_rates, count_problems, dataset_cases, rate
from evals.suites.safety import leaks
from rails.grounded import Grounding
from rails.scope import scope_reply
from rails.text import lines_with_sentences

GRID = PACKAGE_ROOT / "vectorstore" / "grid.yaml"
OPENING_WORDS = 70
CARE_TEAM = re.compile(r"^#+\s*Questions to ask", re.M)
MARKUP = re.compile(r"[#*_>`]+|\[\d+\]")


def load_tuning() -> list[Case]:
    cases = dataset_cases("answers.yaml")
    if GRID.exists():
        for cell in yaml.safe_load(GRID.read_text(encoding="utf-8"))["cells"]:
            cases.append(
                {
                    "id": f"grid-{cell['subject']}-{cell['kind']}".replace(" ", "-").lower(),
                    "category": "grid",
                    "question": cell["question"],
                    "expect_section": cell["section"],
                }
            )
    return cases


BLIND_PARTS = ("answers.yaml", "answers_2026-12-07.yaml")  # the blind part only grows: a new file per batch


def load_blind() -> list[Case]:
    """Every batch of the blind part, each case marked with its batch so the report gives each its own rate."""
    return [
        {**case, "batch": name.removesuffix(".yaml")} for name in BLIND_PARTS for case in dataset_cases("blind", name)
    ]


def load_fresh() -> list[Case]:
    return dataset_cases("fresh", "answers.yaml")


def _contains(text: str, item: str | list[str]) -> bool:
    """A fact is there when one of its wordings is, as whole words ('sclc' is not found in 'nsclc'); a
    wording's edge that is a sign, not a letter or digit, needs no word boundary ('%' is found in '65%')."""
    options = item if isinstance(item, list) else [item]
    return any(re.search(_whole(str(o).lower()), text) for o in options)


def _whole(wording: str) -> str:
    before = r"(?<![a-z0-9])" if wording[:1].isalnum() else ""
    after = r"(?![a-z0-9])" if wording[-1:].isalnum() else ""
    return f"{before}{re.escape(wording)}{after}"


def plain_words(answer: str) -> list[str]:
    return MARKUP.sub(" ", answer).split()


def opening(answer: str, words: int = OPENING_WORDS) -> str:
    return " ".join(plain_words(answer)[:words]).lower()


def body_words(answer: str) -> int:
    """Words before the care-team questions: what the person reads as the answer itself."""
    return len(plain_words(CARE_TEAM.split(answer, maxsplit=1)[0]))


def says_not_covered(answer: str) -> bool:
    """The honest limit: the knowledge base does not cover it, or (for a question about something
    other than lung cancer) what the product does cover."""
    limits = (get_replies().text("no_answer"), scope_reply().body)
    return answer.startswith(tuple(text.split("\n")[0] for text in limits))


def grounded_share(answer: str, grounding: list[str]) -> tuple[int, int]:
    """(supported, total) sentences of the answer."""
    judge = Grounding(grounding)
    sentences = [s for _, group in lines_with_sentences(answer) for s in group]
    return sum(judge.supports(s) for s in sentences), len(sentences)


def check(ctx: Context, case: Case) -> CaseResult:
    reply = ctx.bot.ask(
        case["question"], thread_id=f"answers-{case['id']}-{uuid.uuid4().hex[:8]}", profile=case.get("profile")
    )
    answer = reply.answer.lower()
    problems: list[str] = []
    grounding = ctx.bot.last_grounding(reply.thread_id)
    drawn_from = " ".join(grounding).lower()
    retrieved: bool | None = None  # every must-include fact is in a text the answer could draw from
    opened: bool | None = None
    if case.get("expect_no_answer"):
        if not says_not_covered(reply.answer):
            problems.append("answered a question the knowledge base does not cover")
    else:
        if says_not_covered(reply.answer):
            problems.append("said not covered")
        missing = [item for item in case.get("must_include", []) if not _contains(answer, item)]
        unretrieved = [item for item in case.get("must_include", []) if not _contains(drawn_from, item)]
        retrieved = not unretrieved
        if missing:
            where = f" (not retrieved: {unretrieved})" if unretrieved else " (retrieved, not shown)"
            problems.append(f"missing {missing}{where}")
        if case.get("opening"):
            first = opening(reply.answer)
            late = [item for item in case["opening"] if not _contains(first, item)]
            opened = not late
            if late:
                problems.append(f"opening lacks {late}")
        if case.get("expect_section"):
            doc, _, section = str(case["expect_section"]).partition("#")
            first_source = reply.sources[0] if reply.sources else None
            opened = bool(first_source and first_source.id == doc and first_source.section == section)
            if not opened:
                got = f"{first_source.id}#{first_source.section}" if first_source else "none"
                problems.append(f"opens with {got}")
    traps = [t for t in case.get("must_not_include", []) if t.lower() in answer]
    if traps:
        problems.append(f"states a wrong fact {traps}")
    if "not medical advice" not in answer:
        problems.append("missing disclaimer")
    leaked = leaks(reply.answer, [case["question"]])
    if leaked:
        problems.append(f"dose leak: {leaked[:3]}")
    supported, total = grounded_share(reply.answer, grounding)
    if supported < total:
        problems.append(f"{total - supported} unsupported sentence(s)")
    cited = [s.id for s in reply.sources]
    return CaseResult(
        id=case["id"],
        passed=not problems,
        category=case.get("category", str(case.get("cell", "")).split(" / ")[-1]),
        details={
            "question": case["question"],
            "batch": case.get("batch"),
            "problems": problems,
            "answer": reply.answer,
            "sources": cited,
            "relevant_cited": bool(set(case.get("relevant", [])) & set(cited)) if case.get("relevant") else None,
            "facts_retrieved": retrieved,
            "opened": opened,
            "facts_shown": not any(p.startswith("missing") for p in problems),
            "answered": not case.get("expect_no_answer"),
            "words": body_words(reply.answer) if reply.sources else None,
            "supported": supported,
            "sentences": total,
        },
    )


def _share(flags: list[bool | None]) -> float:
    known = [f for f in flags if f is not None]
    return round(sum(known) / len(known), 4) if known else 1.0


def summarise(ctx: Context, results: list[CaseResult]) -> dict[str, float]:
    supported = sum(r.details["supported"] for r in results)
    total = sum(r.details["sentences"] for r in results)
    answered = [r for r in results if r.details["answered"]]
    not_covered = [r for r in results if not r.details["answered"]]
    words = [r.details["words"] for r in results if r.details.get("words") is not None]
    metrics: dict[str, Any] = {
        "cases": len(results),
        "pass_rate": rate(results),
        "opening_rate": _share([r.details.get("opened") for r in answered]),
        "facts_rate": _share([r.details.get("facts_shown") for r in answered]),
        "not_covered_rate": _share([r.passed for r in not_covered]),
        "groundedness": round(supported / total, 4) if total else 1.0,
        "relevant_cited_rate": _share([r.details.get("relevant_cited") for r in answered]),
        "facts_retrieved_rate": _share([r.details.get("facts_retrieved") for r in answered]),
        "wrong_facts": count_problems(results, "states a wrong fact"),
        "missing_disclaimer": count_problems(results, "missing disclaimer"),
        "dose_leaks": count_problems(results, "dose leak"),
        "median_words": float(statistics.median(words)) if words else 0.0,
    }
    batches = sorted({str(r.details["batch"]) for r in results if r.details.get("batch")})
    by_batch = {f"batch {b}.pass_rate": rate([r for r in results if r.details.get("batch") == b]) for b in batches}
    return {**metrics, **category_rates(results), **(by_batch if len(batches) > 1 else {})}


def _suite(
    name: str, description: str, load: Callable[[], list[Case]], blind: bool = False, report_only: bool = False
) -> Suite:
    return Suite(
        name=name,
        description=description,
        load=load,
        check=check,
        summarise=summarise,
        blind=blind,
        report_only=report_only,
    )


SUITE = _suite("answers", "Tuning part: facts, openings, the question grid, honest limits, groundedness", load_tuning)
FRESH_SUITE = _suite(
    "answers_fresh",
    "Second tuning part: patient questions by another hand, read while tuning",
    load_fresh,
    report_only=True,
)
BLIND_SUITE = _suite("answers_blind", "Blind part: patient questions written from the promise alone", load_blind, True)
