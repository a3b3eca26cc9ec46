"""Cases people gave us by rating answers (`lung-chat eval-cases --from-feedback`), kept as regressions.

Thumbs-up questions must keep finding the documents they were shown; thumbs-down questions run
once a reviewer has written what the answer must (not) say and set `status: ready`.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from evals.feedback_cases import DEFAULT_OUT, load_cases
from evals.metrics import unique_in_order
from evals.suite import Case, CaseResult, Context, Suite, rate

DATASET: Path = DEFAULT_OUT
TOP = 5


def load() -> list[Case]:
    cases = load_cases(DATASET)
    found = [{**c, "kind": "retrieval"} for c in cases["retrieval"] if c.get("relevant")]
    ready = [
        c
        for c in cases["review"]
        if c.get("status") == "ready" and (c.get("must_include") or c.get("must_not_include"))
    ]
    return found + [{**c, "kind": "answer"} for c in ready]


def check(ctx: Context, case: Case) -> CaseResult:
    if case["kind"] == "retrieval":
        ranked = unique_in_order([p.doc_id for p in ctx.retriever.search(case["q"], k=20)])[:TOP]
        return CaseResult(
            id=case["id"],
            passed=bool(set(ranked) & set(case["relevant"])),
            category="retrieval",
            details={"question": case["q"], "relevant": case["relevant"], "top": ranked},
        )
    reply = ctx.bot.ask(case["question"], thread_id=f"eval-feedback-{uuid.uuid4().hex[:8]}")
    text = reply.answer.lower()
    missing = [p for p in case.get("must_include", []) if str(p).lower() not in text]
    present = [p for p in case.get("must_not_include", []) if str(p).lower() in text]
    ctx.bot.delete(reply.thread_id)
    return CaseResult(
        id=case["id"],
        passed=not missing and not present,
        category="answer",
        details={"question": case["question"], "answer": reply.answer, "missing": missing, "present": present},
    )


def summarise(ctx: Context, results: list[CaseResult]) -> dict[str, float]:
    return {
        "retrieval.hit@5": rate(results, "retrieval"),
        "answers.pass_rate": rate(results, "answer"),
        "cases": float(len(results)),
    }


SUITE = Suite(
    name="feedback",
    description="Questions from user ratings: liked answers keep their sources, reviewed answers say what they must",
    load=load,
    check=check,
    summarise=summarise,
)
