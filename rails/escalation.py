"""The reply of the escalating rails: real help first, nothing else in the way."""

from __future__ import annotations

from core.replies import get_replies

from .emergency import emergency_reply, poisoning_first_line, reason_lines
from .self_harm import crisis_reply


def escalation_reply(flags: list[str], reasons: list[str], language: str = "en") -> str:
    """What the person reads when the emergency or self-harm rails fired.

    What to do now comes first, then (for self-harm) the crisis line; one disclaimer, at the end; a
    first line in the person's own language when they wrote in another one.
    """
    disclaimer = get_replies().disclaimer
    urgent = "emergency" in flags or "poisoning" in flags
    parts = []
    if urgent:
        parts.append(emergency_reply().text(reason=reason_lines(reasons)).strip())
    if "self_harm" in flags:
        parts.append(crisis_reply().text().strip())
    answer = "\n\n".join([*(p.removesuffix(disclaimer).strip() for p in parts[:-1]), parts[-1]])
    if "poisoning" in flags:
        first = poisoning_first_line(language)
    else:
        first = (emergency_reply() if urgent else crisis_reply()).first_line(language)
    return f"{first}\n\n{answer}" if first else answer
