"""Emergencies and self-harm: the escalating rails' reply, and nothing else."""

from __future__ import annotations

from typing import Any

from rails.escalation import escalation_reply

from .state import State


def escalate(state: State) -> dict[str, Any]:
    answer = escalation_reply(
        list(state.get("flags", [])), list(state.get("emergency_reasons", [])), state.get("language", "en")
    )
    return {"answer": answer, "intent": "emergency", "followups": [], "sources": [], "grounding": [answer]}
