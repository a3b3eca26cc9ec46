"""Read a pathology or molecular report (text or PDF) on this machine and propose a profile from it.

Nothing is stored or sent anywhere: the caller shows the proposal and the person confirms or corrects it.
Only what the report states plainly is taken: a marker counts as positive only when the report says so,
and negative, pending or unclear results are listed as such, never turned into a finding.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field

from rails.pii import redact

TERMS_FILE = Path(__file__).resolve().parent / "data" / "report_terms.yaml"
MAX_REPORT_BYTES = 5_000_000
MAX_PDF_PAGES = 40
EVIDENCE_CHARS = 160
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}

Status = Literal["positive", "negative", "unclear"]


class ReportUnreadable(ValueError):
    """The file could not be read as a text or PDF report; the message is fit to show the person."""


class Finding(BaseModel):
    """One biomarker the report mentions, with the line that says so (personal details redacted)."""

    marker: str
    status: Status
    detail: str | None = None
    evidence: str = ""


class ReportProfile(BaseModel):
    """What a report states, ready to be confirmed; the fields match `Profile`."""

    histology: str | None = None
    histology_detail: str | None = None
    stage: str | None = None
    biomarkers: list[str] = Field(default_factory=list)  # positive findings only
    pdl1_tps: int | None = None
    pdl1_text: str | None = None  # as the report writes it, e.g. "<1%"
    findings: list[Finding] = Field(default_factory=list)
    characters: int = 0

    @property
    def empty(self) -> bool:
        return not (self.histology or self.stage or self.findings or self.pdl1_tps is not None)

    def profile_fields(self) -> dict[str, Any]:
        """The part that goes into a `Profile` once confirmed."""
        return {
            "histology": self.histology,
            "stage": self.stage,
            "biomarkers": list(self.biomarkers),
            "pdl1_tps": self.pdl1_tps,
        }


@dataclass(frozen=True)
class _Marker:
    name: str
    pattern: re.Pattern[str]
    details: tuple[tuple[str, re.Pattern[str]], ...]


@dataclass(frozen=True)
class _Terms:
    histology: tuple[tuple[str, str, re.Pattern[str]], ...]
    stage: re.Pattern[str]
    markers: tuple[_Marker, ...]
    supersedes: dict[str, str]
    negative: re.Pattern[str]
    unclear: re.Pattern[str]
    positive: re.Pattern[str]
    forward: re.Pattern[str]
    leading_no: re.Pattern[str]
    pdl1: re.Pattern[str]


@lru_cache(maxsize=1)
def _terms() -> _Terms:
    raw = yaml.safe_load(TERMS_FILE.read_text(encoding="utf-8"))
    cues = raw["cues"]
    markers = tuple(
        _Marker(
            name=m["name"],
            pattern=re.compile(m["pattern"], 0 if m.get("case_sensitive") else re.I),
            details=tuple((d["label"], re.compile(d["pattern"], re.I)) for d in m.get("details", [])),
        )
        for m in raw["biomarkers"]
    )
    return _Terms(
        histology=tuple((h["value"], h["detail"], re.compile(h["pattern"], re.I)) for h in raw["histology"]),
        stage=re.compile(raw["stage"]["pattern"], re.I),
        markers=markers,
        supersedes=dict(raw.get("supersedes", {})),
        negative=re.compile(cues["negative"], re.I),
        unclear=re.compile(cues["unknown"], re.I),
        positive=re.compile(cues["positive"], re.I),
        forward=re.compile(cues["forward"], re.I),
        leading_no=re.compile(cues["leading_no"], re.I),
        pdl1=re.compile(raw["pdl1"]["pattern"], re.I),
    )


def biomarker_names() -> list[str]:
    """The markers a profile can name, in the order a report form lists them."""
    return [m.name for m in _terms().markers]


# --- reading the file -------------------------------------------------------------------------


def extract_text(data: bytes, max_bytes: int = MAX_REPORT_BYTES) -> str:
    """The text of a PDF or plain-text report."""
    if not data:
        raise ReportUnreadable("The file is empty.")
    if len(data) > max_bytes:
        raise ReportUnreadable(f"The file is larger than {max_bytes // 1_000_000} MB.")
    if data.lstrip()[:5] == b"%PDF-":
        return _pdf_text(data)
    if b"\x00" in data[:4096]:
        raise ReportUnreadable("This file is neither text nor PDF. Please upload a .txt or .pdf report.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReportUnreadable("This PDF is protected by a password. Please upload an unprotected copy.")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise ReportUnreadable(f"This PDF has more than {MAX_PDF_PAGES} pages; please upload the report alone.")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except ReportUnreadable:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ReportUnreadable("This PDF could not be read. It may be damaged.") from exc
    if not text.strip():
        raise ReportUnreadable(
            "No text was found in this PDF. It may be a scanned image; please type the key results instead."
        )
    return text


# --- finding what the report says ---------------------------------------------------------------

_CLAUSE_SPLIT = re.compile(r"\n+|;|\.(?=\s|$)")


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE_SPLIT.split(text) if c.strip()]


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    status: Status
    forward: bool


def _cues(clause: str, terms: _Terms) -> list[_Cue]:
    """Status words in the clause; negative ones first, so "not detected" is never read as "detected"."""
    masked = clause
    found: list[_Cue] = []
    for status, rx in (("negative", terms.negative), ("unclear", terms.unclear), ("positive", terms.positive)):
        for m in rx.finditer(masked):
            forward = bool(terms.forward.match(clause, m.end()))
            found.append(_Cue(m.start(), m.end(), status, forward))  # type: ignore[arg-type]
            masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    for m in terms.leading_no.finditer(masked):
        found.append(_Cue(m.start(), m.end(), "negative", True))
    return sorted(found, key=lambda c: c.start)


def _mentions(clause: str, terms: _Terms) -> list[tuple[_Marker, int, int]]:
    """Marker mentions, the more specific name winning where two patterns cover the same words."""
    taken: list[tuple[_Marker, int, int]] = []
    for marker in terms.markers:
        for m in marker.pattern.finditer(clause):
            if not any(m.start() < end and start < m.end() for _, start, end in taken):
                taken.append((marker, m.start(), m.end()))
    return sorted(taken, key=lambda t: t[1])


def _leading(cues: list[_Cue], prev_end: int, start: int) -> Status | None:
    """What the words just before a marker say of it: "no EGFR ...", "negative for ALK", "detected in RET"."""
    before = [c for c in cues if prev_end <= c.start < start and c.forward]
    if any(c.status == "negative" for c in before):
        return "negative"  # "no alterations were detected in EGFR" is a negative
    return before[-1].status if before else None


def _own(cues: list[_Cue], end: int, next_start: int, last: bool) -> Status | None:
    """What the words after a marker say of it: "ALK: negative", "EGFR exon 19 deletion detected"."""
    own: list[_Cue] = []
    for c in cues:
        if end <= c.start < next_start:
            if c.forward and not last:
                break  # it speaks of the next marker ("..., positive for KRAS")
            own.append(c)
    for status in ("negative", "unclear", "positive"):
        if any(c.status == status for c in own):
            return status  # type: ignore[return-value]
    return None


def _findings(text: str, terms: _Terms) -> list[Finding]:
    by_marker: dict[str, Finding] = {}
    rank = {"positive": 2, "negative": 1, "unclear": 0}
    for clause in _clauses(text):
        mentions = _mentions(clause, terms)
        if not mentions:
            continue
        cues = _cues(clause, terms)
        inherited: Status | None = None  # a list: "negative for EGFR, ALK and ROS1"
        for i, (marker, start, end) in enumerate(mentions):
            prev_end = mentions[i - 1][2] if i else 0
            next_start = mentions[i + 1][1] if i + 1 < len(mentions) else len(clause)
            leading = _leading(cues, prev_end, start)
            inherited = leading or inherited
            own = _own(cues, end, next_start, last=i + 1 == len(mentions))
            specific = " " in marker.name  # "KRAS G12C" names a variant; "KRAS" alone does not
            status: Status = (
                "negative" if leading == "negative" else own or inherited or ("positive" if specific else "unclear")
            )
            own_text = clause[start:next_start]
            detail = next((label for label, rx in marker.details if rx.search(own_text)), None)
            finding = Finding(
                marker=marker.name,
                status=status,
                detail=detail if status == "positive" else None,
                evidence=redact(clause[:EVIDENCE_CHARS])[0],
            )
            known = by_marker.get(marker.name)
            if known is None or rank[status] > rank[known.status]:
                by_marker[marker.name] = finding
    findings = list(by_marker.values())
    positive = {f.marker for f in findings if f.status == "positive"}
    hidden = {general for specific, general in terms.supersedes.items() if specific in positive}
    return [f for f in findings if f.marker not in hidden]


def _histology(text: str, terms: _Terms) -> tuple[str | None, str | None]:
    for value, detail, rx in terms.histology:
        if rx.search(text):
            return value, detail
    return None, None


def _stage(text: str, terms: _Terms) -> str | None:
    m = terms.stage.search(text)
    if not m:
        return None
    if m.group(1):
        return ROMAN.get(m.group(1), m.group(1).upper()) + (m.group(2) or "").upper()
    return (m.group(3) or m.group(4)).lower()


def _pdl1(text: str, terms: _Terms) -> tuple[int | None, str | None]:
    m = terms.pdl1.search(text)
    if not m:
        return None, None
    value = int(m.group(2))
    if value > 100:
        return None, None
    sign = m.group(1) or ""
    shown = f"{sign}{value}%"
    if sign:
        # "<1%" is recorded as 0; any other bound is shown as written but not turned into a number.
        return (0 if sign == "<" and value <= 1 else None), shown
    return value, shown


def extract_profile(text: str) -> ReportProfile:
    """What the report states about histology, stage, biomarkers and PD-L1."""
    terms = _terms()
    histology, detail = _histology(text, terms)
    findings = _findings(text, terms)
    tps, tps_text = _pdl1(text, terms)
    order = {name: i for i, name in enumerate(biomarker_names())}
    findings.sort(key=lambda f: order.get(f.marker, len(order)))
    return ReportProfile(
        histology=histology,
        histology_detail=detail,
        stage=_stage(text, terms),
        biomarkers=[f.marker for f in findings if f.status == "positive"],
        pdl1_tps=tps,
        pdl1_text=tps_text,
        findings=findings,
        characters=len(text),
    )


def read_report(data: bytes, max_bytes: int = MAX_REPORT_BYTES) -> ReportProfile:
    """A proposed profile from the bytes of an uploaded text or PDF report."""
    return extract_profile(extract_text(data, max_bytes))
