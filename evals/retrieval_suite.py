"""Retrieval on labelled questions: hybrid, dense-only and sparse-only, side by side in one run."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import yaml
from tqdm import tqdm

from evals.metrics import hit_at, ndcg_at, percentile, reciprocal_rank, unique_in_order

DATASET = Path(__file__).resolve().parent / "datasets" / "retrieval.yaml"
MODES = ("hybrid", "dense", "sparse")
DEPTH = 20


def load_cases(path: Path = DATASET) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["cases"])


def evaluate(retriever: Any, cases: list[dict[str, Any]], mode: str) -> dict[str, Any]:
    rows = []
    latencies = []
    for case in tqdm(cases, desc=f"retrieval ({mode})", leave=False):
        started = time.perf_counter()
        passages = retriever.search(case["q"], k=DEPTH, mode=mode)
        latencies.append((time.perf_counter() - started) * 1000)
        ranked = unique_in_order([p.doc_id for p in passages])
        relevant = set(case["relevant"])
        rows.append(
            {
                "id": case["id"],
                "q": case["q"],
                "top": ranked[:5],
                "hit@1": hit_at(ranked, relevant, 1),
                "hit@5": hit_at(ranked, relevant, 5),
                "mrr": reciprocal_rank(ranked, relevant),
                "ndcg@5": ndcg_at(ranked, relevant, 5),
            }
        )
    n = len(rows) or 1
    summary = {m: round(sum(r[m] for r in rows) / n, 4) for m in ("hit@1", "hit@5", "mrr", "ndcg@5")}
    summary["p50_ms"] = round(percentile(latencies, 50), 1)
    summary["p95_ms"] = round(percentile(latencies, 95), 1)
    return {"summary": summary, "failures": [r for r in rows if not r["hit@5"]]}


def corpus_report() -> dict[str, Any]:
    """Size and reading grade (Flesch-Kincaid, computed offline) of the knowledge base."""
    from chatbot.settings import get_settings
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


def run(bench: bool = False) -> dict[str, Any]:
    from graph.resources import get_retriever

    retriever = get_retriever()
    cases = load_cases()
    corpus = corpus_report()
    print(
        f"\nCorpus: {corpus['documents']} documents, reading grade average {corpus['reading_grade_average']:.1f}"
        f" (highest {corpus['reading_grade_max']:.1f})"
    )
    results = {mode: evaluate(retriever, cases, mode) for mode in MODES}
    print(f"\nRetrieval on {len(cases)} labelled questions (document level)")
    print(f"{'mode':<8} {'hit@1':>7} {'hit@5':>7} {'MRR':>7} {'nDCG@5':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for mode in MODES:
        s = results[mode]["summary"]
        print(
            f"{mode:<8} {s['hit@1']:>7.3f} {s['hit@5']:>7.3f} {s['mrr']:>7.3f} {s['ndcg@5']:>7.3f} "
            f"{s['p50_ms']:>8.1f} {s['p95_ms']:>8.1f}"
        )
    return {"cases": len(cases), "corpus": corpus, "modes": results}
