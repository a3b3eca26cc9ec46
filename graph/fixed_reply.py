"""Greeting, off-topic and injection-only messages get a fixed, polite reply."""

from __future__ import annotations

from typing import Any

from core.replies import get_replies

from .state import State

REPLY_FOR_ROUTE = {
    "greeting": "greeting",
    "off_topic": "off_topic",
    "injection_only": "injection_only",
    "rail_error": "rail_error",
}


def fixed_reply(state: State) -> dict[str, Any]:
    route = state["route"]
    if route not in REPLY_FOR_ROUTE:
        raise ValueError(f"no fixed reply for route {route!r}")
    intent = "greeting" if route == "greeting" else "off_topic"
    answer = get_replies().text(REPLY_FOR_ROUTE[route])
    update: dict[str, Any] = {"answer": answer, "intent": intent, "sources": [], "grounding": [answer]}
    if route == "rail_error":
        update.update(flags=["rail_error"], blocked=True)
    return update
