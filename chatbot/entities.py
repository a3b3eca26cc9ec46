"""Entities of a message (drug, biomarker, stage, histology, treatment) and the standalone question."""

from __future__ import annotations

import re
from typing import TypedDict

from chatbot.drugs import get_lexicon

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
HISTOLOGY = {
    "sclc": r"\bsclc\b|\bsmall[- ]cell\b(?!.*non)",
    "nsclc": r"\bnsclc\b|\bnon[- ]small[- ]cell\b|\badenocarcinoma\b|\bsquamous\b|\blarge[- ]cell\b",
    "mesothelioma": r"\bmesothelioma\b",
}
REFERS_BACK = re.compile(
    r"\b(?:it|its|it's|that|this|they|them|their|those|these|same|the drug|the medicine|the pill|the treatment|"
    r"what about|how about|and for|and if|and what|also)\b",
    re.IGNORECASE,
)
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


class Entities(TypedDict, total=False):
    drugs: list[str]
    biomarkers: list[str]
    treatments: list[str]
    stage: str
    histology: str


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
    m = STAGE.search(text)
    if m:
        if m.group(1):
            found["stage"] = ROMAN.get(m.group(1), m.group(1).upper()) + (m.group(2) or "").upper()
        else:
            found["stage"] = (m.group(3) or m.group(4)).lower()
    for name, rx in HISTOLOGY.items():
        if re.search(rx, lowered):
            found["histology"] = name
            break
    return found


def focus_terms(entities: Entities) -> list[str]:
    """What a conversation is about, most specific first: drugs, then biomarkers, then treatments."""
    return [*entities.get("drugs", []), *entities.get("biomarkers", []), *entities.get("treatments", [])]


def merge(previous: Entities, current: Entities) -> Entities:
    """The conversation's entities after this message: a new subject replaces the old one."""
    merged: Entities = dict(previous)  # type: ignore[assignment]
    if focus_terms(current):
        for key in ("drugs", "biomarkers", "treatments"):
            merged.pop(key, None)  # type: ignore[misc]
    merged.update(current)
    return merged


def standalone_question(text: str, current: Entities, previous: Entities, previous_question: str | None) -> str:
    """Rewrite a follow-up so that it can be searched alone ('its side effects' -> 'osimertinib ...')."""
    content_words = re.findall(r"[a-z]{3,}", text.lower())
    follows_up = bool(REFERS_BACK.search(text)) or len(content_words) <= 4
    if not follows_up or focus_terms(current):
        return text
    carried = focus_terms(previous)
    if carried:
        return f"{text} ({' '.join(carried)})"
    if previous_question:
        return f"{text} ({previous_question})"
    return text
