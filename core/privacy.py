"""Redaction of personal details from anything that is stored (checkpoints, logs, transcripts, feedback).

Every writer uses `rails.pii.redact`: Presidio's recognisers with an English spaCy model first, these
patterns as a second net. The patterns alone (`redact_patterns`) catch
the fixed formats a statistical model can miss: numbers, dates, record numbers, addresses, and names
introduced by "my name is" or a title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_NUMERIC_DATE = r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}[/.-]\d{1,2}[/.-]\d{1,2}"
_WORD_DATE = (
    rf"{_DAY}\s+(?:of\s+)?{_MONTH},?\s+\d{{2,4}}|{_MONTH}\s+{_DAY},?\s+\d{{2,4}}"
    # forms and records write a month's name between dashes, slashes or dots: 03-Feb-1957, Feb/03/1957
    rf"|{_DAY}[-/.]{_MONTH}[-/.]?\d{{2,4}}|{_MONTH}[-/.]{_DAY}[-/.]\d{{2,4}}"
)
_NAME_WORD = r"[A-Z][a-z'-]+"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("EMAIL", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    (
        "ID_NUMBER",
        re.compile(r"\b\d{3}-\d{2}-\d{4}\b|(?i:\b(?:ssn|social security(?: number)?)\D{0,12}(\d[\d -]{7,10}\d))"),
    ),
    ("DATE", re.compile(rf"\b(?:{_NUMERIC_DATE})\b|(?i:\b(?:{_WORD_DATE})\b)")),
    (
        "DATE",
        # A date of birth in any form, even a month or a year alone.
        re.compile(
            rf"(?i:\b(?:born|birth|birthday|dob|d\.o\.b\.?)\W{{0,3}}(?:(?:on|in|is|was|date|:)\s+)*"
            rf"({_NUMERIC_DATE}|{_WORD_DATE}|(?:{_DAY}\s+(?:of\s+)?)?{_MONTH}(?:\s+{_DAY})?(?:,?\s+\d{{4}})?|\d{{4}}))"
        ),
    ),
    (
        "PHONE",
        re.compile(
            r"(?<![\w/.-])(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)|\d{2,5})[\s.-]?\d{3,4}[\s.-]?\d{3,4}(?![\w/-])"
            r"|(?i:\b(?:call|phone|tel|telephone|mobile|cell|text|ring|reach|number)\b\D{0,15}(\+?\d[\d ().-]{5,}\d))"
            # a local number without its area code (555-0142), written with a dash or a dot
            # (an exchange never starts with 0 or 1; a range of amounts is followed by its unit)
            r"|(?<![\w/.,-])[2-9]\d{2}[.-]\d{4}(?![\w/%-]|[.,]\d|\s*(?:mg|mcg|ml|g|kg|mm|cm|units?|cells|people|patients)\b)"
        ),
    ),
    (
        "RECORD_NUMBER",
        re.compile(
            r"\b(?:mrn|medical record(?: number| no\.?)?|record (?:no|number|#)|hospital (?:number|no|id)|patient (?:id|number)|nhs(?: number)?)\s*[:#]?\s*(?:is\s+)?[\w-]*\d[\w-]*",
            re.I,
        ),
    ),
    (
        "ADDRESS",
        re.compile(
            r"(?i:\b\d{1,5}[a-z]?\s+(?:[a-z][a-z'.-]*\s+){1,3}(?:street|st|avenue|ave|road|rd|lane|ln|drive|boulevard|blvd|court|ct|way|place|pl|terrace|close|crescent|square|highway|hwy|parkway|pkwy)\b"
            r"(?:,?\s*(?:apt|apartment|unit|suite|flat)\.?\s*#?\w+)?"
            r"|\bp\.?\s?o\.?\s+box\s+\d+)"
            r"|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"
        ),
    ),
    (
        "NAME",
        re.compile(
            rf"(?i:\b(?:my name is|my name's|i am called|i'm called|name:|patient:|patient name:|signed:?))\s+([A-Za-z][a-z'-]+(?:\s+{_NAME_WORD}){{0,2}})"
        ),
    ),
    ("NAME", re.compile(rf"\b(?:Dr|Mr|Mrs|Ms|Miss|Prof)\.?\s+({_NAME_WORD}(?:\s+{_NAME_WORD})?)")),
]


@dataclass(frozen=True)
class Span:
    """One personal detail: where it is in the text and what kind it is."""

    start: int
    end: int
    label: str


def pattern_spans(text: str) -> list[Span]:
    """Every detail the patterns find; a pattern with a group marks only the group (the name, not "my name is")."""
    spans: list[Span] = []
    for label, rx in PATTERNS:
        for m in rx.finditer(text):
            group = next((i for i in range(1, (m.lastindex or 0) + 1) if m.group(i)), None)
            start, end = m.span(group) if group else m.span()
            if end > start:
                spans.append(Span(start, end, label))
    return spans


def apply(text: str, spans: Iterable[Span]) -> str:
    """The text with each span replaced by [LABEL]; overlapping spans become one (the earliest label)."""
    merged: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and s.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Span(last.start, max(last.end, s.end), last.label)
        else:
            merged.append(s)
    for s in reversed(merged):
        text = f"{text[: s.start]}[{s.label}]{text[s.end :]}"
    return text


def redact_patterns(text: str) -> tuple[str, bool]:
    """The patterns alone: fast, no model; the second net under Presidio."""
    spans = pattern_spans(text)
    return (apply(text, spans), True) if spans else (text, False)
