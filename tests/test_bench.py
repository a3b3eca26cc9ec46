"""The bench suite on a few turns and a small corpus: every measure present, next to its naive baseline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.settings import get_settings
from evals.suite import Context
from evals.suites import bench
from evals.suites.bench import STEPS, SUITE

SMALL_CORPUS = ("what-is-lung-cancer", "targeted-therapy-egfr", "nsclc-types")


@pytest.mark.slow  # another process
def test_bench_measures_everything_next_to_the_naive_baseline(
    bot: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench, "COLD_RUNS", 1)
    monkeypatch.setattr(bench, "UI_RUNS", 2)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc in SMALL_CORPUS:  # the fresh-process builds only need to run, not to take long
        shutil.copy(get_settings().corpus_dir / f"{doc}.md", corpus / f"{doc}.md")
    settings = get_settings().model_copy(update={"corpus_dir": corpus, "bench_turns": 6})
    ctx = Context(settings=settings, progress=False)
    ctx.__dict__["bot"] = bot

    result = SUITE.run(ctx)

    by_id = {c.id: c for c in result.cases}
    assert set(by_id) == set(STEPS)
    assert all(c.passed for c in result.cases), [(c.id, c.details) for c in result.cases if not c.passed]
    m = result.metrics
    assert m["turn.n"] == 6
    assert by_id["turns"].details["naive"]["n"] == by_id["turns"].details["rails_off"]["n"] == 6
    for measure in ("turn.p50", "turn.p95"):
        assert m[f"{measure}_ratio"] == round(m[f"{measure}_ms"] / m[f"naive.{measure}_ms"], 3)
    for measure in ("cold_start.s", "ingest.s", "peak_rss.mb", "ingest.peak_rss.mb"):
        assert m[measure] > 0 and m[f"naive.{measure}"] > 0
    assert {
        "cold_start.ratio",
        "ingest.ratio",
        "peak_rss.ratio",
        "rails.p95_ratio",
        "rails.p95_overhead_ms",
    } <= m.keys()
    for node in ("input_guard", "classify", "retrieve", "compose", "output_guard", "suggest"):
        assert m[f"node.{node}.p95_ms"] >= m[f"node.{node}.p50_ms"] > 0
    builds = by_id["build_and_start"].details
    assert builds["ours"]["ingest"]["chunks"] >= builds["naive"]["ingest"]["chunks"] > 0  # and the stated questions
    assert len(builds["ours"]["cold"]["runs_s"]) == len(builds["naive"]["cold"]["runs_s"]) == 1
    # The first start, which trains the learned rails, is timed apart from the cold starts compared.
    assert builds["ours"]["first_start"]["answered"] and m["first_start.s"] > 0

    assert {row["measure"] for row in result.extra["versus_naive"]} >= {"warm turn p95", "cold start", "ingest"}
    assert all(row["ratio"] for row in result.extra["versus_naive"])
    assert "node retrieve" in result.extra["latency"] and "turn, naive" in result.extra["latency"]
    assert [t["target_ms"] for t in result.extra["targets"]][:2] == [80.0, 200.0]
    # The first answer on a warm server: Enter to the answer on screen, through the served chat in Chromium.
    ui = by_id["ui"].details
    if "skipped" not in ui:
        assert len(ui["visits"]) == 2 and 0 < m["ui.first_answer.s"] <= m["ui.first_answer.max_s"]
        assert m["ui.whole_answer.s"] >= m["ui.first_answer.s"] and m["ui.load_avg_1m"] >= 0
        assert result.extra["targets"][2]["target_ms"] == 2000.0
        assert result.extra["first_answer_on_a_warm_server"]["cpus"] > 0

    # The product's own Chatbot kept its rails: a dosing question is still caught.
    reply = bot.ask("How many mg of osimertinib should I take?")  # type: ignore[attr-defined]
    assert reply.intent == "dosing" and "dosing_request" in reply.safety.flags


def test_two_chatbots_in_one_process_keep_their_own_rails(bot: object) -> None:
    """The bench's rails-off Chatbot and the product's share the index, not the rails."""
    from chatbot import Chatbot

    unguarded = Chatbot(bot.settings.model_copy(update={"input_rails": [], "output_rails": []}), build_index=False)  # type: ignore[attr-defined]
    # The personal-details rail shows plainly whether the input rails ran (the classifier alone
    # still recognises a dose question, so that cannot tell).
    question = "My email is jo@example.com. What is osimertinib?"
    assert "pii_redacted" not in unguarded.ask(question).safety.flags
    assert "pii_redacted" in bot.ask(question).safety.flags  # type: ignore[attr-defined]
    assert unguarded.context.retriever.client is bot.context.retriever.client  # type: ignore[attr-defined]
