"""Fetch every section the answer may use: for each part of the question, and the opening document's
care-team questions and further reading. Composition never calls the retriever itself."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from langgraph.runtime import Runtime

from answer import question_parts
from core.text import asks, refers_back
from vectorstore.retriever import Passage, RetrievalContext

from .context import Context
from .state import State

PART_DEPTH = 3  # sections fetched for each further part of a question
# A word that points at a thing told before the question ('Is it to do with lung cancer?'); 'they' more often
# means the doctors ('what treatment do they give?'), and the 'it' of 'is it time for hospice' or 'is it safe
# to' points at nothing.
POINTS_AT_CONTEXT = re.compile(r"\b(?:it|this|that|these|those)\b", re.IGNORECASE)
EMPTY_IT = re.compile(r"\bit\s+(?:\w+\s+){1,2}?(?:to|for|that|if)\b", re.IGNORECASE)


def points_at_context(asked: str) -> bool:
    return bool(POINTS_AT_CONTEXT.search(EMPTY_IT.sub(" ", asked)))


def retrieval_context(state: State) -> RetrievalContext:
    profile = state.get("profile") or {}
    known = state.get("entities") or {}
    return RetrievalContext(
        intent=state.get("intent"),
        histology=profile.get("histology") or known.get("histology"),
        stage=known.get("stage") or profile.get("stage"),
        biomarkers=tuple(profile.get("biomarkers") or known.get("biomarkers") or ()),
        language=state.get("language") or "en",
    )


def merged(whole: list[Passage], asked: list[Passage]) -> list[Passage]:
    """The sections found for the whole message and for what it asks, best first: a section found by
    both keeps its higher score, and is held to the reading of the question whose words it holds best."""
    best: dict[str, Passage] = {}
    for p in sorted([*whole, *asked], key=lambda p: p.score):  # the higher score wins
        before = best.get(p.key)
        best[p.key] = replace(p, coverage=max(p.coverage, before.coverage)) if before else p
    return sorted(best.values(), key=lambda p: p.score, reverse=True)[: len(whole)]


def retrieve(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    retriever = runtime.context.retriever
    context = retrieval_context(state)
    question = state["standalone"]
    passages: list[Passage] = retriever.search(question, context=context)
    parts = question_parts(question)
    feeling = "distress" in state.get("flags", [])
    if feeling:  # "I'm so scared, am I going to die?": the feeling is acknowledged apart; what is asked leads
        parts = [p for p in parts if asks(p)] or parts
    # What the message asks, without the context around it, may match better; unless it points back into that
    # context ("My GP said clubbing. Is it to do with lung cancer?"), which only the whole message can read.
    # A feeling does not change this: "I have never smoked. How on earth did I get lung cancer??" needs the story.
    if parts[0] != question and not points_at_context(parts[0]):
        passages = merged(passages, retriever.search(parts[0], context=context))
    if len(parts) > 1:
        for number, part in enumerate(parts[1:], start=1):
            # 'What is KRAS G12C and is there a drug for it?': 'it' is read with what the first part names.
            query = f"{parts[0]} {part}" if refers_back(part) else part
            found = retriever.search(query, k=PART_DEPTH, context=context)
            passages += [replace(p, part=number) for p in found]
    if passages:
        top = passages[0].doc_id
        passages += retriever.sections(top, "care_team") + retriever.sections(top, "learn_more")
    return {"passages": passages}
