"""Retrieval on labelled questions: hybrid, dense-only and sparse-only, side by side in one run."""

from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from evals.metrics import hit_at, ndcg_at, percentile, reciprocal_rank, unique_in_order
from evals.suite import Case, CaseResult, Context, Suite

DATASET = Path(__file__).resolve().parents[1] / "datasets" / "retrieval.yaml"
MODES = ("hybrid", "dense", "sparse")
DEPTH = 20
METRICS = ("hit@1", "hit@5", "mrr", "ndcg@5")
HELD_OUT = 1200  # stated questions asked as new questions, a seeded sample
HELD_OUT_SEED = 7


def load_cases(path: Path = DATASET) -> list[Case]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["cases"])


def search_case(retriever: Any, case: Case, mode: str) -> dict[str, Any]:
    started = time.perf_counter()
    passages = retriever.search(case["q"], k=DEPTH, mode=mode)
    latency = (time.perf_counter() - started) * 1000
    ranked = unique_in_order([p.doc_id for p in passages])
    relevant = set(case["relevant"])
    return {
        "top": ranked[:5],
        "hit@1": hit_at(ranked, relevant, 1),
        "hit@5": hit_at(ranked, relevant, 5),
        "mrr": reciprocal_rank(ranked, relevant),
        "ndcg@5": ndcg_at(ranked, relevant, 5),
        "ms": latency,
    }


def evaluate(retriever: Any, cases: list[Case], mode: str) -> dict[str, Any]:
    """One mode over many cases: the summary the retrieval tests gate on."""
    rows = [search_case(retriever, case, mode) for case in cases]
    return {"summary": summarise_rows(rows)}


def summarise_rows(rows: list[dict[str, Any]]) -> dict[str, float]:
    n = len(rows) or 1
    summary = {m: round(sum(r[m] for r in rows) / n, 4) for m in METRICS}
    summary["p50_ms"] = round(percentile([r["ms"] for r in rows], 50), 1)
    summary["p95_ms"] = round(percentile([r["ms"] for r in rows], 95), 1)
    return summary


def check(ctx: Context, case: Case) -> CaseResult:
    modes = {mode: search_case(ctx.retriever, case, mode) for mode in MODES}
    return CaseResult(
        id=case["id"],
        passed=bool(modes["hybrid"]["hit@5"]),
        category="retrieval",
        details={"question": case["q"], "relevant": case["relevant"], "modes": modes},
    )


def held_out_questions(retriever: Any, n: int = HELD_OUT) -> dict[str, float]:
    """Each sampled stated question, hidden from the index and asked as a new question: how often its own
    section comes first, and its reciprocal rank in the first five. Nobody tuned on these: the section is
    found only through its other questions and its text, as a new wording of a question is. Only questions
    whose section states at least one other are asked."""
    stated = retriever.stated_questions()
    siblings = Counter(key for _, key in stated)
    rows = [row for row, (_, key) in enumerate(stated) if siblings[key] > 1]
    sample = sorted(random.Random(HELD_OUT_SEED).sample(rows, min(n, len(rows))))
    first = reciprocal = 0.0
    for row in sample:
        question, key = stated[row]
        with retriever.question_hidden(row):
            keys = [p.key for p in retriever.search(question, k=5)]
        first += hit_at(keys, {key}, 1)
        reciprocal += reciprocal_rank(keys, {key})
    count = max(1, len(sample))
    return {
        "held_out_questions.top1": round(first / count, 4),
        "held_out_questions.mrr@5": round(reciprocal / count, 4),
    }


def summarise(ctx: Context, results: list[CaseResult]) -> dict[str, float]:
    metrics: dict[str, float] = {}
    for mode in MODES:
        for name, value in summarise_rows([r.details["modes"][mode] for r in results]).items():
            metrics[f"{mode}.{name}"] = value
    return {**metrics, **held_out_questions(ctx.retriever)}


def corpus_report() -> dict[str, Any]:
    """Size and reading grade (Flesch-Kincaid, computed offline) of the knowledge base."""
    from core.settings import get_settings
    from vectorstore.documents import load_corpus
    from vectorstore.readability import corpus_grades

    docs = load_corpus(get_settings().corpus_dir)
    grades = {doc_id: round(grade, 1) for doc_id, grade in corpus_grades(docs).items()}
    return {
        "documents": len(docs),
        "reading_grade_average": round(sum(grades.values()) / max(1, len(grades)), 2),
        "reading_grade_max": max(grades.values(), default=0.0),
        "reading_grades": grades,
    }


def extra(ctx: Context, results: list[CaseResult]) -> dict[str, Any]:
    return {"corpus": corpus_report()}


SUITE = Suite(
    name="retrieval",
    description="Labelled questions; document-level hit@k, MRR and nDCG@5 for hybrid, dense and sparse search",
    load=load_cases,
    check=check,
    summarise=summarise,
    extra=extra,
)
