"""Every composed answer passes the output rails; any rail failure gives the fixed safe reply."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from core.replies import get_replies

from .context import Context
from .state import State, user_messages


def output_guard(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    try:
        result = runtime.context.output_rails.check(
            state["answer"], question=_asked(state), grounding=state.get("grounding")
        )
    except Exception as exc:  # noqa: BLE001 - any failure in a rail, or in building the Guard, fails closed
        return {
            "answer": get_replies().text("rail_error"),
            "sources": [],
            "flags": ["rail_error"],
            "notes": [f"rail error: {exc}"],
            "blocked": True,
        }
    # Only how many: a removed sentence may hold the very dose that must not reach the user.
    notes = [f"{len(result.removed)} sentence(s) removed by the rails"] if result.removed else []
    return {"answer": result.text, "flags": list(result.flags), "notes": notes}


def _asked(state: State) -> str:
    """Everything the person said in this thread, so numbers from earlier turns are not echoed either."""
    earlier = [t["content"] for t in user_messages(state)]
    return "\n".join([*earlier, state["question"]])
