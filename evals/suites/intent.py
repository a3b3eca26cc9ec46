"""Intent on the held-out split: the decision (rules + classifier), the classifier alone, and the agent.

The classifier measured here is trained on the training split only, so none of these messages
was seen in training; the agent's own model is trained on every example. `agent_accuracy` asks
the whole agent (`Chatbot.ask`, a fresh thread per message), so it also counts what the input
rails decide before the classifier is consulted (scope, greetings).
"""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

from answer.intent import decide
from answer.intent_model import get_holdout_model, load_examples, split_examples
from core.models import INTENTS
from evals.suite import Case, CaseResult, Context, Suite


def load_cases() -> list[Case]:
    _, held_out = split_examples(load_examples())
    return [{"id": f"{label}-{i:03d}", "text": text, "label": label} for i, (text, label) in enumerate(held_out)]


def check(ctx: Context, case: Case) -> CaseResult:
    decision = decide(case["text"], get_holdout_model(ctx.settings.built_dir))
    agent = ctx.bot.ask(case["text"], thread_id=f"intent-{case['id']}-{uuid.uuid4().hex[:8]}").intent
    return CaseResult(
        id=case["id"],
        passed=decision.intent == case["label"],
        category=case["label"],
        details={
            "text": case["text"],
            "expected": case["label"],
            "predicted": decision.intent,
            "classifier": decision.classifier_intent,
            "agent": agent,
            "source": decision.source,
            "confidence": round(decision.confidence, 3),
        },
    )


def summarise(ctx: Context, results: list[CaseResult]) -> dict[str, float]:
    n = len(results) or 1
    metrics = {
        "accuracy": round(sum(r.passed for r in results) / n, 4),
        "classifier_accuracy": round(sum(r.details["classifier"] == r.details["expected"] for r in results) / n, 4),
        "agent_accuracy": round(sum(r.details["agent"] == r.details["expected"] for r in results) / n, 4),
    }
    for label in INTENTS:
        actual = [r for r in results if r.details["expected"] == label]
        predicted = [r for r in results if r.details["predicted"] == label]
        metrics[f"recall.{label}"] = round(sum(r.passed for r in actual) / len(actual), 4) if actual else 1.0
        metrics[f"precision.{label}"] = (
            round(sum(r.passed for r in predicted) / len(predicted), 4) if predicted else 1.0
        )
    return metrics


def extra(ctx: Context, results: list[CaseResult]) -> dict[str, Any]:
    """Confusion matrix (rows: expected, columns: predicted) and the training regularisation chosen."""
    counts = Counter((r.details["expected"], r.details["predicted"]) for r in results)
    return {
        "labels": list(INTENTS),
        "confusion": {e: {p: counts[(e, p)] for p in INTENTS if counts[(e, p)]} for e in INTENTS},
        "train_size": len(split_examples(load_examples())[0]),
        "c": get_holdout_model(ctx.settings.built_dir).c,
    }


SUITE = Suite(
    name="intent",
    description="Intent labels on the seeded, stratified held-out split of core/data/intents.yaml.",
    load=load_cases,
    check=check,
    summarise=summarise,
    extra=extra,
)
