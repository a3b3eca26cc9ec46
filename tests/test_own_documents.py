"""A clinic's own guidelines: added from Markdown, HTML and PDF, answered and cited, listed and removed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.settings import Settings
from tests.pdf_builder import text_pdf
from vectorstore.documents import chunk_document, parse_document
from vectorstore.loaders import LoaderError, add_documents, to_markdown

PDT = """---
title: Photodynamic therapy for tumours in the airway
sources:
  - name: Riverside Cancer Centre thoracic guideline
    year: 2026
reviewed: 2026-03-14
topics: [treatment]
---
# Photodynamic therapy for tumours in the airway

Photodynamic therapy (PDT) uses a light-sensitive medicine and a thin laser light to destroy cancer cells that
block an airway. It is used to open the airway and ease breathing, not usually to cure the cancer.

## Side effects of photodynamic therapy

For some weeks afterwards the skin and eyes are very sensitive to sunlight and bright indoor light. People are
asked to stay out of direct sunlight and cover their skin.
"""

SHUTTLE = """<!doctype html><html><head>
<title>Getting to your radiotherapy appointments at Riverside</title>
<meta name="source" content="Riverside Cancer Centre patient services">
<meta name="reviewed" content="2026-02-01">
<script>var tracking = 1;</script>
</head><body><nav>Home | Services</nav>
<h1>Getting to your radiotherapy appointments at Riverside</h1>
<p>Radiotherapy often means a visit every weekday for several weeks.</p>
<h2>Free shuttle bus</h2>
<!-- questions
- Is there a bus to the radiotherapy entrance?
-->
<p>A free shuttle bus runs from the railway station to the radiotherapy entrance every twenty minutes.</p>
<h2>Parking</h2>
<ul><li>Patients on radiotherapy get a free parking permit.</li><li>Blue-badge spaces are by the entrance.</li></ul>
</body></html>
"""

CRYO_LINES = [
    "Cryotherapy for blocked airways",
    "Cryotherapy freezes tumour tissue that blocks a large airway so that it can be removed.",
    "What to expect afterwards",
    "You may cough up dead tissue for a few days.",
]
CRYO_META = "source: Riverside Cancer Centre thoracic guideline\nsource_year: 2026\nreviewed: 2026-04-02\n"


def _folder(root: Path) -> Path:
    folder = root / "guidelines"
    folder.mkdir()
    (folder / "photodynamic-therapy.md").write_text(PDT)
    (folder / "shuttle.html").write_text(SHUTTLE)
    (folder / "cryotherapy.pdf").write_bytes(text_pdf(CRYO_LINES))
    (folder / "cryotherapy.yaml").write_text("title: Cryotherapy for blocked airways\n" + CRYO_META)
    return folder


def test_each_format_becomes_a_corpus_document_with_sections(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    settings = Settings(data_dir=tmp_path / "data")
    report = add_documents(folder, settings)
    assert sorted(report.added) == ["cryotherapy", "photodynamic-therapy", "shuttle"]
    docs = {p.stem: parse_document(p) for p in settings.added_documents_dir.glob("*.md")}

    shuttle = docs["shuttle"]
    assert shuttle.title == "Getting to your radiotherapy appointments at Riverside"
    assert shuttle.citation == "Riverside Cancer Centre patient services, 2026" and shuttle.reviewed == "2026-02-01"
    assert "tracking" not in shuttle.body and "Home | Services" not in shuttle.body
    assert "<!-- questions\n- Is there a bus to the radiotherapy entrance?\n-->" in shuttle.raw_body
    sections = {c.section: c.text for c in chunk_document(shuttle)}
    asks = {c.section: c.questions for c in chunk_document(shuttle)}
    assert "Is there a bus to the radiotherapy entrance?" in asks["Free shuttle bus"]
    assert "twenty minutes" in sections["Free shuttle bus"]
    assert sections["Parking"].splitlines() == [
        "- Patients on radiotherapy get a free parking permit.",
        "- Blue-badge spaces are by the entrance.",
    ]

    cryo = docs["cryotherapy"]
    assert cryo.citation == "Riverside Cancer Centre thoracic guideline, 2026"
    assert [c.section for c in chunk_document(cryo)] == ["Summary", "What to expect afterwards"]
    assert docs["photodynamic-therapy"].topics == ["treatment"]


def test_adding_the_same_folder_again_changes_nothing(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    settings = Settings(data_dir=tmp_path / "data")
    add_documents(folder, settings)
    again = add_documents(folder, settings)
    assert again.added == again.updated == [] and len(again.unchanged) == 3
    (folder / "cryotherapy.yaml").write_text("title: Cryotherapy for blocked airways\n" + CRYO_META.replace("04", "05"))
    assert add_documents(folder, settings).updated == ["cryotherapy"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.md", PDT.replace("reviewed: 2026-03-14\n", ""), "a.md: missing field 'reviewed'"),
        (
            "b.md",
            PDT.replace("title: Photodynamic therapy for tumours in the airway\n", ""),
            "b.md: missing field 'title'",
        ),
        (
            "c.md",
            PDT.replace("sources:\n  - name: Riverside Cancer Centre thoracic guideline\n    year: 2026\n", ""),
            "c.md: missing field 'source'",
        ),
        (
            "d.html",
            SHUTTLE.replace('<meta name="source" content="Riverside Cancer Centre patient services">', ""),
            "d.html: missing field 'source'",
        ),
        (
            "e.html",
            SHUTTLE.replace('content="2026-02-01"', 'content="last spring"'),
            "e.html: field 'reviewed' must be a date",
        ),
        ("f.md", PDT.replace("---\ntitle", "title", 1), "f.md: no front matter"),
    ],
)
def test_a_missing_field_names_the_file_and_the_field(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(LoaderError, match=message):
        to_markdown(path)


def test_a_pdf_needs_its_metadata_file_and_a_bad_file_adds_nothing(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "cryotherapy.yaml").unlink()
    settings = Settings(data_dir=tmp_path / "data")
    with pytest.raises(LoaderError, match=r"cryotherapy.pdf: missing its metadata file cryotherapy.yaml"):
        add_documents(folder, settings)
    assert not settings.added_documents_dir.exists() or not any(settings.added_documents_dir.iterdir())


def test_an_id_of_the_built_in_knowledge_base_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "what-is-lung-cancer.md").write_text(PDT)
    with pytest.raises(LoaderError, match="taken by the built-in knowledge base"):
        add_documents(folder, Settings(data_dir=tmp_path / "data"))


def _cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LUNG_CHAT_DATA_DIR": str(data), "OTEL_SDK_DISABLED": "true"}
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args], env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow  # another process
def test_an_added_document_answers_a_question_about_itself_and_is_cited(index_copy: Path, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    first = _cli(index_copy, "ingest", "--from", str(folder))
    assert first.returncode == 0, first.stderr
    assert "added: cryotherapy, photodynamic-therapy, shuttle" in first.stdout
    again = _cli(index_copy, "ingest", "--from", str(folder))
    assert "unchanged: cryotherapy, photodynamic-therapy, shuttle" in again.stdout
    assert "0 added, 0 removed" in again.stdout

    asked = _cli(index_copy, "ask", "What is photodynamic therapy?", "--json")
    reply = json.loads(asked.stdout)
    assert reply["sources"][0]["id"] == "photodynamic-therapy"
    assert reply["sources"][0]["citation"] == "Riverside Cancer Centre thoracic guideline, 2026"
    assert "light-sensitive medicine" in reply["answer"] and "[1]" in reply["answer"]

    removed = _cli(index_copy, "remove", "photodynamic-therapy")
    assert removed.returncode == 0 and "Removed photodynamic-therapy" in removed.stdout
    listed = json.loads(_cli(index_copy, "list", "--json").stdout)
    assert sorted(d["id"] for d in listed if d["added"]) == ["cryotherapy", "shuttle"]
    assert "what-is-lung-cancer" in {d["id"] for d in listed}
    refused = _cli(index_copy, "remove", "what-is-lung-cancer")
    assert refused.returncode == 2 and "built-in knowledge base" in refused.stderr
