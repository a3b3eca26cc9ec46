"""The question grid: every basic question about each subject names a section that answers it."""

from __future__ import annotations

import pytest
import yaml

from core.paths import PACKAGE_ROOT
from vectorstore.documents import chunk_document, load_corpus

GRID = yaml.safe_load((PACKAGE_ROOT / "vectorstore" / "grid.yaml").read_text(encoding="utf-8"))["cells"]
SECTIONS = {c.key: c for d in load_corpus(PACKAGE_ROOT / "vectorstore" / "corpus") for c in chunk_document(d)}
SUBJECTS = {"lung cancer", "NSCLC", "SCLC"}
BASIC_KINDS = {
    "what_it_is", "causes", "inherited", "symptoms", "diagnosis", "tests", "stages", "outlook",
    "treatment_overview", "treatment_by_stage", "prevention", "screening", "how_common", "research",
    "living_food", "living_alcohol", "living_exercise", "living_work", "living_sex", "caregiving",
}  # fmt: skip


@pytest.mark.parametrize("cell", GRID, ids=[f"{c['subject']}:{c['kind']}" for c in GRID])
def test_each_cell_names_a_section_that_states_questions(cell: dict) -> None:  # type: ignore[type-arg]
    section = SECTIONS.get(cell["section"])
    assert section is not None, f"no section {cell['section']}"
    assert section.kind == "content" and 2 <= len(section.questions) <= 6


def test_the_whole_grid_is_filled_for_lung_cancer_nsclc_and_sclc() -> None:
    for subject in SUBJECTS:
        kinds = {c["kind"] for c in GRID if c["subject"] == subject}
        assert BASIC_KINDS <= kinds, f"{subject} lacks {sorted(BASIC_KINDS - kinds)}"


def test_every_content_section_states_the_questions_it_answers() -> None:
    missing = [key for key, s in SECTIONS.items() if s.kind == "content" and not 2 <= len(s.questions) <= 6]
    assert not missing, missing
