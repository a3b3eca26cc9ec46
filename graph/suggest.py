"""Follow-up questions from the topic and the conversation, never one already asked."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .state import State, Turn

FOLLOWUPS_FILE = Path(__file__).resolve().parent.parent / "chatbot" / "data" / "followups.yaml"
MAX_FOLLOWUPS = 3


@lru_cache(maxsize=1)
def _templates() -> dict[str, Any]:
    return dict(yaml.safe_load(FOLLOWUPS_FILE.read_text(encoding="utf-8")))


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


def followups_for(intent: str, entities: dict[str, Any], asked: list[str]) -> list[str]:
    templates = _templates()
    candidates: list[str] = []
    drugs = entities.get("drugs") or []
    if drugs:
        candidates += [t.format(drug=drugs[0]) for t in templates["with_drug"]]
    markers = entities.get("biomarkers") or []
    if markers:
        candidates += [t.format(biomarker=markers[0]) for t in templates["with_biomarker"]]
    treatments = entities.get("treatments") or []
    if treatments:
        candidates += [t.format(treatment=treatments[0]) for t in templates["with_treatment"]]
    candidates += templates["by_intent"].get(intent, [])
    seen = {_norm(q) for q in asked}
    out: list[str] = []
    for candidate in candidates:
        key = _norm(candidate)
        if key not in seen and candidate not in out:
            out.append(candidate)
            seen.add(key)
        if len(out) == MAX_FOLLOWUPS:
            break
    return out


def record_turn(state: State, followups: list[str]) -> dict[str, Any]:
    """The turn's last update: follow-ups, and both sides of the turn added to the stored history."""
    turns: list[Turn] = [
        {"role": "user", "content": state.get("stored_question", ""), "intent": state.get("intent", "")},
        {"role": "assistant", "content": state.get("answer", ""), "intent": state.get("intent", "")},
    ]
    return {"followups": followups, "history": turns}


def suggest(state: State) -> dict[str, Any]:
    asked = [t["content"] for t in state.get("history", []) if t["role"] == "user"]
    asked.append(state.get("question", ""))
    followups = followups_for(state.get("intent", ""), dict(state.get("entities") or {}), asked)
    return record_turn(state, followups)


def finish(state: State) -> dict[str, Any]:
    """End of an escalation or fixed reply: no topic follow-ups for emergencies, examples otherwise."""
    if state.get("intent") == "emergency":
        return record_turn(state, [])
    return suggest(state)
