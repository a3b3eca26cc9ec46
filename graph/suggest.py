"""Follow-up questions from the topic, the profile and the conversation, never one already asked."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

import yaml

from chatbot.personal import is_caregiver, known_details, stage_family

from .state import State, Turn, user_messages

FOLLOWUPS_FILE = Path(__file__).resolve().parent.parent / "chatbot" / "data" / "followups.yaml"
MIN_FOLLOWUPS = 2
MAX_FOLLOWUPS = 3
SEARCH_DEPTH = 5


@lru_cache(maxsize=1)
def templates() -> dict[str, Any]:
    return dict(yaml.safe_load(FOLLOWUPS_FILE.read_text(encoding="utf-8")))


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


def _questions(items: list[Any]) -> list[str]:
    return [str(item["q"]) if isinstance(item, dict) else str(item) for item in items]


def mentions(passage: Any, value: str) -> bool:
    """A passage answers about a drug, marker or treatment when it names it (its doc id counts)."""
    stem = value.lower().split()[0][:6]
    return value.lower() in passage.text.lower() or stem in passage.doc_id


@lru_cache(maxsize=512)
def answerable(question: str, value: str) -> bool:
    """A filled-in template is offered only when searching it finds a passage about its subject."""
    from .resources import get_retriever

    return any(mentions(p, value) for p in get_retriever().search(question, k=SEARCH_DEPTH))


def candidate_pools(intent: str, entities: dict[str, Any], profile: dict[str, Any]) -> list[list[str]]:
    """Suggestions in pools, most specific first: the subject, the person, the topic."""
    t = templates()
    subject: list[str] = []
    for key, slot in (("drugs", "drug"), ("biomarkers", "biomarker"), ("treatments", "treatment")):
        values = entities.get(key) or []
        if values:
            filled = (q.format(**{slot: values[0]}) for q in t[f"with_{slot}"])
            subject += [q for q in filled if answerable(q, values[0])]
    person: list[str] = []
    known = known_details(profile, entities)  # type: ignore[arg-type]
    markers = [b for b in known["biomarkers"] if b not in (entities.get("biomarkers") or [])]
    if markers and intent in ("treatment", "biomarkers"):
        person.append(t["with_biomarker"][0].format(biomarker=markers[0]))
    stage = stage_family(known["stage"])
    if stage:
        person += _questions(t["by_stage"].get(stage, []))
    role = "caregiver" if is_caregiver(profile, entities) else profile.get("role") or "patient"  # type: ignore[arg-type]
    person += _questions(t["by_role"].get(role, []))
    topic = _questions(t["by_intent"].get(intent, []))
    return [subject, person, topic]


def followups_for(
    intent: str, entities: dict[str, Any], asked: list[str], profile: dict[str, Any] | None = None
) -> list[str]:
    """Two to three suggestions: two about the subject, then the person, then the topic, none asked."""
    subject, person, topic = candidate_pools(intent, entities, profile or {})
    ordered = list(chain(subject[:2], person[:2], subject[2:], topic, person[2:]))
    if len(ordered) < MIN_FOLLOWUPS + len(asked):
        ordered += _questions(templates()["by_intent"]["greeting"])
    seen = {_norm(q) for q in asked}
    out: list[str] = []
    for candidate in ordered:
        key = _norm(candidate)
        if key and key not in seen:
            out.append(candidate)
            seen.add(key)
        if len(out) == MAX_FOLLOWUPS:
            break
    return out


def record_turn(state: State, followups: list[str]) -> dict[str, Any]:
    """The turn's last update: follow-ups, and both sides of the turn added to the stored history."""
    turns: list[Turn] = [
        {"role": "user", "content": state.get("stored_question", ""), "intent": state.get("intent", "")},
        {"role": "assistant", "content": state.get("answer", ""), "intent": state.get("intent", "")},
    ]
    return {"followups": followups, "history": turns}


def suggest(state: State) -> dict[str, Any]:
    if state.get("intent") == "emergency":
        return record_turn(state, [])
    asked = [t["content"] for t in user_messages(state)]
    asked.append(state.get("question", ""))
    entities = dict(state.get("entities") or {})
    followups = followups_for(state.get("intent", ""), entities, asked, dict(state.get("profile") or {}))
    return record_turn(state, followups)


def finish(state: State) -> dict[str, Any]:
    """End of an escalation or fixed reply: no topic follow-ups for emergencies, examples otherwise."""
    if state.get("intent") == "emergency":
        return record_turn(state, [])
    return suggest(state)
