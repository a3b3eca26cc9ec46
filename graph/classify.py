"""Intent, entities and the standalone question; the rules' verdicts outrank the classifier."""

from __future__ import annotations

import re
from typing import Any

from langgraph.runtime import Runtime

from answer import personal
from answer.intent import from_ranking
from core import entities as ent
from core.models import CONTENT_INTENTS

from .context import Context
from .state import State, user_messages

# The input rails already judged greeting, scope, emergencies and dose questions with the learned
# risk reading, so a message here gets a topic label (or dosing, when the rails flagged it).
ANSWERABLE = CONTENT_INTENTS
PRIOR_WEIGHT = 0.25
MARKUP = re.compile(r"<[^>]{0,200}>")  # tags pasted with a question are never part of what it asks


def previous_intent(state: State) -> str | None:
    users = user_messages(state)
    return users[-1]["intent"] if users else None


def with_prior(ranked: list[tuple[str, float]], kind: str, previous: str | None) -> list[tuple[str, float]]:
    """A follow-up leans towards the topic of the turn before: "what are the phases?" after a trial
    question is about trials. A clear new topic ("what are its side effects?") still wins."""
    if kind not in ("follow_up", "swap", "short") or previous not in CONTENT_INTENTS:
        return ranked
    mixed = [(c, (1 - PRIOR_WEIGHT) * p + (PRIOR_WEIGHT if c == previous else 0.0)) for c, p in ranked]
    return sorted(mixed, key=lambda cp: -cp[1])


def classify(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    text = MARKUP.sub(" ", state.get("answerable") or state["question"])
    reading = ent.read_message(text, state.get("entities") or {}, state.get("last_standalone"))
    profile = state.get("profile") or {}
    if "dosing_request" in state.get("flags", []):
        intent, confidence = "dosing", 1.0
    else:
        ranked = with_prior(
            runtime.context.intent_model.ranked(reading.standalone), reading.kind, previous_intent(state)
        )
        intent, confidence = from_ranking(ranked, ANSWERABLE)
    # The latest word on who is asking wins: this message, else a switch of the profile's role.
    role = personal.settle_role(profile, state.get("entities") or {}, reading.role)
    entities: ent.Entities = {**reading.entities, **role}
    # What the person told about the cancer steers the search when the answer depends on it.
    known = personal.search_context(intent, reading.standalone, profile, entities)
    standalone = f"{reading.standalone} ({known})" if known else reading.standalone
    return {
        "intent": intent,
        "intent_confidence": confidence,
        "standalone": standalone,
        "entities": entities,
        "last_standalone": standalone,
    }
