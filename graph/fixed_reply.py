"""Greeting, off-topic and injection-only messages get a fixed, polite reply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.replies import get_replies
from rails.prompt_injection import injection_only_reply
from rails.scope import scope_reply

from .state import State

# Route -> its reply: the product's own for small talk and a rail that failed, the rail's own otherwise.
REPLY_FOR_ROUTE: dict[str, Callable[[], str]] = {
    "greeting": lambda: get_replies().text("greeting"),
    "off_topic": lambda: scope_reply().text(),
    "injection_only": lambda: injection_only_reply().text(),
    "rail_error": lambda: get_replies().text("rail_error"),
}


def fixed_reply(state: State) -> dict[str, Any]:
    route = state["route"]
    if route not in REPLY_FOR_ROUTE:
        raise ValueError(f"no fixed reply for route {route!r}")
    intent = "greeting" if route == "greeting" else "off_topic"
    answer = REPLY_FOR_ROUTE[route]()
    update: dict[str, Any] = {"answer": answer, "intent": intent, "sources": [], "grounding": [answer]}
    if route == "rail_error":
        update.update(flags=["rail_error"], blocked=True)
    return update
