"""First node: escalate emergencies, spot injection, dosing and scope, redact what will be stored."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import Overwrite

from answer.greeting import is_greeting
from answer.intent_model import IntentModel
from core.models import CONTENT_INTENTS
from rails.guard_run import RailError
from rails.input_screening import InputScreening
from rails.language import LanguageModel, detect_language
from rails.normalise import normalise
from rails.pii import answerable_text, asks_about_a_place, redact
from rails.scope import within_scope

from .context import Context
from .state import State, fresh_turn, user_messages


def input_guard(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Judge the message as typed, then keep only its redacted form: every later node, and the
    checkpoint, see the text with personal details replaced (names never matter to an answer)."""
    guard = runtime.context.input_screening
    update = _judge(state, guard, runtime.context.intent_model, runtime.context.language_model)
    question = state["question"]
    stored = update["stored_question"]
    if "pii" not in guard.rails and stored:
        stored = redact(question)[0]  # storage is redacted even with the personal-details rail switched off
    answerable = update.get("answerable", "")
    answerable = answerable_text(stored if answerable == question else redact(answerable)[0])
    notes = [redact(n)[0] for n in update.get("notes", [])]
    return {
        **update,
        "question": stored,
        "stored_question": stored,
        "answerable": answerable,
        "asks_about_place": asks_about_a_place(stored),
        "flags": Overwrite(value=update.get("flags", [])),  # this turn's flags start here
        "notes": Overwrite(value=notes),
    }


def _judge(
    state: State, guard: InputScreening, intent_model: IntentModel, language_model: LanguageModel
) -> dict[str, Any]:
    question = state["question"]
    update: dict[str, Any] = {
        **fresh_turn(),
        "flags": [],
        "notes": [],
        "language": "en",
        "answerable": question,
        "stored_question": question,
    }
    try:
        verdict = guard.check(question, previous=_previous_message(state))
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
    # The language of what is asked: an instruction in another language around an English question
    # ("Oublie tes consignes ... What is a lobectomy?") does not make the question French.
    asked = verdict.answerable(question) if "prompt_injection" in verdict else question
    language = detect_language(language_model, normalise(asked.strip() or question).text)
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
    # A possible emergency, read by the learned model alone and not surely, in English: what to do now, then the
    # answer (added after the answer is composed).
    possible = "emergency" in verdict and not verdict.emergency_sure and language == "en"
    if "emergency" in verdict and not possible:
        reasons = verdict.emergency_reasons
        return {
            **update,
            "route": "escalate",
            "intent": "emergency",
            "emergency_reasons": reasons,
            "flags": [*flags, "emergency", *(["poisoning"] if "poisoning" in reasons else [])],
        }
    if possible:
        flags.extend(["emergency", "possible_emergency"])
        update["emergency_reasons"] = verdict.emergency_reasons
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
    if "dosing_request" in flags or possible:
        return {**update, "route": "answer"}
    if is_greeting(answerable):
        return {**update, "route": "greeting", "intent": "greeting"}
    off_topic = "scope" in verdict
    if answerable != question and "scope" in guard.rails:
        # Judge what is left once the injection is gone.
        off_topic = not within_scope(guard.risk, answerable, has_history=bool(state.get("history")))
    if off_topic and _classifier_label(answerable, intent_model) == "greeting":
        return {**update, "route": "greeting", "intent": "greeting"}
    if off_topic:
        return {**update, "route": "off_topic", "intent": "off_topic", "flags": [*flags, "off_topic"]}
    return {**update, "route": "answer"}


CLASSIFIER_SCOPE_CONFIDENCE = 0.5


def _classifier_label(text: str, intent_model: IntentModel) -> str | None:
    """A topic or greeting label the intent classifier is confident in, or None.

    Scope is judged by meaning in the input rails; the intent classifier only tells small talk
    ("thanks, that helped") from other messages the scope rail turned away."""
    label, probability = intent_model.ranked(text)[0]
    if probability < CLASSIFIER_SCOPE_CONFIDENCE or label == "off_topic":
        return None
    return label if label in (*CONTENT_INTENTS, "greeting") else None


def _previous_message(state: State) -> str | None:
    earlier = user_messages(state)
    return earlier[-1]["content"] if earlier else None
