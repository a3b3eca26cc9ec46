"""After compose: speak to a caregiver as a caregiver, and ask for the one detail the answer lacks.

Only fixed phrases from `chatbot/data/personalise.yaml` are added or reworded; the medical
content of the answer is left as composed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from answer.compose import CARE_TEAM_HEADING
from chatbot import personal
from chatbot.replies import get_replies

from .state import State


def _before_disclaimer(answer: str, addition: str) -> str:
    """Insert a paragraph before the closing disclaimer, so the disclaimer stays last."""
    disclaimer = get_replies().disclaimer
    at = answer.rfind(disclaimer)
    if at < 0:
        return f"{answer.rstrip()}\n\n{addition}"
    return f"{answer[:at].rstrip()}\n\n{addition}\n\n{answer[at:]}"


def _asked_before(state: State, question: str) -> bool:
    return any(question in t["content"] for t in state.get("history", []) if t["role"] == "assistant")


def clarifying_question(state: State, whose: str) -> str | None:
    """One question for the first missing detail the answer depends on, unless already asked."""
    missing = personal.missing_detail(
        state.get("intent", ""),
        state.get("standalone", ""),
        state.get("profile") or {},
        state.get("entities") or {},
    )
    if not missing:
        return None
    words = personal.wording()
    question = str(words["clarify"][missing]).format(whose=whose)
    question = question[0].upper() + question[1:]
    if _asked_before(state, question):
        return None
    return f"{words['clarify_lead']} {question}"


@lru_cache(maxsize=1)
def _voice() -> tuple[tuple[re.Pattern[str], str], ...]:
    voice = personal.wording()["caregiver"]["voice"]
    return tuple((re.compile(pattern, re.IGNORECASE), said) for pattern, said in voice.items())


def in_their_voice(question: str) -> str:
    """A care-team question said of the person cared for: 'What stage is my cancer?' -> '...their cancer?'"""
    for pattern, said in _voice():

        def replace(match: re.Match[str], said: str = said) -> str:
            return said.capitalize() if match.start() == 0 else said

        question = pattern.sub(replace, question)
    return question


def _questions_in_their_voice(answer: str) -> tuple[str, list[str]]:
    """The answer with its care-team questions said of the person cared for, and those questions."""
    paragraphs = answer.split("\n\n")
    said: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        heading, _, body = paragraph.partition("\n")
        if heading != CARE_TEAM_HEADING:
            continue
        lines = [f"- {in_their_voice(line[2:])}" if line.startswith("- ") else line for line in body.split("\n")]
        said += [line[2:] for line in lines if line.startswith("- ")]
        paragraphs[i] = "\n".join([heading, *lines])
    return "\n\n".join(paragraphs), said


def caregiver_wording(answer: str, whose: str) -> tuple[str, list[str]]:
    """The answer addressed to a caregiver, and the fixed phrases that were put in."""
    words = personal.wording()["caregiver"]
    answer, added = _questions_in_their_voice(answer)
    for old, new in words["replace"].items():
        phrase = new.format(whose=whose)
        if old in answer:
            answer = answer.replace(old, phrase)
            added.append(phrase)
    lead = words["lead"].format(whose=whose)
    return f"{lead}\n\n{answer}", [lead, *added]


def personalise(state: State) -> dict[str, Any]:
    answer = state.get("answer", "")
    if not state.get("sources"):  # a fixed reply (nothing found): nothing to tailor
        return {}
    profile = state.get("profile") or {}
    entities = state.get("entities") or {}
    whose = personal.whose(profile, entities)
    # What is added here is the product's own wording: it joins the grounding the rails check against.
    added: list[str] = []
    if personal.is_caregiver(profile, entities):
        answer, added = caregiver_wording(answer, whose)
    question = clarifying_question(state, whose)
    if question:
        answer = _before_disclaimer(answer, question)
        added.append(question)
    return {"answer": answer, "grounding": [*state.get("grounding", []), *added]}
