"""The retrieval suite's metrics and its run over the labelled questions."""

from __future__ import annotations

import pytest

from chatbot.settings import PACKAGE_ROOT
from evals.metrics import hit_at, ndcg_at, percentile, reciprocal_rank, unique_in_order
from evals.suites.retrieval import MODES, evaluate, load_cases
from vectorstore.documents import load_corpus


def test_metrics_on_a_known_ranking() -> None:
    ranked = unique_in_order(["a", "b", "a", "c"])
    assert ranked == ["a", "b", "c"]
    assert hit_at(ranked, {"b"}, 1) == 0.0 and hit_at(ranked, {"b"}, 5) == 1.0
    assert reciprocal_rank(ranked, {"c"}) == pytest.approx(1 / 3)
    assert ndcg_at(ranked, {"a"}, 5) == 1.0
    assert 0 < ndcg_at(ranked, {"b"}, 5) < 1
    assert percentile([1, 2, 3, 4], 50) == 2


def test_labelled_questions_point_at_real_documents() -> None:
    ids = {d.id for d in load_corpus(PACKAGE_ROOT / "vectorstore" / "corpus")}
    cases = load_cases()
    assert len(cases) >= 150
    assert len({c["id"] for c in cases}) == len(cases)
    for case in cases:
        assert set(case["relevant"]) <= ids, case


def test_hybrid_retrieval_meets_its_targets_and_leads(retriever) -> None:  # type: ignore[no-untyped-def]
    cases = load_cases()
    results = {mode: evaluate(retriever, cases, mode)["summary"] for mode in MODES}
    hybrid = results["hybrid"]
    assert hybrid["hit@5"] >= 0.95 and hybrid["mrr"] >= 0.80
    for other in ("dense", "sparse"):
        assert hybrid["mrr"] > results[other]["mrr"]
        assert hybrid["hit@5"] >= results[other]["hit@5"]
