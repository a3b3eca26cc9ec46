"""Intent, entities and the standalone question; the rules' verdicts outrank the classifier."""

from __future__ import annotations

from typing import Any

from chatbot import entities as ent
from chatbot.intent_model import get_intent_model
from chatbot.models import CONTENT_INTENTS
from vectorstore.embeddings import get_embedder

from .state import State


def classify(state: State) -> dict[str, Any]:
    text = state.get("answerable") or state["question"]
    previous = state.get("entities") or {}
    found = ent.extract(text)
    standalone = ent.standalone_question(text, found, previous, state.get("last_standalone"))
    merged = ent.merge(previous, found)
    model = get_intent_model()
    probs = model.probabilities(get_embedder().embed([standalone]))[0]
    ranked = sorted(zip(model.classes, probs, strict=True), key=lambda cp: cp[1], reverse=True)
    if "dosing_request" in state.get("flags", []):
        intent, confidence = "dosing", 1.0
    else:
        # The input rails already judged escalation, greeting and scope: answer with a content label.
        intent, confidence = next((c, float(p)) for c, p in ranked if c in CONTENT_INTENTS)
    return {
        "intent": intent,
        "intent_confidence": confidence,
        "standalone": standalone,
        "entities": merged,
        "last_standalone": standalone,
    }
