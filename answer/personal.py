"""What the person has told about themselves, and what an answer still needs to know.

One source for both sides of personalisation: the details a question depends on are added to
the search when they are known (profile or conversation), and asked for when they are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from core.entities import Entities, focus_terms
from core.stages import stage_family

DATA_FILE = Path(__file__).resolve().parent / "data" / "personalise.yaml"


@dataclass(frozen=True)
class Rule:
    intents: frozenset[str]
    asks: re.Pattern[str]
    needs: tuple[str, ...]


@lru_cache(maxsize=1)
def wording() -> dict[str, Any]:
    return dict(yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    return tuple(
        Rule(frozenset(r["intents"]), re.compile(r["asks"], re.IGNORECASE), tuple(r["needs"]))
        for r in wording()["depends_on_context"]
    )


def known_details(profile: dict[str, Any], entities: Entities) -> dict[str, Any]:
    """Histology, stage and biomarkers as far as the conversation or the profile tell them."""
    biomarkers = list(profile.get("biomarkers") or []) or list(entities.get("biomarkers") or [])
    # Biomarker results are a non-small cell matter: they imply the histology when it is not told.
    implied = "nsclc" if biomarkers else None
    return {
        "histology": entities.get("histology") or profile.get("histology") or implied,
        "stage": entities.get("stage") or profile.get("stage"),
        "biomarkers": biomarkers,
        "treatments": list(profile.get("treatments") or [])
        or [*entities.get("drugs", []), *entities.get("treatments", [])],
    }


def needed_details(intent: str, question: str, entities: Entities) -> tuple[str, ...]:
    """The details this answer depends on; none when it is about one named drug, marker or treatment."""
    if focus_terms(entities) and any(t.lower() in question.lower() for t in focus_terms(entities)):
        return ()
    for rule in rules():
        if intent in rule.intents and rule.asks.search(question):
            return rule.needs
    return ()


def missing_detail(intent: str, question: str, profile: dict[str, Any], entities: Entities) -> str | None:
    """The first detail the answer depends on that nobody has told yet."""
    known = known_details(profile, entities)
    matter = wording()["biomarkers_matter_for"]
    for need in needed_details(intent, question, entities):
        if need == "biomarkers":
            histology = (known["histology"] or "").lower()
            if histology not in matter["histology"] or stage_family(known["stage"]) not in matter["stages"]:
                continue
        if not known[need]:
            return str(need)
    return None


def search_context(intent: str, question: str, profile: dict[str, Any], entities: Entities) -> str:
    """The known details this question depends on, in words a search can use ('stage IV EGFR')."""
    needs = needed_details(intent, question, entities)
    if not needs:
        return ""
    known = known_details(profile, entities)
    words: list[str] = []
    if "histology" in needs and known["histology"] and known["histology"].lower() not in question.lower():
        words.append(
            {"nsclc": "non-small cell", "sclc": "small cell"}.get(known["histology"].lower(), known["histology"])
        )
    stage = stage_family(known["stage"])
    if "stage" in needs and stage and f"stage {stage}".lower() not in question.lower():
        words.append(f"stage {stage}" if stage.isupper() else f"{stage}-stage")
        said = wording()["stage_search_words"].get(stage)
        if said and said.lower() not in question.lower() and not ("biomarkers" in needs and known["biomarkers"]):
            words.append(str(said))
    for need in ("biomarkers", "treatments"):
        if need in needs:
            words += [str(v) for v in known[need] if str(v).lower() not in question.lower()]
    return " ".join(words)


def settle_role(profile: dict[str, Any], before: Entities, said: str | None) -> Entities:
    """Who is asking, by the latest word: what this message says ("my dad has ...", "I was diagnosed
    ..."), else a switch of the profile's role since the last turn, else what was settled before.

    A person who moves the role switch back to "patient" is answered as the patient from the next
    reply, though an earlier message spoke of their dad; a later message can move it again.
    """
    chosen = str(profile.get("role") or "patient")
    if said:
        role = said
    elif before.get("profile_role", chosen) != chosen:
        role = chosen
    else:
        role = before.get("role") or ("caregiver" if before.get("caring") else chosen)
    return {"role": role, "profile_role": chosen}


def is_caregiver(profile: dict[str, Any], entities: Entities) -> bool:
    """By the role the conversation settled on; before one is settled, by the profile or the message."""
    if entities.get("role"):
        return entities.get("role") == "caregiver"
    return profile.get("role") == "caregiver" or bool(entities.get("caring"))


def whose(profile: dict[str, Any], entities: Entities) -> str:
    """'your' for a patient; 'your dad's' for a caregiver who named whom they care for."""
    if not is_caregiver(profile, entities):
        return "your"
    relative = entities.get("relative")
    if relative and relative in wording()["relatives"]:
        return f"your {relative}'s"
    return str(wording()["caregiver"]["unnamed"])
