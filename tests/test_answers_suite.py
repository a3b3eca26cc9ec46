"""The answers suite tells a fact that retrieval never found from one the composer left out."""

from __future__ import annotations

from typing import Any

from core.models import Reply
from evals.suite import Context
from evals.suites.answers import SUITE

ANSWER = "Limited-stage SCLC is treated with chemoradiation. This is not medical advice."


class CannedBot:
    """Answers every question the same way, drawing from the given passages."""

    def __init__(self, grounding: list[str]) -> None:
        self.grounding = grounding

    def ask(self, question: str, thread_id: str, profile: Any = None) -> Reply:
        return Reply(answer=ANSWER, intent="treatment", thread_id=thread_id)

    def last_grounding(self, thread_id: str) -> list[str]:
        return [*self.grounding, ANSWER]


def run(grounding: list[str]) -> tuple[list[str], dict[str, float]]:
    ctx = Context()
    ctx.__dict__["bot"] = CannedBot(grounding)
    case = {"id": "c", "question": "How is it treated?", "must_include": ["chemoradiation", "etoposide"]}
    result = SUITE.check(ctx, case)
    return result.details["problems"], SUITE.summarise(ctx, [result])


def test_a_fact_in_the_passages_but_not_in_the_answer_is_the_composers_miss() -> None:
    problems, metrics = run(["The chemo is cisplatin or carboplatin with etoposide."])
    assert problems == ["missing ['etoposide'] (retrieved, not shown)"]
    assert metrics["facts_retrieved_rate"] == 1.0 and metrics["pass_rate"] == 0.0


def test_a_fact_no_passage_holds_is_retrievals_miss() -> None:
    problems, metrics = run(["Radiation is given in short sessions."])
    assert problems == ["missing ['etoposide'] (not retrieved: ['etoposide'])"]
    assert metrics["facts_retrieved_rate"] == 0.0


def test_eval_turns_stay_out_of_the_persons_own_store_and_log(bot: Any) -> None:
    ctx = Context(bot.settings)
    ctx.bot.ask("What is osimertinib?", thread_id="eval-only-turn")
    assert "thread=eval-only-turn" in ctx.settings.log_path.read_text(encoding="utf-8")
    own_log = bot.settings.log_path
    assert not own_log.exists() or "eval-only-turn" not in own_log.read_text(encoding="utf-8")
    assert bot.history("eval-only-turn") == []


def test_a_fact_is_matched_as_whole_words_and_a_sign_after_a_number_counts() -> None:
    from evals.suites.answers import _contains

    assert not _contains("treatment for nsclc", "sclc")
    assert _contains("about 65% of people", "%") and _contains("about 65 percent", ["%", "percent"])
    assert _contains("the 5-year survival", "5-year") and not _contains("the 15-year survival", "5-year")
