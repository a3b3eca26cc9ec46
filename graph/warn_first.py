"""A possible emergency (not surely one): what to do now comes first, above the answer."""

from __future__ import annotations

from typing import Any

from rails.emergency import SEMANTIC_REASON, possible_emergency_lines, reason_lines

from .state import State


def warn_first(state: State) -> dict[str, Any]:
    # A red flag the message names ("blood when I coughed") is said too: when it needs the emergency number.
    named = [r for r in state.get("emergency_reasons", []) if r != SEMANTIC_REASON]
    lines = "\n\n".join([possible_emergency_lines(), *([reason_lines(named)] if named else [])])
    return {
        "answer": f"{lines}\n\n{state.get('answer', '')}",
        "grounding": [*state.get("grounding", []), lines],
        "intent": "emergency",
    }
