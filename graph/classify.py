"""Intent, entities and the standalone question; the rules' verdicts outrank the classifier."""

from __future__ import annotations

from typing import Any

from chatbot import entities as ent
from chatbot import personal
from chatbot.intent import from_ranking
from chatbot.intent_model import get_intent_model
from chatbot.models import CONTENT_INTENTS

from .state import State

# The input rails already judged greeting and scope, so a message here gets a topic label, or a
# safety label when the classifier sees an emergency or a dose question the rules missed.
ANSWERABLE = (*CONTENT_INTENTS, "dosing", "emergency")


def classify(state: State) -> dict[str, Any]:
    text = state.get("answerable") or state["question"]
    reading = ent.read_message(text, state.get("entities") or {}, state.get("last_standalone"))
    flags = list(state.get("flags", []))
    if "dosing_request" in flags:
        intent, confidence = "dosing", 1.0
    else:
        intent, confidence = from_ranking(get_intent_model().ranked(reading.standalone), ANSWERABLE)
        flag = {"dosing": "dosing_request", "emergency": "emergency"}.get(intent)
        if flag and flag not in flags:
            flags.append(flag)
    # What the person told about the cancer steers the search when the answer depends on it.
    known = personal.search_context(intent, reading.standalone, state.get("profile") or {}, reading.entities)
    standalone = f"{reading.standalone} ({known})" if known else reading.standalone
    return {
        "intent": intent,
        "intent_confidence": confidence,
        "standalone": standalone,
        "entities": reading.entities,
        "last_standalone": standalone,
        "flags": flags,
    }
