from pathlib import Path

import pytest

from vectorstore.documents import CorpusError, chunk_document, load_corpus, parse_document

DOC = """---
id: sample-doc
title: A sample document
topics: [treatment]
audience: [patient]
sources:
  - name: NCI PDQ
    year: 2025
    url: https://www.cancer.gov
reviewed: 2026-11-26
---
# A sample document

Summary sentence one. Summary sentence two.

## First section
Text of the first section.

## Questions to ask your care team
- What is my stage?

## Where to learn more
- National Cancer Institute (cancer.gov)
"""


def test_sections_become_chunks_that_name_their_document(tmp_path: Path) -> None:
    path = tmp_path / "sample-doc.md"
    path.write_text(DOC)
    doc = parse_document(path)
    chunks = chunk_document(doc)
    assert [c.kind for c in chunks] == ["content", "content", "questions", "learn_more"]
    assert chunks[1].section == "First section"
    assert chunks[1].embed_text.startswith("A sample document. First section.")
    assert doc.citation == "NCI PDQ, 2025"


def test_long_sections_are_split_at_paragraphs(tmp_path: Path) -> None:
    para = " ".join(["word"] * 150)
    path = tmp_path / "sample-doc.md"
    path.write_text(DOC.replace("Text of the first section.", f"{para}\n\n{para}\n\n{para}"))
    content = [c for c in chunk_document(parse_document(path)) if c.section == "First section"]
    assert len(content) == 3
    assert all(len(c.text.split()) <= 220 for c in content)


def test_missing_front_matter_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("# No front matter\n")
    with pytest.raises(CorpusError, match="no front matter"):
        parse_document(path)


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(DOC)
    (tmp_path / "b.md").write_text(DOC)
    with pytest.raises(CorpusError, match="duplicate"):
        load_corpus(tmp_path)


def test_chunk_ids_are_stable_and_content_addressed(tmp_path: Path) -> None:
    path = tmp_path / "sample-doc.md"
    path.write_text(DOC)
    first = [c.content_hash for c in chunk_document(parse_document(path))]
    second = [c.content_hash for c in chunk_document(parse_document(path))]
    assert first == second
    path.write_text(DOC.replace("Text of the first section.", "Changed text."))
    third = [c.content_hash for c in chunk_document(parse_document(path))]
    assert third[0] == first[0] and third[1] != first[1]
