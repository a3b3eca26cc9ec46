"""Last nodes of a turn: follow-up suggestions, and both sides of the turn added to the history."""

from __future__ import annotations

from typing import Any

from answer.suggest import from_sections, starters

from .state import State, Turn, user_messages


def record_turn(state: State, followups: list[str]) -> dict[str, Any]:
    turns: list[Turn] = [
        {"role": "user", "content": state.get("stored_question", ""), "intent": state.get("intent", "")},
        {"role": "assistant", "content": state.get("answer", ""), "intent": state.get("intent", "")},
    ]
    return {"followups": followups, "history": turns}


def _asked(state: State) -> list[str]:
    return [t["content"] for t in user_messages(state)] + [state.get("question", "")]


def suggest(state: State) -> dict[str, Any]:
    if state.get("intent") == "emergency":
        return record_turn(state, [])
    asked = _asked(state)
    followups = from_sections(list(state.get("passages", [])), list(state.get("shown", [])), asked)
    return record_turn(state, followups or starters(asked))


def finish(state: State) -> dict[str, Any]:
    """End of an escalation or fixed reply: no topic follow-ups for emergencies, examples otherwise."""
    if state.get("intent") == "emergency":
        return record_turn(state, [])
    return record_turn(state, starters(_asked(state)))
