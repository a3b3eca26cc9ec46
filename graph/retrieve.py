"""Hybrid retrieval for the standalone question, steered by intent and profile."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from vectorstore.retriever import RetrievalContext

from .resources import get_retriever
from .state import State


def retrieve(state: State) -> dict[str, Any]:
    profile = state.get("profile") or {}
    known = state.get("entities") or {}
    context = RetrievalContext(
        intent=state.get("intent"),
        histology=profile.get("histology") or known.get("histology"),
        stage=known.get("stage") or profile.get("stage"),
        biomarkers=tuple(profile.get("biomarkers") or known.get("biomarkers") or ()),
    )
    passages = get_retriever().search(state["standalone"], context=context)
    return {"passages": [asdict(p) for p in passages]}
