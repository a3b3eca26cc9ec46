"""Hybrid retrieval over the real corpus."""

from __future__ import annotations

import pytest

from vectorstore.retriever import RetrievalContext


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("wat does tagriso do", "targeted-therapy-egfr"),
        ("is keytruda a kind of chemo", "immunotherapy-checkpoint-inhibitors"),
        ("who should get screened for lung cancer", "lung-cancer-screening"),
        ("what does a spot on my lung mean", "lung-nodules"),
        ("alecensa for ALK positive", "targeted-therapy-alk"),
    ],
)
def test_hybrid_finds_the_right_document_in_the_top_five(retriever, question: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    ids = [p.doc_id for p in retriever.search(question, k=5)]
    assert expected in ids


def test_modes_return_passages_with_citations(retriever) -> None:  # type: ignore[no-untyped-def]
    for mode in ("hybrid", "dense", "sparse"):
        passages = retriever.search("osimertinib side effects", k=3, mode=mode)
        assert passages and all(p.citation and p.title for p in passages)


def test_profile_steers_ranking(retriever) -> None:  # type: ignore[no-untyped-def]
    question = "what treatment options are there"
    sclc = retriever.search(question, k=5, context=RetrievalContext(intent="treatment", histology="sclc"))
    assert any("small cell" in p.title.lower() or "sclc" in p.doc_id for p in sclc[:3])


def test_a_rare_name_in_the_question_finds_the_section_that_holds_it(retriever) -> None:  # type: ignore[no-untyped-def]
    passages = retriever.search("What is Lung-MAP?", k=3)
    assert any("Lung-MAP" in p.text for p in passages)


def test_sections_come_whole_with_the_question_that_matched(retriever) -> None:  # type: ignore[no-untyped-def]
    best = retriever.search("what causes lung cancer", k=3)[0]
    assert best.matched.endswith("?") and best.matched in best.questions
    assert best.similarity > 0.6
    assert len({p.key for p in retriever.search("what causes lung cancer", k=8)}) == 8  # one entry per section


def test_the_story_around_a_question_does_not_make_it_uncovered(retriever) -> None:  # type: ignore[no-untyped-def]
    """Words told around the question ('a stent', 'January') that no section holds count for less than
    the words asked; what is asked must still be held."""
    story = "My husband is 71 and had a stent put in a few years ago. We saw the team in January. "
    told = retriever.search(story + "What does a PD-L1 score of 50% mean for his treatment?", k=3)
    assert told[0].doc_id == "pd-l1-testing" and told[0].coverage >= 0.5
    unheld = retriever.search(story + "Which stent brand lasts the longest for scuba divers?", k=3)
    assert unheld[0].coverage < 0.5  # the question's own words are not in the knowledge base


def test_a_number_the_sections_do_not_hold_counts_for_less_than_a_word(retriever) -> None:  # type: ignore[no-untyped-def]
    """An age or a count is the person's own detail: 'at 60' must not turn a covered question away,
    while a question whose words the knowledge base lacks stays uncovered with a number in it."""
    aged = retriever.search("is it too late to quit smoking at 60", k=3)
    assert aged[0].doc_id == "quitting-smoking" and aged[0].coverage >= 0.5
    unheld = retriever.search("what is the survival rate for 60 year olds with pancreatic cancer", k=3)
    assert unheld[0].coverage < 0.5


def test_words_that_soften_or_stress_a_question_do_not_make_it_uncovered(retriever) -> None:  # type: ignore[no-untyped-def]
    """'Sorry if this is a silly question', 'what exactly', 'how on earth' say how something is asked, not
    what about; a question about something the knowledge base lacks stays uncovered with them."""
    softened = retriever.search("Sorry if this is a silly question but what exactly is chemo?", k=3)
    assert softened[0].doc_id == "chemotherapy" and softened[0].coverage >= 0.5
    unheld = retriever.search("Sorry if this is a silly question but what exactly is scuba diving?", k=3)
    assert unheld[0].coverage < 0.5


def test_a_word_that_the_sections_document_asks_with_is_held(retriever) -> None:  # type: ignore[no-untyped-def]
    """'cope' is how patients ask about fatigue: the fatigue document states it in one of its questions,
    so a section of that document answers 'how do I cope with fatigue', also when another section leads."""
    found = retriever.search("how do I cope with fatigue, I can barely get out of my armchair", k=3)
    assert found[0].doc_id == "fatigue" and found[0].coverage >= 0.5
    diving = retriever.search("Is it safe to go scuba diving during treatment?", k=3)
    assert diving[0].coverage < 0.5  # no document asks about diving


def test_a_medicine_is_held_in_part_by_a_section_on_its_kind(retriever) -> None:  # type: ignore[no-untyped-def]
    """The nausea sections speak of chemotherapy, not of each chemotherapy drug: nausea from carboplatin
    is still what they answer, while a medicine's kind does not hold an unrelated subject."""
    found = retriever.search("how do you deal with the nausea from carboplatin", k=3)
    assert found[0].doc_id == "nausea-and-vomiting" and found[0].coverage >= 0.5
    diving = retriever.search("Can I go scuba diving while on carboplatin?", k=3)
    assert diving[0].coverage < 0.5


def test_a_stated_question_of_the_same_kind_leads(retriever) -> None:  # type: ignore[no-untyped-def]
    """'How do doctors decide ...' wants the way a treatment is chosen, not who decides about medicines;
    a question with no kind of its own ('lung cancer surgery?') is ranked by meaning alone."""
    how = retriever.search("how do doctors decide which treatment i get", k=3)
    assert how[0].key == "lung-cancer-treatment-overview#How your care team chooses a lung cancer treatment"
    assert how[0].matched.lower().startswith("how")
    who = retriever.search("who decides which cancer medicine i get", k=3)
    assert who[0].doc_id == "how-cancer-medicines-are-dosed"


def test_a_question_that_leaves_out_lung_cancer_meets_the_stated_question_that_says_it(retriever) -> None:  # type: ignore[no-untyped-def]
    """'What is immunotherapy?' is 'What is immunotherapy for lung cancer?', not 'How is immunotherapy given?'."""
    top = retriever.search("what is immunotherapy?", k=3)[0]
    assert (top.doc_id, top.section) == ("immunotherapy-checkpoint-inhibitors", "Summary")
    assert top.matched == "What is immunotherapy for lung cancer?"
    assert top.similarity < 0.9  # how close it is as said: what decides whether the question is covered
