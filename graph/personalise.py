"""After compose: the answer in a caregiver's terms, and one question for a missing detail."""

from __future__ import annotations

from typing import Any

from answer import personal
from answer.personalise import before_disclaimer, caregiver_wording, clarifying_question

from .state import State


def personalise(state: State) -> dict[str, Any]:
    answer = state.get("answer", "")
    if not state.get("sources"):  # a fixed reply (nothing found): nothing to tailor
        return {}
    profile = state.get("profile") or {}
    entities = state.get("entities") or {}
    # What is added here is the product's own wording: it joins the grounding the rails check against.
    added: list[str] = []
    if personal.is_caregiver(profile, entities):
        answer, added = caregiver_wording(answer, personal.whose(profile, entities))
    said_before = [t["content"] for t in state.get("history", []) if t["role"] == "assistant"]
    question = clarifying_question(state.get("intent", ""), state.get("standalone", ""), profile, entities, said_before)
    if question:
        answer = before_disclaimer(answer, question)
        added.append(question)
    return {"answer": answer, "grounding": [*state.get("grounding", []), *added]}
