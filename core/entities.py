"""Entities of a conversation and the standalone question each message stands for.

A message is read against what came before: "what are its side effects?" continues the subject,
"and for stage 3?" swaps one detail of the last question, "is that the same as keytruda?"
compares the new subject with the old, and a message with a subject of its own starts afresh.
The phrase lists live in `data/conversation.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypedDict

import yaml

from core.drugs import get_lexicon
from core.text import stopwords

DATA_FILE = Path(__file__).resolve().parent / "data" / "conversation.yaml"

BIOMARKERS = {
    "EGFR": r"\begfr\b",
    "ALK": r"\balk\b",
    "ROS1": r"\bros-?1\b",
    "BRAF": r"\bbraf\b",
    "KRAS": r"\bkras\b",
    "MET": r"\bmet\s+(?:exon|amplification|mutation|fusion|positive)|\bc-?met\b",
    "RET": r"\bret\s+(?:fusion|positive|mutation|gene)|\bret-positive\b",
    "NTRK": r"\bntrk\b",
    "HER2": r"\bher-?2\b|\berbb2\b",
    "NRG1": r"\bnrg-?1\b",
    "PD-L1": r"\bpd-?l1\b|\btps\b|\btumou?r proportion score\b",
}
TREATMENTS = {
    "chemotherapy": r"\bchemo\w*",
    "immunotherapy": r"\bimmuno\w*|\bcheckpoint inhibitor",
    "radiation": r"\bradiation\b|\bradiotherapy\b|\bsbrt\b",
    "surgery": r"\bsurgery\b|\blobectomy\b|\boperation\b|\bresection\b",
    "targeted therapy": r"\btargeted\b",
}
STAGE = re.compile(
    r"\bstage\s*(iv|iii|ii|i|0|[1-4])\s*([abc])?\b|\b(limited|extensive)[- ]stage\b|\b(limited|extensive)\b",
    re.IGNORECASE,
)
HISTOLOGY = {  # non-small cell first: "non-small cell" also contains "small cell"
    "nsclc": r"\bnsclc\b|\bnon[- ]small[- ]cell\b|\badenocarcinoma\b|\bsquamous\b|\blarge[- ]cell\b",
    "sclc": r"\bsclc\b|(?<!non-)(?<!non )\bsmall[- ]cell\b",
    "mesothelioma": r"\bmesothelioma\b",
}
HISTOLOGY_WORDS = {"nsclc": "non-small cell", "sclc": "small cell"}
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
WORD = re.compile(r"[a-z][a-z0-9'-]{2,}")


@dataclass(frozen=True)
class Phrases:
    aspect_words: frozenset[str]
    stopwords: frozenset[str]
    refers_back: re.Pattern[str]
    swap_lead: re.Pattern[str]
    swap_max_words: int
    fragment_max_words: int
    compare: re.Pattern[str]
    relative: re.Pattern[str]
    asks: re.Pattern[str]
    cares_for: re.Pattern[str]
    own_illness: re.Pattern[str]


@lru_cache(maxsize=1)
def phrases() -> Phrases:
    raw = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    flags = re.IGNORECASE
    return Phrases(
        aspect_words=frozenset(str(w).lower() for w in raw["aspect_words"]),
        stopwords=stopwords(),
        refers_back=re.compile(raw["refers_back"], flags),
        swap_lead=re.compile(raw["swap_lead"], flags),
        swap_max_words=int(raw["swap_max_words"]),
        fragment_max_words=int(raw["fragment_max_words"]),
        compare=re.compile(raw["compare"], flags),
        relative=re.compile(raw["relative"], flags),
        asks=re.compile(raw["asks"], flags),
        cares_for=re.compile(raw["cares_for"], flags),
        own_illness=re.compile(raw["own_illness"], flags),
    )


# For the input rails: a message that leans on the conversation is part of it, even when it names
# nothing of lung cancer itself: a pronoun, a swap ("and for stage 3?"), or a short question
# ("what are the phases?", "who can I talk to?") asked in the middle of one.
REFERS_BACK = re.compile(
    r"\b(?:it|its|it's|that|this|they|them|their|those|these|same|the drug|the medicine|the pill|the treatment|"
    r"what about|how about|and for|and if|and what|also)\b"
    r"|^\s*(?:[\w'-]+[\s,]+){0,5}[\w'-]+\s*\?\s*$",
    re.IGNORECASE,
)


class Entities(TypedDict, total=False):
    drugs: list[str]
    biomarkers: list[str]
    treatments: list[str]
    stage: str
    histology: str
    topic: str  # the subject in the person's words when no drug, biomarker or treatment names it
    relative: str  # whom a caregiver is asking about ("dad"), from "my dad ..."
    caring: bool  # the person told about the illness of someone close ("my dad has ..."): a caregiver
    ill: bool  # the person told of their own illness ("I was diagnosed ..."): the patient
    role: str  # who is asking by the latest word, a message's or the profile's (answer.personal.settle_role)
    profile_role: str  # the profile's role at the last turn, so a switch can be seen


def extract(text: str) -> Entities:
    lowered = text.lower()
    found: Entities = {}
    drugs = [d.generic for d in get_lexicon().find(lowered)]
    if drugs:
        found["drugs"] = drugs
    markers = [name for name, rx in BIOMARKERS.items() if re.search(rx, lowered)]
    if markers:
        found["biomarkers"] = markers
    treatments = [name for name, rx in TREATMENTS.items() if re.search(rx, lowered)]
    if treatments:
        found["treatments"] = treatments
    stage = stage_of(text)
    if stage:
        found["stage"] = stage
    for name, rx in HISTOLOGY.items():
        if re.search(rx, lowered):
            found["histology"] = name
            break
    m = phrases().relative.search(text)
    if m:
        found["relative"] = m.group(1).lower()
    if phrases().cares_for.search(text):
        found["caring"] = True
    elif phrases().own_illness.search(text):
        found["ill"] = True
    return found


def told_role(found: Entities) -> str | None:
    """The role a message states ("my dad has ...", "I was diagnosed ..."), if it states one."""
    if found.get("caring"):
        return "caregiver"
    return "patient" if found.get("ill") else None


def stage_of(text: str) -> str | None:
    m = STAGE.search(text)
    if not m:
        return None
    if m.group(1):
        return ROMAN.get(m.group(1), m.group(1).upper()) + (m.group(2) or "").upper()
    return (m.group(3) or m.group(4)).lower()


def focus_terms(entities: Entities) -> list[str]:
    """What a conversation is about, most specific first: drugs, then biomarkers, then treatments."""
    return [*entities.get("drugs", []), *entities.get("biomarkers", []), *entities.get("treatments", [])]


def subject_of(entities: Entities) -> str:
    """The subject to carry into a follow-up: the named things, then the topic in the person's words."""
    return " ".join([*focus_terms(entities), entities.get("topic", "")]).strip()


def topic_words(text: str) -> list[str]:
    """Words that name a subject: not function words, not aspects, not entities found by rule."""
    p = phrases()
    lowered = get_lexicon().pattern.sub(" ", text.lower())
    for rx in (*BIOMARKERS.values(), *TREATMENTS.values(), *HISTOLOGY.values()):
        lowered = re.sub(rx, " ", lowered)
    lowered = STAGE.sub(" ", lowered)
    lowered = p.relative.sub(" ", lowered)
    return [
        w
        for w in (w.strip("'-") for w in WORD.findall(lowered))
        if len(w) >= 3 and w not in p.stopwords and w not in p.aspect_words and not w.endswith("'s")
    ]


def merge(previous: Entities, current: Entities, new_subject: bool = False) -> Entities:
    """The conversation's entities after this message: a new subject replaces the old one.

    Stage, histology and the person cared for describe the patient, so they stay until changed.
    """
    merged: Entities = dict(previous)  # type: ignore[assignment]
    if focus_terms(current) or new_subject:
        for key in ("drugs", "biomarkers", "treatments", "topic"):
            merged.pop(key, None)  # type: ignore[misc]
    merged.update(current)
    return merged


def _swap_detail(previous_question: str, current: Entities) -> str:
    """The last question with the detail the new message names put in place of the old one."""
    question = previous_question
    histology = current.get("histology")
    if histology and not any(re.search(rx, question, re.I) for rx in HISTOLOGY.values()):
        question = f"{question} ({HISTOLOGY_WORDS.get(histology, histology)})"
    stage = current.get("stage")
    if stage:
        label = f"stage {stage}" if stage not in ("limited", "extensive") else f"{stage}-stage"
        if STAGE.search(question):
            question = STAGE.sub(lambda m: label + (" " if m.group(0)[-1:].isspace() else ""), question, count=1)
        else:
            question = f"{question} for {label}"
    for key, patterns in (("biomarkers", BIOMARKERS), ("treatments", TREATMENTS)):
        for name in current.get(key, []):  # type: ignore[attr-defined]
            old = next((rx for n, rx in patterns.items() if n != name and re.search(rx, question, re.I)), None)
            question = re.sub(old, name, question, count=1, flags=re.I) if old else f"{question} {name}"
    drugs = current.get("drugs", [])
    if drugs:
        lexicon = get_lexicon()
        named = lexicon.pattern.search(question.lower())
        if named:
            question = question[: named.start()] + drugs[0] + question[named.end() :]
        else:
            question = f"{question} {drugs[0]}"
    return question


def _with_topic(current: Entities, words: list[str]) -> Entities:
    """The message's entities plus its subject in its own words ("exhausted", "radon")."""
    if not words:
        return current
    return {**current, "topic": " ".join(words[:4])}


@dataclass(frozen=True)
class Reading:
    """How one message was read against the conversation."""

    standalone: str
    entities: Entities  # the conversation's entities after this message
    kind: str  # "new", "short", "follow_up", "swap" or "compare"
    role: str | None = None  # the role this message states, if any


def read_message(text: str, previous: Entities, previous_question: str | None) -> Reading:
    """The standalone question and the conversation's entities after this message."""
    p = phrases()
    current = extract(text)
    said = told_role(current)
    own_focus = focus_terms(current)
    carried = subject_of(previous)
    words = topic_words(text)
    refers = bool(p.refers_back.search(text))
    has_history = bool(previous_question)
    length = len(re.findall(r"\w+", text))
    short = length <= p.swap_max_words
    # Earlier context is carried only when the message points back: a pronoun ("its", "that"), an
    # ellipsis ("and for stage 3?", read as a swap below) or a fragment too short to stand alone
    # ("side effects?"). A whole question without one is read as it stands, even with no topic words.
    points_back = refers or length <= p.fragment_max_words

    # "It's stage 3", "I'm having chemotherapy": details told for the last question, not a new one.
    tells = not p.asks.search(text)
    details = current.get("stage") or current.get("histology") or (own_focus and tells)
    details_only = bool(details) and not words and (tells or not own_focus)
    swap = short and (
        bool(p.swap_lead.search(text)) and bool(own_focus or current.get("stage") or words) or details_only
    )
    if has_history and swap:
        # "what about hospice?" names its own subject: it is searched as it stands.
        named = own_focus or current.get("stage") or current.get("histology")
        standalone = _swap_detail(previous_question or "", current) if named else text
        return Reading(standalone, merge(previous, _with_topic(current, words), new_subject=bool(words)), "swap", said)

    if has_history and refers and carried and (own_focus or words) and p.compare.search(text):
        names = [t for t in carried.split() if t.lower() not in text.lower()]
        standalone = f"{text} ({' '.join(names)})" if names else text
        return Reading(standalone, merge(previous, _with_topic(current, words), new_subject=True), "compare", said)

    # One subject word next to a pronoun ("how do I test for it?") is an aspect, not a new subject.
    own_subject = bool(own_focus) or len(words) > (1 if refers else 0)
    if has_history and carried and not own_subject and points_back and (refers or not current.get("stage")):
        missing = [t for t in carried.split() if t.lower() not in text.lower()]
        standalone = f"{text} ({' '.join(missing)})" if missing else text
        return Reading(standalone, merge(previous, current), "follow_up", said)

    # "What are the phases?": one new word, asked in a conversation; searched as it stands, but the
    # topic of the conversation may still be what it is about.
    kind = "short" if has_history and not own_focus and len(words) == 1 and short else "new"
    # A question that stands on its own leaves the old subject behind, even when it names none.
    new_subject = own_subject or not points_back
    return Reading(text, merge(previous, _with_topic(current, words), new_subject=new_subject), kind, said)
