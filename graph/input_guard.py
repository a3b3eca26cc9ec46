"""First node: escalate emergencies, spot injection, dosing and scope, redact what will be stored."""

from __future__ import annotations

from typing import Any

from chatbot.privacy import redact
from chatbot.rails import input_checks
from chatbot.settings import get_settings

from .state import State


def input_guard(state: State) -> dict[str, Any]:
    question = state["question"]
    rails = set(get_settings().input_rails)
    stored, redacted = redact(question)
    flags = ["pii_redacted"] if redacted else []
    update: dict[str, Any] = {
        "flags": flags,
        "notes": [],
        "emergency_reasons": [],
        "answerable": question,
        "intent": "",
        "intent_confidence": 0.0,
        "standalone": "",
        "passages": [],
        "answer": "",
        "sources": [],
        "followups": [],
        "blocked": False,
        "stored_question": stored,
    }
    if "self_harm" in rails and input_checks.is_self_harm(question):
        return {**update, "route": "escalate", "intent": "emergency", "flags": [*flags, "self_harm"]}
    reasons = input_checks.emergency_reasons(question) if "emergency" in rails else []
    if reasons:
        return {
            **update,
            "route": "escalate",
            "intent": "emergency",
            "emergency_reasons": reasons,
            "flags": [*flags, "emergency"],
        }
    answerable = question
    if "prompt_injection" in rails and input_checks.injection_spans(question):
        flags.append("prompt_injection")
        answerable = input_checks.strip_injection(question)
    if "dosing" in rails and input_checks.is_dosing_request(answerable or question):
        flags.append("dosing_request")
        if not answerable:
            answerable = question
    update.update(flags=flags, answerable=answerable)
    if not answerable.strip():
        return {**update, "route": "injection_only", "intent": "off_topic"}
    if "dosing_request" in flags:
        return {**update, "route": "answer"}
    if input_checks.is_greeting(answerable):
        return {**update, "route": "greeting", "intent": "greeting"}
    follow_up = bool(state.get("history")) and bool(input_checks.REFERS_BACK.search(answerable))
    if "scope" in rails and not input_checks.in_scope(answerable) and not follow_up:
        return {**update, "route": "off_topic", "intent": "off_topic", "flags": [*flags, "off_topic"]}
    return {**update, "route": "answer"}
