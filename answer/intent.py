"""The intent a person sees: rules where recall must be total, the learned classifier elsewhere.

Rules (the input rails' lexicon) decide escalation, dose questions and greetings because a
missed emergency or a dose answered is worse than any misfiled topic. The classifier backs them
up: when it thinks a message is an emergency or a dose question, that label wins over a topic
even when it is not the classifier's first choice, provided it is likely enough.
"""

from __future__ import annotations

from dataclasses import dataclass

from answer.greeting import is_greeting
from answer.intent_model import IntentModel
from rails.dosing_request import is_dosing_request
from rails.emergency import emergency_reasons
from rails.self_harm import is_self_harm

# A safety label is taken when the classifier gives it at least this probability.
SAFETY_FLOOR = {"emergency": 0.40, "dosing": 0.40}  # chosen by cross-validation on the training split


@dataclass(frozen=True)
class IntentDecision:
    intent: str
    confidence: float
    source: str  # "rule:<name>" or "classifier"
    classifier_intent: str  # the classifier's own first choice, for the eval's comparison


def rule_intent(text: str) -> str | None:
    """The label the input rails settle on their own, in the order the agent applies them."""
    if is_self_harm(text) or emergency_reasons(text):
        return "emergency"
    if is_dosing_request(text):
        return "dosing"
    if is_greeting(text):
        return "greeting"
    return None


def from_ranking(ranked: list[tuple[str, float]], allowed: tuple[str, ...] | None = None) -> tuple[str, float]:
    """The classifier's label. A safety label counts only when likely enough, and then wins over a
    topic; an unsure guess at one (a vague "when should I call the doctor?") falls to the next label."""
    probs = dict(ranked)
    for label, floor in SAFETY_FLOOR.items():
        if (allowed is None or label in allowed) and probs.get(label, 0.0) >= floor:
            return label, probs[label]
    return next((c, p) for c, p in ranked if (allowed is None or c in allowed) and c not in SAFETY_FLOOR)


def decide(text: str, model: IntentModel) -> IntentDecision:
    ranked = model.ranked(text)
    rule = rule_intent(text)
    if rule:
        return IntentDecision(rule, 1.0, f"rule:{rule}", ranked[0][0])
    label, confidence = from_ranking(ranked)
    return IntentDecision(label, confidence, "classifier", ranked[0][0])
