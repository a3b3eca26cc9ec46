"""The grounded composer: relevant sentences first, a yes or no only when the evidence says it."""

from __future__ import annotations

import pytest

from evals.suite import Context, SuiteResult
from evals.suites.answers import SUITE, grounded_share, opens_with
from graph.compose import LIST_SHARE
from graph.sentences import candidates, get_cues, passage_units, question_terms
from vectorstore.retriever import Passage
from vectorstore.term_weights import terms_of


def test_opening_and_groundedness_helpers() -> None:
    assert opens_with("**No.** It is not.", "no") and not opens_with("Not always.", "no")
    assert grounded_share("Radon causes cancer. [1]\n\n- Cats fly.", ["Radon causes cancer."]) == (1, 2)


@pytest.fixture(scope="module")
def answers(bot) -> SuiteResult:  # type: ignore[no-untyped-def]
    return SUITE.run(Context(bot.settings, progress=False))


def test_answers_are_grounded_cited_and_never_state_a_trap(answers: SuiteResult) -> None:
    m = answers.metrics
    assert m["cases"] >= 120
    assert m["groundedness"] == 1.0
    assert m["wrong_facts"] == 0 and m["missing_disclaimer"] == 0
    assert m["relevant_cited_rate"] >= 0.9
    # Today's level, so a change that loses facts shows; the target is higher (see evals/thresholds.toml).
    assert m["pass_rate"] >= 0.94


def test_no_wrong_yes_or_no(answers: SuiteResult) -> None:
    from evals.suites.answers import load_cases

    expected = {c["id"]: c.get("expect_yes_no") for c in load_cases()}
    for result in answers.cases:
        for word in ("yes", "no"):
            if opens_with(result.details["answer"], word):
                assert expected[result.id] == word, result.id  # a case without one must open with neither
    opened = sum(opens_with(r.details["answer"], expected[r.id]) for r in answers.cases if expected[r.id])
    assert opened >= 30  # of 34: the evidence-based judge answers most yes/no questions with their word


def passage(text: str, section: str = "s") -> Passage:
    return Passage(
        doc_id="d", title="t", section=section, text=text, citation="c", url=None, reviewed="2026-01-01", score=1.0
    )


def test_a_sentence_that_refers_back_stays_with_the_one_it_refers_to() -> None:
    units = passage_units(
        passage(
            "Tarlatamab treats small cell lung cancer that grew after chemo. The FDA gave it full approval in 2025."
        )
    )
    assert [u.text for u in units] == [
        "Tarlatamab treats small cell lung cancer that grew after chemo. The FDA gave it full approval in 2025."
    ]


def test_a_list_stays_with_its_lead_in_and_fragments_never_stand_alone() -> None:
    text = (
        "Common side effects include:\n\n- High blood pressure.\n- Tiredness.\n"
        "- Lobectomy: the surgeon removes a whole lobe of the lung.\n\nAsk your team about each one of them."
    )
    units = passage_units(passage(text))
    lists = [u for u in units if u.items]
    assert len(lists) == 1 and lists[0].text == "Common side effects include:"
    assert lists[0].items[:2] == ("High blood pressure.", "Tiredness.")
    alone = [u.text for u in units if not u.items]
    assert "Tiredness." not in alone and "High blood pressure." not in alone
    assert "Lobectomy: the surgeon removes a whole lobe of the lung." in alone  # labelled: reads on its own


def test_a_list_item_with_a_dose_is_left_out() -> None:
    units = passage_units(passage("Options include:\n- Drug A, 80 mg once a day.\n- Drug B, given as an infusion."))
    assert all("80 mg" not in " ".join((u.text, *u.items)) for u in units)


def test_stage_numbers_are_told_apart() -> None:
    assert "stage1" in terms_of("What is the usual treatment for stage I lung cancer?")
    assert "stage1" not in terms_of("Stage III lung cancer has grown into nearby lymph nodes.")
    assert {"stage1", "stage2"} <= set(terms_of("Early-stage means stage I or stage II."))


def test_the_answer_to_a_which_kinds_question_shows_the_whole_list(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.ask("What types of lung cancer surgery are there?")
    answer = reply.answer.lower()
    assert all(kind in answer for kind in ("wedge resection", "segmentectomy", "lobectomy", "pneumonectomy"))


def test_a_question_about_one_stage_is_not_answered_about_another(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.ask("What is the usual treatment for stage I non-small cell lung cancer?")
    lead = reply.answer.split("\n\n")[0]
    assert "stage III" not in lead and "surgery" in lead.lower()


def test_a_list_item_that_goes_on_from_the_one_before_is_read_with_it() -> None:
    text = (
        "- Squamous cell carcinoma starts in flat cells that line the inside of the airways.\n"
        "- It is usually found in the middle of the chest, near a main airway."
    )
    alone = [u.text for u in passage_units(passage(text, section="")) if not u.items]
    assert alone == [
        "Squamous cell carcinoma starts in flat cells that line the inside of the airways. "
        "It is usually found in the middle of the chest, near a main airway."
    ]


def test_a_question_about_a_symptom_at_home_says_when_to_get_help_at_once(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.ask("What can I do at home when I feel short of breath?")
    assert reply.intent in ("side_effects", "living_with_cancer")
    assert "911" in reply.answer or "urgent line" in reply.answer


def test_a_question_about_a_drug_class_gets_no_urgent_help_line(bot) -> None:  # type: ignore[no-untyped-def]
    reply = bot.ask("What kind of drug is pembrolizumab?")
    assert "911" not in reply.answer


def test_a_drug_question_is_answered_from_the_section_about_its_class() -> None:
    medicines = passage(
        "- **Selpercatinib (Retevmo):** first approved in 2020. It got full FDA approval for RET fusion NSCLC in 2022.",
        section="RET inhibitor medicines",
    )
    effects = passage(
        "Common side effects include:\n\n- High blood pressure.\n- Dry mouth, diarrhea or constipation.",
        section="Side effects of RET inhibitors",
    )
    best = candidates("What side effects should I expect from selpercatinib?", [medicines, effects])[0]
    assert best.sentence == "Common side effects include:" and "High blood pressure." in best.items


def test_a_heading_that_asks_the_question_lifts_its_section() -> None:
    text = "Screening uses a low-dose CT scan of the chest."
    harms = passage(text, section="Harms of lung cancer screening")
    who = passage(text, section="Who should get lung cancer screening")
    assert candidates("Who should get screened for lung cancer?", [harms, who])[0].passage is who


def test_a_what_kind_of_drug_question_prefers_the_sentence_naming_its_class() -> None:
    text = (
        "Checkpoint inhibitors are grouped by the brake they block.\n\n"
        "Ipilimumab is given with nivolumab for some advanced cancers.\n\n"
        "CTLA-4 inhibitors are used together with a PD-1 or PD-L1 inhibitor."
    )
    ranked = [c.sentence for c in candidates("What kind of drug is ipilimumab (Yervoy)?", [passage(text)])]
    assert ranked.index("CTLA-4 inhibitors are used together with a PD-1 or PD-L1 inhibitor.") < ranked.index(
        "Checkpoint inhibitors are grouped by the brake they block."
    )


def test_looking_after_yourself_is_not_a_question_about_what_comes_after() -> None:
    cues = get_cues()
    assert not cues.same_kind("How can I look after myself while caring for him?", "Looking after yourself")
    assert cues.same_kind("What comes after chemoradiation?", "After chemoradiation for lung cancer")


def test_a_paragraph_that_goes_on_about_the_one_before_is_read_with_it() -> None:
    text = (
        "The antibody finds HER2 on the cancer cell and delivers the drug inside.\n\n"
        "In 2022 the FDA gave it accelerated approval for advanced NSCLC with a HER2 mutation."
    )
    assert [u.text for u in passage_units(passage(text))] == [
        "The antibody finds HER2 on the cancer cell and delivers the drug inside. "
        "In 2022 the FDA gave it accelerated approval for advanced NSCLC with a HER2 mutation."
    ]


def test_an_approval_question_is_answered_with_the_kind_of_approval() -> None:
    text = (
        "HER2 pills for lung cancer were approved in 2025.\n\n"
        "HER2 pills for lung cancer were approved in 2025, and this was an accelerated approval."
    )
    ranked = candidates("Are there HER2 pills approved for lung cancer?", [passage(text)])
    assert "accelerated approval" in ranked[0].sentence


def test_who_the_question_is_about_does_not_choose_the_answer() -> None:
    text = (
        "My husband drove me to every visit.\n\n"
        "Caregivers often put their own needs last, which can lead to stress and burnout."
    )
    ranked = candidates("How can a caregiver look after myself while caring for my husband?", [passage(text)])
    assert ranked[0].sentence.startswith("Caregivers often put their own needs last")
    assert "husband" not in question_terms("What should my husband eat during chemo?")


def test_a_long_list_is_judged_by_what_its_lead_in_says_it_is() -> None:
    harms = passage(
        "There are possible harms:\n\n"
        "- A scan may find a nodule that needs another visit and another scan.\n"
        "- A visit may lead to a biopsy for something that is not cancer.\n"
        "- The first scan and each later scan use a little radiation.",
        section="Harms",
    )
    visit = passage("Your doctor talks with you about screening at a visit before the first scan.", section="The visit")
    ranked = candidates("What happens at the visit before my first screening scan?", [harms, visit])
    best = ranked[0]
    harms_list = next(c for c in ranked if c.is_list)
    assert best.passage is visit and harms_list.score < LIST_SHARE * best.score
