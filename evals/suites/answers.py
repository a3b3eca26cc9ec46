"""Answer quality: must-include facts, fact traps, yes/no openings, honest limits, groundedness.

Groundedness is the share of answer sentences supported by a text the answer drew from, judged
by the same matcher the groundedness rail uses, on the answer as the user sees it (fixed phrases
and the disclaimer count as supported).

A missing fact is also looked up in those texts: "not retrieved" means retrieval never found it,
otherwise the composer left it out. `facts_retrieved_rate` is the composer's ceiling.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import yaml

from chatbot.rails.grounded import Grounding
from chatbot.rails.text import lines_with_sentences
from chatbot.replies import get_replies
from evals.suite import Case, CaseResult, Context, Suite, category_rates, count_problems, rate

DATASET = Path(__file__).resolve().parents[1] / "datasets" / "answers.yaml"


def load_cases() -> list[Case]:
    return list(yaml.safe_load(DATASET.read_text(encoding="utf-8"))["cases"])


def _contains(answer: str, item: str | list[str]) -> bool:
    options = item if isinstance(item, list) else [item]
    return any(option.lower() in answer for option in options)


def opens_with(answer: str, word: str) -> bool:
    first = re.sub(r"^[\s*_>#-]+", "", answer).lower()
    return bool(re.match(rf"{re.escape(word.lower())}\b", first))


def says_not_covered(answer: str) -> bool:
    return answer.startswith(get_replies().text("no_answer").split("\n")[0])


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
    if case.get("expect_no_answer"):
        if not says_not_covered(reply.answer):
            problems.append("answered a question the knowledge base does not cover")
    else:
        missing = [item for item in case.get("must_include", []) if not _contains(answer, item)]
        unretrieved = [item for item in case.get("must_include", []) if not _contains(drawn_from, item)]
        retrieved = not unretrieved
        if missing:
            where = f" (not retrieved: {unretrieved})" if unretrieved else " (retrieved, not shown)"
            problems.append(f"missing {missing}{where}")
        if case.get("expect_yes_no") and not opens_with(reply.answer, case["expect_yes_no"]):
            problems.append(f"does not open with {case['expect_yes_no']!r}")
    traps = [t for t in case.get("must_not_include", []) if t.lower() in answer]
    if traps:
        problems.append(f"states a wrong fact {traps}")
    if "not medical advice" not in answer:
        problems.append("missing disclaimer")
    supported, total = grounded_share(reply.answer, grounding)
    if supported < total:
        problems.append(f"{total - supported} unsupported sentence(s)")
    cited = [s.id for s in reply.sources]
    return CaseResult(
        id=case["id"],
        passed=not problems,
        category=case.get("category", ""),
        details={
            "question": case["question"],
            "problems": problems,
            "answer": reply.answer,
            "sources": cited,
            "relevant_cited": bool(set(case.get("relevant", [])) & set(cited)),
            "facts_retrieved": retrieved,
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
    answered = [r for r in results if r.category != "not_covered"]
    metrics: dict[str, Any] = {
        "cases": len(results),
        "pass_rate": rate(results),
        "groundedness": round(supported / total, 4) if total else 1.0,
        "relevant_cited_rate": round(sum(r.details["relevant_cited"] for r in answered) / max(1, len(answered)), 4),
        "facts_retrieved_rate": _share([r.details.get("facts_retrieved") for r in answered]),
        "wrong_facts": count_problems(results, "states a wrong fact"),
        "missing_disclaimer": count_problems(results, "missing disclaimer"),
    }
    return {**metrics, **category_rates(results)}


SUITE = Suite(
    name="answers",
    description="Questions with must-include facts and fact traps; yes/no openings; honest limits; groundedness",
    load=load_cases,
    check=check,
    summarise=summarise,
)
