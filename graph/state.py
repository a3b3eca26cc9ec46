"""Typed state: a narrow input (what the caller gives) and the richer state the nodes share."""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict

from chatbot.entities import Entities
from vectorstore.retriever import Passage


class Turn(TypedDict):
    role: str  # "user" or "assistant"
    content: str  # stored text: personal details redacted
    intent: str


class InputState(TypedDict):
    question: str
    profile: dict[str, Any]


class State(InputState, total=False):
    # Kept across turns by the checkpointer.
    history: Annotated[list[Turn], operator.add]
    entities: Entities
    last_standalone: str
    # Reset by input_guard at the start of every turn.
    route: str
    language: str  # of the person's message, ISO 639-1
    stored_question: str
    flags: list[str]
    notes: list[str]
    emergency_reasons: list[str]
    answerable: str  # the part of the message to answer (injection removed)
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


def user_messages(state: State) -> list[Turn]:
    """The person's earlier messages in this thread (stored, so redacted), oldest first."""
    return [t for t in state.get("history", []) if t["role"] == "user"]
