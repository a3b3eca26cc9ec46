"""Typos in a question are corrected to the knowledge base's words; real words and abbreviations stay."""

from __future__ import annotations

import pytest

from core import english
from vectorstore import sparse
from vectorstore.spelling import Speller, edit_distance

SECTIONS = [
    "Immunotherapy helps the immune system find cancer cells. A bronchoscopy looks inside the airways.",
    "Osimertinib (Tagrisso) is a targeted therapy. Adenocarcinoma is the most common type. Fatigue is common.",
    "Pneumonitis is inflammation of the lung. An ECG checks the heart.",
    "A tumor can cause anemia. Esophagitis makes swallowing sore.",
    "A screening program invites people each year. Some programs also help people quit smoking.",
]


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller(SECTIONS)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("imunotherapy", "immunotherapy"),
        ("bronchoscpy", "bronchoscopy"),
        ("adenocarcinona", "adenocarcinoma"),
        ("pneumonitus", "pneumonitis"),
        ("fatige", "fatigue"),
    ],
)
def test_a_misspelt_word_becomes_the_knowledge_base_word(speller: Speller, typed: str, meant: str) -> None:
    assert speller.correct(f"what is {typed}?") == f"what is {meant}?"


@pytest.mark.parametrize(
    "text",
    [
        "Is it normal to get winded on the stairs?",  # English words the knowledge base never uses
        "What does ECOG mean?",  # an abbreviation in capitals is not a typo of ECG
        "wat is it",  # too short to guess
        "What is a Pancoast tumor?",  # a real term the knowledge base lacks: nothing close to correct it to
    ],
)
def test_real_words_and_abbreviations_are_left_alone(speller: Speller, text: str) -> None:
    assert speller.correct(text) == text


@pytest.mark.parametrize(
    ("british", "american"),
    [("tumour", "tumor"), ("anaemia", "anemia"), ("oesophagitis", "esophagitis"), ("programme", "program")],
)
def test_a_british_spelling_meets_the_knowledge_base_spelling(speller: Speller, british: str, american: str) -> None:
    assert speller.correct(f"is {british} common") == f"is {american} common"


def test_the_knowledge_base_usual_spelling_wins_over_one_it_names_once() -> None:
    speller = Speller(["Diarrhea is common. Diarrhea can be treated.", "Diarrhoea is the British spelling."])
    assert speller.correct("is diarrhoea common") == "is diarrhea common"


@pytest.mark.parametrize(
    ("everyday", "kb"),
    [
        ("skin care during radiotherapy", "skin care during radiation therapy"),
        ("Should I have the flu jab?", "Should I have the flu vaccine?"),
        ("my GP says", "my primary care doctor says"),
        ("is alectinib a capsule", "is alectinib a pill"),
        ("a carer's guide", "a caregiver's guide"),
        ("constipation on the pain meds", "constipation on the pain medicines"),
    ],
)
def test_everyday_and_british_words_read_as_the_knowledge_base_words(speller: Speller, everyday: str, kb: str) -> None:
    assert speller.correct(everyday) == kb


def test_a_word_variant_is_a_whole_word() -> None:
    assert Speller(SECTIONS).correct("a jabber and a tabletop") == "a jabber and a tabletop"


def test_a_word_joined_to_another_by_a_hyphen_keeps_its_name() -> None:
    """'Lung-RADS' is the score on a screening report, not radiation; 'rads' alone still is."""
    speller = Speller(SECTIONS)
    assert speller.correct("What does Lung-RADS 3 mean?") == "What does Lung-RADS 3 mean?"
    assert speller.correct("how many rads will I get") == "how many radiation will I get"


def test_word_forms_share_a_root() -> None:
    assert sparse.root("radiated") == sparse.root("radiation") == sparse.root("radiate")
    assert sparse.root("biopsies") == sparse.root("biopsy")


def test_a_question_in_everyday_words_is_covered(retriever) -> None:  # type: ignore[no-untyped-def]
    """'radiated' and 'radiotherapy' are held by the sections on radiation, so the question is answered."""
    passages = retriever.search("my wife's skin is red where they radiated, is that normal", k=3)
    assert passages[0].doc_id == "radiation-side-effects" and passages[0].coverage >= 0.5
    passages = retriever.search("how should I look after my skin during radiotherapy to the chest", k=3)
    assert passages[0].doc_id == "radiation-side-effects" and passages[0].coverage >= 0.5


def test_a_word_is_not_taken_for_a_much_shorter_one(speller: Speller) -> None:
    assert Speller(["Cancer can spread to other organs."]).correct("organise my care") == "organise my care"


def test_edit_distance_counts_a_swap_as_one_edit() -> None:
    assert edit_distance("fatigue", "fatgiue") == 1
    assert edit_distance("fatigue", "fatige") == 1
    assert edit_distance("chemo", "chemotherapy") == 7


def test_everyday_words_tell_less_than_rare_ones() -> None:
    assert english.telling("normal") < english.telling("paperwork") < english.telling("lobectomy") == 1.0
    assert english.telling("pancoast") == 1.0  # not an everyday word at all


def test_a_misspelt_question_finds_its_section(retriever) -> None:  # type: ignore[no-untyped-def]
    passages = retriever.search("wat is imunotherapy and dose it work for lung cancer", k=3)
    assert passages[0].doc_id.startswith("immunotherapy")
