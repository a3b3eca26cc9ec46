"""The retrieval suite's metrics and its run over the labelled questions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from core.paths import PACKAGE_ROOT
from evals.feedback_cases import convert
from evals.metrics import hit_at, ndcg_at, percentile, reciprocal_rank, unique_in_order
from evals.suites.retrieval import MODES, SUITE, evaluate, load_cases
from tests.eval_support import all_results, context
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


def test_hybrid_retrieval_meets_its_targets_and_leads(bot) -> None:  # type: ignore[no-untyped-def]
    ctx = context(bot)  # the per-case eval tests already searched every question: read their results
    results = all_results(ctx, SUITE)
    metrics = SUITE.summarise(ctx, results)
    assert metrics["hybrid.hit@5"] >= 0.95 and metrics["hybrid.mrr"] >= 0.80
    one_case = 1 / len(results)  # one question of the set: a difference the set cannot tell from noise
    for other in ("dense", "sparse"):  # on documents, whole-section search is close in every mode
        assert metrics["hybrid.mrr"] >= metrics[f"{other}.mrr"] - 0.01
        assert metrics["hybrid.hit@5"] >= metrics[f"{other}.hit@5"] - one_case - 1e-4  # rounded to 4 places


def test_evaluate_summarises_one_mode(retriever) -> None:  # type: ignore[no-untyped-def]
    summary = evaluate(retriever, load_cases()[:5], "dense")["summary"]
    assert set(MODES) == {"hybrid", "dense", "sparse"}
    assert {"hit@1", "hit@5", "mrr", "ndcg@5", "p50_ms", "p95_ms"} <= summary.keys()
    assert 0.0 <= summary["mrr"] <= 1.0


def _feedback(path: Path, records: list[dict[str, object]], junk: str = "") -> Path:
    lines = [json.dumps(r) for r in records] + ([junk] if junk else [])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _record(question: str, rating: int, sources: list[str] | None = None, **more: object) -> dict[str, object]:
    return {
        "ts": "2026-11-26T20:00:00Z",
        "thread_id": "t-1",
        "question": question,
        "answer": f"Answer to {question}. This is not medical advice.",
        "intent": "treatment",
        "sources": sources if sources is not None else ["targeted-therapy-egfr"],
        "rating": rating,
        "comment": "",
        **more,
    }


def test_feedback_becomes_review_and_retrieval_cases(tmp_path: Path) -> None:
    out = tmp_path / "feedback_cases.yaml"
    reviewed = {
        "id": "fb-reviewed",
        "question": "Is CAR-T approved for lung cancer?",
        "must_include": ["not approved"],
        "status": "ready",
    }
    out.write_text(yaml.safe_dump({"review": [reviewed], "retrieval": []}), encoding="utf-8")
    source = _feedback(
        tmp_path / "feedback.jsonl",
        [
            _record("What is osimertinib?", -1, comment="too vague, mail me at jo@example.com"),
            _record("what is Osimertinib", -1),  # the same question again
            _record("is car-t approved for lung cancer", -1),  # already reviewed: kept as the reviewer left it
            _record("What does EGFR positive mean?", 1, ["biomarker-testing", "targeted-therapy-egfr"]),
            _record("Thanks!", 1, []),  # nothing shown to learn from
            {"question": "no rating"},
        ],
        junk="{not json",
    )
    report = convert(source, out)
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert out.read_text(encoding="utf-8").startswith("# Eval cases from user feedback")
    assert data["review"][0] == reviewed
    review = data["review"][1:]
    assert [c["question"] for c in review] == ["What is osimertinib?"]
    assert review[0]["status"] == "needs_review" and review[0]["must_include"] == []
    assert (
        review[0]["observed_sources"] == ["targeted-therapy-egfr"]
        and "not medical advice" in review[0]["observed_answer"]
    )
    assert "jo@example.com" not in review[0]["comment"] and "[EMAIL]" in review[0]["comment"]
    assert data["retrieval"] == [
        {
            "id": data["retrieval"][0]["id"],
            "q": "What does EGFR positive mean?",
            "relevant": ["biomarker-testing", "targeted-therapy-egfr"],
            "from_feedback": True,
        }
    ]
    assert (report.review_added, report.retrieval_added, report.duplicates) == (1, 1, 2)
    assert len(report.skipped) == 3  # bad JSON, no rating, thumbs-up without sources

    again = convert(source, out)  # running it twice adds nothing
    assert (again.review_added, again.retrieval_added) == (0, 0)
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == data


def test_eval_cases_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cli.main import main

    source = _feedback(tmp_path / "fb.jsonl", [_record("How is SBRT different from surgery?", -1)])
    out = tmp_path / "cases.yaml"
    assert main(["eval-cases", "--from-feedback", str(source), "--out", str(out)]) == 0
    assert "1 review cases" in capsys.readouterr().out
    assert (
        yaml.safe_load(out.read_text(encoding="utf-8"))["review"][0]["question"]
        == "How is SBRT different from surgery?"
    )
    assert main(["eval-cases", "--from-feedback", str(tmp_path / "missing.jsonl"), "--out", str(out)]) == 2


def test_feedback_cases_run_as_a_suite(bot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import evals.suites.feedback as feedback

    dataset = tmp_path / "feedback_cases.yaml"
    cases = {
        "retrieval": [
            {"id": "fbr-1", "q": "What is osimertinib?", "relevant": ["targeted-therapy-egfr"]},
            {"id": "fbr-2", "q": "What is osimertinib?", "relevant": ["hospice-care-nonexistent"]},
        ],
        "review": [
            {"id": "fb-ready", "question": "What is osimertinib?", "must_include": ["EGFR"], "status": "ready"},
            {"id": "fb-wrong", "question": "What is osimertinib?", "must_not_include": ["EGFR"], "status": "ready"},
            {"id": "fb-open", "question": "What is osimertinib?", "must_include": [], "status": "needs_review"},
        ],
    }
    dataset.write_text(yaml.safe_dump(cases), encoding="utf-8")
    monkeypatch.setattr(feedback, "DATASET", dataset)
    result = feedback.SUITE.run(context(bot))
    verdicts = {c.id: c.passed for c in result.cases}
    assert verdicts == {"fbr-1": True, "fbr-2": False, "fb-ready": True, "fb-wrong": False}  # fb-open waits for review
    assert result.metrics["retrieval.hit@5"] == 0.5 and result.metrics["answers.pass_rate"] == 0.5
