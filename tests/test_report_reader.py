"""Reading a report: what it states is proposed, what it denies or leaves open is never made a finding."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml

from chatbot.report_reader import ReportUnreadable, extract_profile, read_report
from core.models import Profile
from tests.pdf_builder import text_pdf

CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "data" / "report_cases.yaml").read_text())


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_report_findings(case: dict[str, Any]) -> None:
    report = extract_profile(case["text"])
    status = {f.marker: f.status for f in report.findings}
    assert report.biomarkers == case["positive"]
    for marker in case.get("negative", []):
        assert status.get(marker) == "negative", marker
    for marker in case.get("unclear", []):
        assert status.get(marker) == "unclear", marker
    for marker, detail in case.get("detail", {}).items():
        assert next(f.detail for f in report.findings if f.marker == marker) == detail
    if "histology" in case:
        assert report.histology == case["histology"]
    if "stage" in case:
        assert report.stage == case["stage"]
    if "pdl1" in case:
        assert report.pdl1_tps == case["pdl1"]
    if "pdl1_text" in case:
        assert report.pdl1_text == case["pdl1_text"]
    assert report.empty == case.get("empty", False)


def test_proposal_fits_the_profile_and_evidence_is_redacted() -> None:
    report = extract_profile(CASES[0]["text"])
    profile = Profile(role="patient", **report.profile_fields())
    assert profile.histology == "nsclc" and profile.stage == "IIIA" and profile.pdl1_tps == 80
    evidence = " ".join(f.evidence for f in report.findings)
    assert "12345678" not in evidence and "Smith" not in evidence


def test_pdf_report_is_read_locally() -> None:
    pdf = text_pdf(["Diagnosis: invasive adenocarcinoma of the lung", "ALK: rearrangement detected", "Stage IV"])
    report = read_report(pdf)
    assert report.histology == "nsclc" and report.biomarkers == ["ALK"] and report.stage == "IV"


def test_text_report_in_latin1_is_read() -> None:
    report = read_report("Adénocarcinome; EGFR: L858R détecté. Adenocarcinoma.".encode("latin-1"))
    assert report.biomarkers == ["EGFR"]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "neither text nor PDF"),
        (b"%PDF-1.4\n this is not really a pdf", "could not be read"),
        (text_pdf([]), "scanned image"),
    ],
    ids=["empty", "image", "damaged-pdf", "scan-without-text"],
)
def test_unreadable_files_get_a_clear_message(data: bytes, says: str) -> None:
    with pytest.raises(ReportUnreadable, match=says):
        read_report(data)


def test_password_protected_pdf_is_refused_with_a_reason() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(["EGFR positive"]))))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ReportUnreadable, match="password"):
        read_report(out.getvalue())


def test_oversized_file_is_refused() -> None:
    with pytest.raises(ReportUnreadable, match="larger than"):
        read_report(b"EGFR positive " * 100, max_bytes=100)
