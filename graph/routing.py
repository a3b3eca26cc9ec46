"""Pure routing functions; an unknown route is a bug and raises."""

from __future__ import annotations

from typing import Literal

from .state import State


def route_after_input(state: State) -> Literal["escalate", "fixed_reply", "classify"]:
    route = state.get("route")
    if route == "escalate":
        return "escalate"
    if route in ("greeting", "off_topic", "injection_only", "rail_error"):
        return "fixed_reply"
    if route == "answer":
        return "classify"
    raise ValueError(f"unknown route after input_guard: {route!r}")


def route_after_personalise(state: State) -> Literal["warn_first", "output_guard"]:
    """A possible emergency gets what to do now above the answer, before the output rails read it all."""
    flags = state.get("flags", [])
    return "warn_first" if "possible_emergency" in flags else "output_guard"
