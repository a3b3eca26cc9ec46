"""Speak to a caregiver as a caregiver, and ask for the one detail an answer lacks.

Only fixed phrases from `answer/data/personalise.yaml` are added or reworded; the medical
content of the answer is left as composed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from core.entities import Entities
from core.replies import get_replies

from . import personal
from .compose import CARE_TEAM_HEADING, LEARN_MORE_HEADING


def before_disclaimer(answer: str, addition: str) -> str:
    """Insert a paragraph before the closing disclaimer, so the disclaimer stays last."""
    disclaimer = get_replies().disclaimer
    at = answer.rfind(disclaimer)
    if at < 0:
        return f"{answer.rstrip()}\n\n{addition}"
    return f"{answer[:at].rstrip()}\n\n{addition}\n\n{answer[at:]}"


def clarifying_question(
    intent: str, question: str, profile: dict[str, Any], entities: Entities, said_before: list[str]
) -> str | None:
    """One question for the first missing detail the answer depends on, unless already asked."""
    missing = personal.missing_detail(intent, question, profile, entities)
    if not missing:
        return None
    words = personal.wording()
    ask = str(words["clarify"][missing]).format(whose=personal.whose(profile, entities))
    ask = ask[0].upper() + ask[1:]
    if any(ask in earlier for earlier in said_before):
        return None
    return f"{words['clarify_lead']} {ask}"


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
    note = words["note"].format(whose=whose)
    return _after_the_information(answer, note), [note, *added]


def _after_the_information(answer: str, note: str) -> str:
    """The note after the sections that answer, before the care-team questions, further reading and
    disclaimer: the answer still opens with what was asked."""
    paragraphs = answer.split("\n\n")
    tail = (CARE_TEAM_HEADING, LEARN_MORE_HEADING)
    at = next((i for i, p in enumerate(paragraphs) if p.startswith(tail)), None)
    if at is None:
        return before_disclaimer(answer, note)
    return "\n\n".join([*paragraphs[:at], note, *paragraphs[at:]])
