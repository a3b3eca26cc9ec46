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
<!-- questions
- What is a sample?
- Why do samples matter?
-->

Summary sentence one. Summary sentence two.

## First section
<!-- questions
- What does the first section say?
-->
Text of the first section.

## Questions to ask your care team
- What is my stage?

## Where to learn more
- National Cancer Institute (cancer.gov)
"""


def test_sections_become_whole_chunks_with_the_questions_they_answer(tmp_path: Path) -> None:
    path = tmp_path / "sample-doc.md"
    path.write_text(DOC)
    doc = parse_document(path)
    chunks = chunk_document(doc)
    assert [c.kind for c in chunks] == ["content", "content", "care_team", "learn_more"]
    assert chunks[0].questions == ("What is a sample?", "Why do samples matter?")
    assert chunks[1].section == "First section" and chunks[1].key == "sample-doc#First section"
    assert chunks[1].questions == ("What does the first section say?",)
    assert "<!--" not in chunks[1].text and "<!--" not in doc.body
    assert chunks[1].embed_text.startswith("A sample document. First section.")
    assert doc.citation == "NCI PDQ, 2025"


def test_a_long_section_stays_whole(tmp_path: Path) -> None:
    para = " ".join(["word"] * 150)
    path = tmp_path / "sample-doc.md"
    path.write_text(DOC.replace("Text of the first section.", f"{para}\n\n{para}\n\n{para}"))
    content = [c for c in chunk_document(parse_document(path)) if c.section == "First section"]
    assert len(content) == 1 and len(content[0].text.split()) == 450


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
