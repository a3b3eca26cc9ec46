"""Redaction of personal details from anything that is stored (checkpoints, logs, transcripts)."""

from __future__ import annotations

import re

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("EMAIL", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("PHONE", re.compile(r"(?<!\w)(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)|\d{2,4})[\s.-]?\d{3,4}[\s.-]?\d{3,4}(?!\w)")),
    ("DATE", re.compile(r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})\b")),
    (
        "RECORD_NUMBER",
        re.compile(
            r"\b(?:mrn|medical record(?: number)?|record (?:no|number)|patient id|nhs(?: number)?)\s*[:#]?\s*[\w-]*\d[\w-]*",
            re.I,
        ),
    ),
    (
        "ADDRESS",
        re.compile(
            r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way)\b\.?"
        ),
    ),
    (
        "NAME",
        re.compile(
            r"\b(?:my name is|i am called|i'm called|name:|patient:)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})", re.I
        ),
    ),
]


def redact(text: str) -> tuple[str, bool]:
    """The text with personal details replaced by [TYPE], and whether anything was replaced."""
    changed = False
    for label, rx in PATTERNS:

        def _sub(m: re.Match[str], label: str = label) -> str:
            nonlocal changed
            changed = True
            if label == "NAME" and m.lastindex:
                return m.group(0)[: m.start(1) - m.start(0)] + f"[{label}]"
            return f"[{label}]"

        text = rx.sub(_sub, text)
    return text, changed
