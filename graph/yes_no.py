"""A yes/no question gets its yes or no first, but only when the evidence sentence clearly says it.

"No" needs a negation in a sentence that holds most of the question; "Yes" needs a sentence that
holds nearly all of it and negates nothing. Otherwise the answer opens with the evidence itself:
a wrong "Yes" would do more harm than no "Yes".
"""

from __future__ import annotations

import re

from .sentences import Candidate

YES_NO_QUESTION = re.compile(r"^\s*(?:is|are|was|were|does|do|did|can|could|will|would|has|have)\b", re.I)
DECISION = re.compile(
    r"^\s*(?:should|shall)\b|\b(?:should|can|could|may)\s+(?:i|we|he|she|they|my\s+\w+)\s+(?:take|stop|start|skip|have|get|use)\b",
    re.I,
)
CHOICE = re.compile(r"\b\w+\s+or\s+(?:a|an|the)?\s*\w+", re.I)
# Any negation: its presence rules out a "Yes".
NEGATION = re.compile(
    r"\b(?:not|no|never|none|isn't|aren't|doesn't|don't|didn't|cannot|can't|won't|neither|nor|rather\s+than|instead\s+of|unlike)\b",
    re.I,
)
# A negated main statement ("is not", "does not", "is not the same"): only this can give a "No".
DENIAL = re.compile(
    r"\b(?:is|are|was|were|does|do|did|will|can)\s+not\b(?!\s+(?:yet|always|be\s+removed|known))"
    r"|\b(?:isn't|aren't|doesn't|don't|won't)\b(?!\s+(?:yet|always))|\bnot\s+the\s+same\b|\bnever\s+(?:a|an|the)\b",
    re.I,
)
UNCERTAIN = re.compile(
    r"\b(?:not\s+yet|unclear|uncertain|unknown|not\s+known|may|might|sometimes|some\s+people)\b", re.I
)
NO_COVERAGE = 0.6
YES_COVERAGE = 0.9


def is_yes_no(question: str) -> bool:
    return bool(YES_NO_QUESTION.match(question)) and not CHOICE.search(question) and not DECISION.search(question)


def _negations(text: str) -> set[str]:
    return {m.group(0).lower() for m in NEGATION.finditer(text)}


def opening(question: str, evidence: list[Candidate]) -> str | None:
    """'Yes.', 'No.' or None when the evidence (the answer's lead sentences) is not clear enough to say.

    A negation the question itself uses ("people who never smoked") says nothing about the answer.
    """
    if not is_yes_no(question) or not evidence:
        return None
    asked = _negations(question)
    best = max(evidence, key=lambda c: c.coverage)
    if UNCERTAIN.search(best.sentence):
        return None
    if best.coverage >= NO_COVERAGE and DENIAL.search(best.sentence) and not DENIAL.search(question):
        return "No."
    negated = any(_negations(c.sentence) - asked for c in evidence)
    if not negated and best.coverage >= YES_COVERAGE:
        return "Yes."
    return None
