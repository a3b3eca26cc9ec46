"""First node: escalate emergencies, spot injection, dosing and scope, redact what will be stored."""

from __future__ import annotations

from typing import Any

from chatbot.intent_model import get_intent_model
from chatbot.models import CONTENT_INTENTS
from chatbot.privacy import redact
from chatbot.rails import input_checks
from chatbot.rails.guard_run import RailError
from chatbot.rails.language import detect_language
from chatbot.rails.normalise import normalise
from chatbot.rails.pii import answerable_text
from chatbot.rails.scope import within_scope

from .resources import get_input_guard
from .state import State, user_messages

FRESH_TURN: dict[str, Any] = {
    "notes": [],
    "emergency_reasons": [],
    "intent": "",
    "intent_confidence": 0.0,
    "standalone": "",
    "passages": [],
    "shown": [],
    "grounding": [],
    "answer": "",
    "sources": [],
    "followups": [],
    "blocked": False,
    "language": "en",
}


def input_guard(state: State) -> dict[str, Any]:
    """Judge the message as typed, then keep only its redacted form: every later node, and the
    checkpoint, see the text with personal details replaced (names never matter to an answer)."""
    update = _judge(state)
    question = state["question"]
    stored = update["stored_question"]
    if "pii" not in get_input_guard().rails and stored:
        stored = redact(question)[0]  # storage is redacted even with the personal-details rail switched off
    answerable = update.get("answerable", "")
    answerable = answerable_text(stored if answerable == question else redact(answerable)[0])
    notes = [redact(n)[0] for n in update.get("notes", [])]
    return {**update, "question": stored, "stored_question": stored, "answerable": answerable, "notes": notes}


def _judge(state: State) -> dict[str, Any]:
    question = state["question"]
    update: dict[str, Any] = {**FRESH_TURN, "flags": [], "answerable": question, "stored_question": question}
    try:
        verdict = get_input_guard().check(question, previous=_previous_message(state))
    except RailError as exc:
        # Fail closed: nothing of the message is stored or answered when a rail cannot judge it.
        return {
            **update,
            "route": "rail_error",
            "intent": "off_topic",
            "stored_question": "",
            "answerable": "",
            "notes": [str(exc)],
        }
    flags = ["pii_redacted"] if "pii" in verdict else []
    update["stored_question"] = verdict.stored(question)
    language = detect_language(normalise(question).text)
    update["language"] = language
    if language != "en":
        flags.append("non_english")
    if "prompt_injection" in verdict:
        # Said even when the message escalates: the attempt is on record beside the help given.
        flags.append("prompt_injection")
    if "self_harm" in verdict:
        # Harm already done (pills taken, a wound) is also a physical emergency: both kinds of help.
        urgent = "emergency" in verdict
        return {
            **update,
            "route": "escalate",
            "intent": "emergency",
            "emergency_reasons": verdict.emergency_reasons if urgent else [],
            "flags": [*flags, "self_harm", *(["emergency"] if urgent else [])],
        }
    if "emergency" in verdict:
        reasons = verdict.emergency_reasons
        return {
            **update,
            "route": "escalate",
            "intent": "emergency",
            "emergency_reasons": reasons,
            "flags": [*flags, "emergency", *(["poisoning"] if "poisoning" in reasons else [])],
        }
    if "distress" in verdict:
        flags.append("distress")
    answerable = verdict.answerable(question)
    if "dosing" in verdict:
        flags.append("dosing_request")
        # A dose question wrapped in a role-play is still a dose question: answer it as one.
        answerable = answerable or question
    update.update(flags=flags, answerable=answerable)
    if not answerable.strip():
        return {**update, "route": "injection_only", "intent": "off_topic"}
    if "dosing_request" in flags:
        return {**update, "route": "answer"}
    if input_checks.is_greeting(answerable):
        return {**update, "route": "greeting", "intent": "greeting"}
    off_topic = "scope" in verdict
    if answerable != question and "scope" in get_input_guard().rails:
        # Judge what is left once the injection is gone.
        off_topic = not within_scope(answerable, has_history=bool(state.get("history")))
    if off_topic and _classifier_label(answerable) == "greeting":
        return {**update, "route": "greeting", "intent": "greeting"}
    if off_topic:
        return {**update, "route": "off_topic", "intent": "off_topic", "flags": [*flags, "off_topic"]}
    return {**update, "route": "answer"}


CLASSIFIER_SCOPE_CONFIDENCE = 0.5


def _classifier_label(text: str) -> str | None:
    """A topic or greeting label the intent classifier is confident in, or None.

    Scope is judged by meaning in the input rails; the intent classifier only tells small talk
    ("thanks, that helped") from other messages the scope rail turned away."""
    label, probability = get_intent_model().ranked(text)[0]
    if probability < CLASSIFIER_SCOPE_CONFIDENCE or label == "off_topic":
        return None
    return label if label in (*CONTENT_INTENTS, "greeting") else None


def _previous_message(state: State) -> str | None:
    earlier = user_messages(state)
    return earlier[-1]["content"] if earlier else None
