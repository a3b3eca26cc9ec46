"""The personal-details rail: what is stored is redacted, Presidio first and the patterns as a second net."""

from __future__ import annotations

import pytest

from rails.pii import asks_about_a_place, redact
from tests.rails.screening import verdict


@pytest.mark.parametrize("text", ["my email is jo@example.com"])
def test_the_rail_finds_what_it_guards(text: str) -> None:
    assert "pii" in verdict("pii", text)


@pytest.mark.parametrize("text", ["what is osimertinib"])
def test_ordinary_questions_pass(text: str) -> None:
    assert "pii" not in verdict("pii", text)


def test_pii_rail_gives_the_stored_copy() -> None:
    found = verdict("pii", "I'm Jo, call me on 555-123-4567 about my biopsy")
    assert "555" not in found["pii"]["stored"] and "[PHONE]" in found["pii"]["stored"]


def test_personal_details_are_redacted() -> None:
    text, changed = redact("My name is John Smith, call 555-123-4567 or john@example.com, MRN 448812")
    assert changed
    for secret in ("John Smith", "555-123-4567", "john@example.com", "448812"):
        assert secret not in text


@pytest.mark.parametrize(
    "question",
    [
        "¿Qué es la inmunoterapia?",
        "Wie wirkt eine Immuntherapie bei Lungenkrebs?",
        "Quels sont les effets secondaires de la chimiothérapie?",
        "Che cos'è l'immunoterapia per il cancro ai polmoni?",
        "肺がんの免疫療法とは何ですか?",
        "ما هو العلاج المناعي لسرطان الرئة؟",
    ],
)
def test_a_question_in_another_language_keeps_its_words(question: str) -> None:
    """The English model calls everyday words of other languages people or places; the question must
    survive to be answered."""
    assert redact(question) == (question, False)


@pytest.mark.parametrize(
    "question",
    [
        "My husband's screening CT came back Lung-RADS 2, what does that mean?",
        "What is Chantix?",
        "Whom should I call at night if I have a problem?",
        "metallic taste from chemo?",
        "My CT report says emphysema, what does that mean?",
        "Why is it called small cell lung cancer?",
        "I'm terrified of chemo. What are the side effects?",
        "im devastated, my dad has stage 4",
    ],
)
def test_the_words_of_the_field_are_not_taken_for_names(question: str) -> None:
    """A scale, a medicine the knowledge base names, a function word, an everyday word in lower case or a
    feeling after "I'm" is not a name: redacted, the question could no longer be answered."""
    assert redact(question) == (question, False)


@pytest.mark.parametrize(
    ("message", "name"),
    [
        ("my husband John has stage 4", "John"),
        ("my wife Hope is on chemo", "Hope"),
        ("my daughter is called Grace", "Grace"),
    ],
)
def test_a_name_that_is_also_an_everyday_word_is_still_redacted(message: str, name: str) -> None:
    text, changed = redact(message)
    assert changed and name not in text


def test_a_name_in_another_language_is_still_redacted() -> None:
    text, changed = redact("Mi padre Juan García tiene cáncer de pulmón. ¿Qué tratamientos hay?")
    assert changed and "Juan" not in text and "García" not in text
    assert "¿Qué tratamientos hay?" in text


def test_a_name_with_particles_is_redacted_whole() -> None:
    text, _ = redact("my name is Maria del Carmen Lopez and my wife Ann takes Tagrisso")
    assert "Maria" not in text and "Carmen" not in text and "Lopez" not in text and "Ann" not in text
    assert "Tagrisso" in text  # a drug after a name is not part of it


def test_personal_details_never_reach_the_log_or_the_checkpoint(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.ask("My name is Jo Smith, email jo.smith@example.com, what is osimertinib?", thread_id="pii-log")
    assert "pii_redacted" in reply.safety.flags
    log = bot.settings.log_path.read_text(encoding="utf-8")
    assert "thread=pii-log" in log
    assert "jo.smith@example.com" not in log and "Jo Smith" not in log and "[EMAIL]" in log
    stored = " ".join(t["content"] for t in bot.history("pii-log"))
    assert "jo.smith@example.com" not in stored and "[EMAIL]" in stored


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("can you recommend a good oncologist in Denver", True),
        ("what are the visiting hours on the oncology ward at St Mary's", True),
        ("I live in Denver, can I get screened for lung cancer?", False),  # the place is context
        ("We moved to Denver last year. What is immunotherapy?", False),
    ],
)
def test_a_question_that_asks_about_a_particular_place_is_told_from_one_that_only_mentions_it(
    text: str, local: bool
) -> None:
    assert asks_about_a_place(redact(text)[0]) is local
