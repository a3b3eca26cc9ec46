"""A possible emergency (read by the learned model alone, not surely): what to do now comes first, above the answer."""

from __future__ import annotations

from typing import Any

from rails.emergency import possible_emergency_lines

from .state import State


def warn_first(state: State) -> dict[str, Any]:
    lines = possible_emergency_lines()
    return {
        "answer": f"{lines}\n\n{state.get('answer', '')}",
        "grounding": [*state.get("grounding", []), lines],
        "intent": "emergency",
    }
