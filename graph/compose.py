"""The compose node: hands the retrieved sections to the answer package, or to the optional LLM."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from answer import compose_answer, dosing_answer
from answer.compose import source_of
from answer.llm_phrase import phrase
from core.drugs import get_lexicon
from core.replies import get_replies, in_language

from .context import Context
from .state import State


def compose(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    passages = list(state.get("passages", []))
    language = state.get("language", "en")
    question = state["standalone"]
    if state.get("intent") == "dosing":
        medicines = [d.generic for d in get_lexicon().find(question)]
        return _update(dosing_answer(medicines), language)
    answer = compose_answer(
        question,
        passages,
        state.get("profile"),
        feeling="distress" in state.get("flags", []),
        about_a_place=state.get("asks_about_place", False),
        message=state.get("question"),
    )
    if not answer.answered:
        return {**_update(answer, language), "notes": ["no section answers the question closely enough"]}
    model = runtime.context.chat_model
    if model is not None:
        content = [p for p in passages if p.kind == "content"]
        phrased, notes = phrase(model, question, content, runtime.context.output_rails)
        if phrased is not None:
            grounding = [p.text for p in content] + [get_replies().disclaimer]
            sources = [source_of(p) for p in content]
            return {"answer": phrased, "sources": sources, "grounding": grounding, "notes": notes}
        return {**_update(answer, language), "notes": notes}
    return _update(answer, language)


def _update(answer: Any, language: str = "en") -> dict[str, Any]:
    """The answer, with a first line in the person's language when they wrote in another one."""
    first = in_language(language, "answered_in_english")
    text = f"{first}\n\n{answer.text}" if first else answer.text
    grounding = [*answer.grounding, first] if first else answer.grounding
    return {"answer": text, "sources": answer.sources, "grounding": grounding, "shown": answer.shown}
