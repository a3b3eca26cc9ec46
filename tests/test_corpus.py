"""The knowledge base itself: complete front matter, no doses, plain language, drugs in the lexicon."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from core.drugs import get_lexicon
from core.models import INTENTS
from core.paths import PACKAGE_ROOT
from rails.no_dosing.dose_patterns import get_dose_patterns
from vectorstore.documents import load_corpus, sections
from vectorstore.readability import corpus_grades

DOCS = load_corpus(PACKAGE_ROOT / "vectorstore" / "corpus")
IDS = [d.id for d in DOCS]


def test_corpus_has_at_least_fifteen_documents() -> None:
    assert len(DOCS) >= 15


@pytest.mark.parametrize("doc", DOCS, ids=IDS)
def test_front_matter_is_complete(doc) -> None:  # type: ignore[no-untyped-def]
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", doc.id)
    assert doc.path.stem == doc.id
    assert doc.topics and set(doc.topics) <= set(INTENTS)
    assert doc.sources
    for source in doc.sources:
        assert source.get("name") and int(source.get("year")) >= 2015, source
    dt.date.fromisoformat(doc.reviewed)
    assert set(doc.meta.get("audience", [])) <= {"patient", "caregiver"}


@pytest.mark.parametrize("doc", DOCS, ids=IDS)
def test_document_shape(doc) -> None:  # type: ignore[no-untyped-def]
    words = len(doc.body.split())
    assert 300 <= words <= 900, f"{words} words"
    questions = doc.body.split("## Questions to ask your care team", 1)
    assert len(questions) == 2, "no 'Questions to ask your care team' section"
    section = questions[1].split("\n## ", 1)[0]
    assert 2 <= section.count("\n- ") <= 4


@pytest.mark.parametrize("doc", DOCS, ids=IDS)
def test_no_dose_amounts_or_schedules(doc) -> None:  # type: ignore[no-untyped-def]
    assert not get_dose_patterns().dose_sentences(doc.body)


def test_average_reading_grade_is_eight_or_below() -> None:
    grades = corpus_grades(DOCS)
    average = sum(grades.values()) / len(grades)
    print(f"\nreading grade: average {average:.1f}, max {max(grades.values()):.1f} ({max(grades, key=grades.get)})")
    assert average <= 8.0
    assert max(grades.values()) <= 10.0


def test_every_lexicon_drug_is_in_the_corpus() -> None:
    text = " ".join(d.body.lower() for d in DOCS)
    missing = [d.generic for d in get_lexicon().drugs if d.generic not in text]
    assert not missing


def test_brand_names_resolve_to_generics() -> None:
    lexicon = get_lexicon()
    assert [d.generic for d in lexicon.find("is tagriso like keytruda")] == ["osimertinib", "pembrolizumab"]
    assert "osimertinib" in lexicon.expand("tagrisso rash")


def test_class_traps_are_right() -> None:
    by_name = {d.generic: d for d in get_lexicon().drugs}
    assert by_name["osimertinib"].kind == "targeted therapy"
    assert "EGFR" in by_name["osimertinib"].drug_class
    assert by_name["pembrolizumab"].kind == "immunotherapy"
    assert by_name["tarlatamab"].kind == "bispecific T-cell engager"
    text = " ".join(d.body for d in DOCS)
    assert not re.search(r"tarlatamab[^.]{0,60}\bis a (?:kind of )?CAR-?T", text, re.I)


def test_each_stated_question_belongs_to_one_section() -> None:
    """A question stated by two sections leaves their texts to break the tie: one section owns it."""
    owners: dict[str, set[str]] = {}
    for doc in DOCS:
        for heading, _, questions in sections(doc.raw_body):
            for question in questions:
                owners.setdefault(" ".join(re.findall(r"\w+", question.lower())), set()).add(f"{doc.id}#{heading}")
    shared = {question: sorted(keys) for question, keys in owners.items() if len(keys) > 1}
    assert not shared
