"""Reading a message against the conversation: follow-ups, swaps, comparisons, topic changes."""

from __future__ import annotations

from core.entities import Entities, extract, read_message


def converse(*messages: str) -> list[tuple[str, str, Entities]]:
    entities: Entities = {}
    last: str | None = None
    out = []
    for message in messages:
        reading = read_message(message, entities, last)
        entities, last = reading.entities, reading.standalone
        out.append((reading.kind, reading.standalone, entities))
    return out


def test_its_side_effects_carries_the_drug() -> None:
    _, (kind, standalone, entities) = converse("What is Tagrisso?", "what are its side effects?")
    assert kind == "follow_up" and "osimertinib" in standalone
    assert entities["drugs"] == ["osimertinib"]


def test_same_as_keytruda_compares_both_drugs() -> None:
    *_, (kind, standalone, entities) = converse("What is osimertinib?", "is that the same as keytruda?")
    assert kind == "compare"
    assert "osimertinib" in standalone and "keytruda" in standalone.lower()
    assert entities["drugs"] == ["pembrolizumab"]


def test_and_for_stage_3_swaps_the_stage_of_the_last_question() -> None:
    _, (kind, standalone, entities) = converse("treatment options for stage 2 non-small cell?", "and for stage 3?")
    assert kind == "swap"
    assert "stage III" in standalone and "stage 2" not in standalone and "options" in standalone
    assert entities["stage"] == "III"


def test_a_new_subject_resets_the_old_one() -> None:
    *_, (_, radon_q, radon), (_, test_q, _) = converse("What is alectinib?", "What is radon?", "how do I test for it?")
    assert radon_q == "What is radon?" and "drugs" not in radon
    assert "radon" in test_q and "alectinib" not in test_q


def test_details_told_after_a_question_re_ask_it() -> None:
    _, (kind, standalone, entities) = converse("how is small cell lung cancer treated?", "it's extensive stage")
    assert kind == "swap" and "treated" in standalone and "extensive" in standalone
    assert entities["histology"] == "sclc" and entities["stage"] == "extensive"


def test_patient_details_outlive_a_change_of_subject() -> None:
    *_, (_, _, entities) = converse("my dad has stage 4 adenocarcinoma", "what is palliative care?")
    assert entities["stage"] == "IV" and entities["histology"] == "nsclc" and entities["relative"] == "dad"


def test_non_small_cell_is_not_small_cell() -> None:
    assert extract("it's non-small cell")["histology"] == "nsclc"
    assert extract("small cell lung cancer")["histology"] == "sclc"
    assert extract("Stage IIIB")["stage"] == "IIIB"


def test_telling_about_a_relatives_illness_marks_a_caregiver() -> None:
    assert extract("My husband has stage 4 lung cancer")["caring"] is True
    assert extract("my dad's scan showed a nodule")["relative"] == "dad"
    assert "caring" not in extract("my husband drove me to my scan")
