"""Every composed answer passes the output Guard; any rail failure gives the fixed safe reply."""

from __future__ import annotations

from typing import Any

from chatbot.replies import get_replies

from .resources import get_output_guard
from .state import State, user_messages


def output_guard(state: State) -> dict[str, Any]:
    flags = list(state.get("flags", []))
    try:
        result = get_output_guard().check(state["answer"], question=_asked(state), grounding=state.get("grounding"))
    except Exception as exc:  # noqa: BLE001 - any failure in a rail, or in building the Guard, fails closed
        return {
            "answer": get_replies().text("rail_error"),
            "sources": [],
            "flags": [*flags, "rail_error"],
            "notes": [*state.get("notes", []), f"rail error: {exc}"],
            "blocked": True,
        }
    # Only how many: a removed sentence may hold the very dose that must not reach the user.
    notes = [
        *state.get("notes", []),
        *([f"{len(result.removed)} sentence(s) removed by the rails"] if result.removed else []),
    ]
    return {"answer": result.text, "flags": flags + [f for f in result.flags if f not in flags], "notes": notes}


def _asked(state: State) -> str:
    """Everything the person said in this thread, so numbers from earlier turns are not echoed either."""
    earlier = [t["content"] for t in user_messages(state)]
    return "\n".join([*earlier, state["question"]])
