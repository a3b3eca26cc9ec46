"""Optional LLM phrasing: the model sees only the retrieved passages and must cite them.

Its answer passes the same output rails as the grounded composer; a rail that had to remove
anything, a missing citation or an error in the model gives one re-ask, then the grounded answer.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from rails.output_rails import OutputRails
from vectorstore.retriever import Passage

PROMPTS = Path(__file__).resolve().parent / "data" / "prompts.yaml"
CITATION = re.compile(r"\[(\d+)\]")
REMOVAL_FLAGS = {"ungrounded_removed", "dosing_removed", "individual_claim_removed", "medication_change_removed"}
ATTEMPTS = 2  # the first answer and one re-ask


@lru_cache(maxsize=1)
def prompts() -> dict[str, str]:
    return dict(yaml.safe_load(PROMPTS.read_text(encoding="utf-8")))


def messages(question: str, passages: list[Passage]) -> list[BaseMessage]:
    numbered = "\n\n".join(f"[{i}] {p.title}, {p.section}: {p.text}" for i, p in enumerate(passages, start=1))
    return [
        SystemMessage(prompts()["answer_system"]),
        HumanMessage(prompts()["answer_user"].format(question=question, passages=numbered)),
    ]


def _problem(answer: str, passages: list[Passage], guard: OutputRails, question: str) -> str | None:
    """Why this answer cannot be shown as it is, or None."""
    cited = {int(n) for n in CITATION.findall(answer)}
    if not cited or not cited <= set(range(1, len(passages) + 1)):
        return "no valid citation"
    result = guard.check(answer, question=question, grounding=[p.text for p in passages])
    removed = REMOVAL_FLAGS & set(result.flags)
    return f"rails removed content ({', '.join(sorted(removed))})" if removed else None


def phrase(
    model: BaseChatModel, question: str, passages: list[Passage], guard: OutputRails
) -> tuple[str | None, list[str]]:
    """The model's answer when it clears the rails within two attempts, else None; and notes on what happened."""
    conversation: list[BaseMessage] = messages(question, passages)
    notes: list[str] = []
    for attempt in range(1, ATTEMPTS + 1):
        try:
            response: Any = model.invoke(conversation)
            answer = str(response.content).strip()
            problem = _problem(answer, passages, guard, question)
        except Exception as exc:  # noqa: BLE001 - any model or rail error falls back to the grounded composer
            notes.append(f"llm attempt {attempt}: {type(exc).__name__}")
            continue
        if problem is None:
            notes.append(f"llm answer on attempt {attempt}")
            return answer, notes
        notes.append(f"llm attempt {attempt}: {problem}")
        conversation = [*conversation, AIMessage(answer), HumanMessage(prompts()["reask"])]
    notes.append("llm fallback: grounded composer")
    return None, notes
