"""Scripted conversations checked turn by turn: intent, topic retrieved, wording, follow-ups.

Each dialogue runs on a fresh thread through `Chatbot.ask`, so what is checked is what a person
would see. A turn is correct when its intent is right and, for an answer from the knowledge base,
one of the expected documents is among the reply's sources; the other expectations (words in the
answer, a clarifying question or none, caregiver wording, follow-ups) make the dialogue pass.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import yaml

from answer.personal import wording
from core.text import same_wording
from evals.suite import Case, CaseResult, Context, Suite

DATASET = Path(__file__).resolve().parents[1] / "datasets" / "dialogues.yaml"
TOPIC_FREE = ("emergency", "greeting", "off_topic")


def load_cases(path: Path = DATASET) -> list[Case]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["dialogues"])


def check_turn(reply: Any, expect: dict[str, Any], asked: list[str]) -> dict[str, Any]:
    """Every expectation of one turn, each True or False, plus what the reply showed."""
    answer = reply.answer.lower()
    sources = [s.id for s in reply.sources]
    checks: dict[str, bool] = {"intent": reply.intent == expect["intent"]}
    if expect.get("topic") and expect["intent"] not in TOPIC_FREE:
        checks["topic"] = bool(set(expect["topic"]) & set(sources))
    if expect.get("answer_contains"):
        checks["answer_contains"] = any(w.lower() in answer for w in expect["answer_contains"])
    if "clarifies" in expect:
        checks["clarifies"] = (wording()["clarify_lead"].lower() in answer) == bool(expect["clarifies"])
    if expect.get("caregiver"):
        checks["caregiver"] = "as a caregiver" in answer
    if reply.intent == "emergency":
        checks["followups"] = not reply.followups
    else:
        repeats = {same_wording(q) for q in asked} & {same_wording(f) for f in reply.followups}
        checks["followups"] = 2 <= len(reply.followups) <= 4 and not repeats
    return {
        "checks": checks,
        "correct": checks["intent"] and checks.get("topic", True),
        "intent": reply.intent,
        "sources": sources[:5],
        "followups": reply.followups,
    }


def check(ctx: Context, case: Case) -> CaseResult:
    thread = f"dialogue-{case['id']}-{uuid.uuid4().hex[:8]}"
    asked: list[str] = []
    turns = []
    for turn in case["turns"]:
        asked.append(turn["user"])
        reply = ctx.bot.ask(turn["user"], thread_id=thread, profile=case.get("profile"))
        turns.append({"user": turn["user"], **check_turn(reply, turn["expect"], asked)})
    passed = all(all(t["checks"].values()) for t in turns)
    return CaseResult(id=case["id"], passed=passed, category="dialogue", details={"turns": turns})


def summarise(ctx: Context, results: list[CaseResult]) -> dict[str, float]:
    turns = [t for r in results for t in r.details["turns"]]
    n = len(turns) or 1
    metrics = {
        "turn_accuracy": round(sum(t["correct"] for t in turns) / n, 4),
        "dialogues_passed": round(sum(r.passed for r in results) / (len(results) or 1), 4),
    }
    for name in ("intent", "topic", "answer_contains", "clarifies", "caregiver", "followups"):
        checked = [t["checks"][name] for t in turns if name in t["checks"]]
        if checked:
            metrics[f"check.{name}"] = round(sum(checked) / len(checked), 4)
    return metrics


SUITE = Suite(
    name="dialogues",
    description="Scripted multi-turn conversations (evals/datasets/dialogues.yaml), checked turn by turn.",
    load=load_cases,
    check=check,
    summarise=summarise,
)
