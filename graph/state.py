"""Typed state: a narrow input (what the caller gives) and the richer state the nodes share.

Fields kept across turns live in `Kept`; every field of `TurnState` starts each turn empty
(`fresh_turn`, read from the types, so a new field cannot be forgotten). Flags and notes gather
through reducers: a node returns only what it adds.
"""

from __future__ import annotations

import operator
from functools import lru_cache
from typing import Annotated, Any, TypedDict, get_origin, get_type_hints

from langgraph.types import Overwrite

from core.entities import Entities
from vectorstore.retriever import Passage


def add_new(current: list[str], update: list[str]) -> list[str]:
    """Flags: each said once, in the order first raised."""
    return [*current, *(f for f in dict.fromkeys(update) if f not in current)]


class Turn(TypedDict):
    role: str  # "user" or "assistant"
    content: str  # stored text: personal details redacted
    intent: str


class InputState(TypedDict):
    question: str
    profile: dict[str, Any]


class Kept(TypedDict, total=False):
    """Kept across turns by the checkpointer."""

    history: Annotated[list[Turn], operator.add]
    entities: Entities
    last_standalone: str


class TurnState(TypedDict, total=False):
    """This turn's work: empty again when the next message arrives."""

    route: str
    language: str  # of the person's message, ISO 639-1
    stored_question: str
    flags: Annotated[list[str], add_new]
    notes: Annotated[list[str], operator.add]
    emergency_reasons: list[str]
    answerable: str  # the part of the message to answer (injection removed)
    asks_about_place: bool  # what is asked names a particular place: local facts the knowledge base lacks
    intent: str
    intent_confidence: float
    standalone: str
    passages: list[Passage]  # whole sections, best first, plus the opening document's care-team questions and reading
    shown: list[str]  # keys of the sections the answer shows
    grounding: list[str]  # every text the answer may draw from: passages, sections, fixed phrases
    answer: str
    sources: list[dict[str, Any]]
    followups: list[str]
    blocked: bool


class State(InputState, Kept, TurnState, total=False):
    pass


_EMPTY: dict[Any, Any] = {str: "", float: 0.0, bool: False}
GATHERED = object()  # a field a reducer gathers into: replaced whole at the start of a turn
LIST = object()


@lru_cache(maxsize=1)
def _turn_fields() -> tuple[tuple[str, Any], ...]:
    """Each per-turn field and how it starts empty, read from the types once rather than on every turn."""
    out = []
    for name, hint in get_type_hints(TurnState, include_extras=True).items():
        origin = get_origin(hint)
        out.append((name, GATHERED if origin is Annotated else LIST if origin is list else _EMPTY[hint]))
    return tuple(out)


def fresh_turn() -> dict[str, Any]:
    """Every per-turn field at its empty value (a gathered list is replaced, not added to)."""
    fresh: dict[str, Any] = {}
    for name, empty in _turn_fields():
        fresh[name] = Overwrite(value=[]) if empty is GATHERED else [] if empty is LIST else empty
    return fresh


def user_messages(state: State) -> list[Turn]:
    """The person's earlier messages in this thread (stored, so redacted), oldest first."""
    return [t for t in state.get("history", []) if t["role"] == "user"]
