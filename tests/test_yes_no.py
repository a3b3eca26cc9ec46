"""Yes/no openings: the word the evidence says, the sentence that says it, or nothing when in doubt.

Questions and passages here are paraphrases and other drugs and topics than the answers dataset,
so the rules are checked for what they mean, not for one wording.
"""

from __future__ import annotations

import uuid

import pytest

from graph.sentences import candidates
from graph.yes_no import Verdict, is_yes_no, opening
from vectorstore.retriever import Passage


def passage(text: str, section: str = "About this medicine", title: str = "Lung cancer treatment") -> Passage:
    return Passage(
        doc_id="d", title=title, section=section, text=text, citation="c", url=None, reviewed="2026-01-01", score=1.0
    )


def judge(question: str, *texts: str) -> Verdict | None:
    """The opening for a question over passages, through the same ranking the composer uses."""
    return opening(question, candidates(question, [passage(t) for t in texts], by_sentence=True))


def test_yes_no_questions_are_recognised() -> None:
    assert is_yes_no("Is Keytruda chemotherapy?")
    assert not is_yes_no("Is crizotinib a capsule or a tablet?")  # a choice, not yes/no
    assert not is_yes_no("Should I stop my medicine before surgery?")  # a decision for the care team
    assert not is_yes_no("What is osimertinib?")
    assert judge("What is nivolumab?", "Nivolumab is not chemotherapy.") is None


@pytest.mark.parametrize(
    ("question", "text", "word", "reason"),
    [
        # A kind of treatment the evidence rules out, by negation or by naming another, exclusive kind.
        (
            "Is nivolumab a targeted therapy?",
            "Nivolumab (Opdivo) is a checkpoint inhibitor. It helps the immune system attack cancer cells.",
            "No.",
            "Nivolumab (Opdivo) is a checkpoint inhibitor.",
        ),
        (
            "Is lorlatinib a chemotherapy drug?",
            "Lorlatinib (Lorbrena) is a third-generation ALK inhibitor. It is a targeted therapy, not chemotherapy.",
            "No.",
            "It is a targeted therapy, not chemotherapy.",
        ),
        (
            "Is amivantamab a CAR-T cell therapy?",
            "Amivantamab (Rybrevant) is a bispecific antibody. No cells are taken out or changed.",
            "No.",
            "Amivantamab (Rybrevant) is a bispecific antibody.",
        ),
        (
            "Is crizotinib a targeted therapy?",
            "Crizotinib (Xalkori) is a tyrosine kinase inhibitor, a kind of targeted therapy.",
            "Yes.",
            "Crizotinib (Xalkori) is a tyrosine kinase inhibitor, a kind of targeted therapy.",
        ),
        # Approval: for what was asked, of the kind asked, and not "only for" something else.
        (
            "Is brigatinib approved for ALK-positive non-small cell lung cancer?",
            "Brigatinib (Alunbrig) is approved for advanced ALK-positive NSCLC. It is taken by mouth.",
            "Yes.",
            "Brigatinib (Alunbrig) is approved for advanced ALK-positive NSCLC.",
        ),
        (
            "Is lifileucel approved for lung cancer?",
            "Lifileucel (Amtagvi) is approved only for advanced melanoma, a skin cancer.",
            "No.",
            "Lifileucel (Amtagvi) is approved only for advanced melanoma, a skin cancer.",
        ),
        (
            "Does adagrasib have full FDA approval?",
            "- **Selpercatinib (Retevmo):** approved in 2020. It got full approval in 2022.\n"
            "- **Adagrasib (Krazati):** a KRAS G12C inhibitor. The FDA gave it accelerated approval in 2022.",
            "No.",
            "The FDA gave it accelerated approval in 2022.",
        ),
        # Order of treatment, either way round.
        (
            "Is immunotherapy the first treatment for ALK-positive lung cancer?",
            "For advanced ALK-positive NSCLC, an ALK inhibitor is usually the first treatment.",
            "No.",
            "For advanced ALK-positive NSCLC, an ALK inhibitor is usually the first treatment.",
        ),
        (
            "Is a ROS1 inhibitor the first treatment for ROS1-positive lung cancer?",
            "For advanced ROS1-positive NSCLC, the first treatment is usually a ROS1 inhibitor pill.",
            "Yes.",
            "For advanced ROS1-positive NSCLC, the first treatment is usually a ROS1 inhibitor pill.",
        ),
        # Absolutes, sameness, possibility.
        (
            "Does a cough always mean lung cancer?",
            "A cough that lasts is a common symptom. A cough is not always a sign of lung cancer.",
            "No.",
            "A cough is not always a sign of lung cancer.",
        ),
        (
            "Is supportive care the same as palliative care?",
            "Palliative care is also called supportive care. It eases symptoms at any stage.",
            "Yes.",
            "Palliative care is also called supportive care.",
        ),
        (
            "Is hospice the same thing as palliative care?",
            "Hospice and palliative care are not the same. Hospice is for the last months of life.",
            "No.",
            "Hospice and palliative care are not the same.",
        ),
        (
            "Can I leave a research study at any time?",
            "Taking part is your choice. You can leave a study at any time, for any reason.",
            "Yes.",
            "You can leave a study at any time, for any reason.",
        ),
    ],
)
def test_the_opening_and_its_reason_follow_the_evidence(question: str, text: str, word: str, reason: str) -> None:
    verdict = judge(question, text)
    assert verdict is not None, question
    assert (verdict.word, verdict.evidence.sentence) == (word, reason)


@pytest.mark.parametrize(
    ("question", "text"),
    [
        # A pronoun stands for what the sentence before it names: here another drug.
        ("Is durvalumab a chemotherapy?", "Carboplatin is a platinum drug. It is a chemotherapy."),
        (
            "Does adagrasib have full FDA approval?",
            "- **Selpercatinib (Retevmo):** approved in 2020. It got full approval in 2022.",
        ),
        # A list item belongs to its own list's label, not to the other one.
        (
            "Can a tissue biopsy show the type of lung cancer?",
            "**Liquid biopsy**\n\n- Cannot show the type of lung cancer.\n\n**Tissue biopsy**\n\n"
            "- Needs a procedure, such as a needle biopsy.",
        ),
        # Not yet known, hedged, or both ways: no opening.
        (
            "Can e-cigarettes cause lung cancer?",
            "E-cigarettes can cause lung damage. Their long-term effects on lung cancer are not yet known.",
        ),
        (
            "Can surgery treat small cell lung cancer?",
            "Surgery is rarely used for small cell lung cancer. It may be an option when the tumor is very small.",
        ),
        (
            "Is osimertinib approved for small cell lung cancer?",
            "Osimertinib (Tagrisso) is approved for EGFR-positive non-small cell lung cancer.",
        ),
        # An absolute is never confirmed; a belief the text reports is not its claim.
        ("Do most lung nodules need a biopsy?", "Most lung nodules need a biopsy or a follow-up scan."),
        (
            "Is it worth quitting smoking after a lung cancer diagnosis?",
            "Some people think there is no point in quitting after a lung cancer diagnosis.",
        ),
        # "Is it safe ...?" is for the care team.
        ("Is it safe to exercise during chemotherapy?", "For most people, staying active is safe and helpful."),
        # A negation in a condition or a relative clause denies nothing the question asks.
        ("Can I work during treatment?", "If you cannot work, you may qualify for disability benefits."),
        (
            "Is durvalumab given after chemoradiation for stage III lung cancer?",
            "Durvalumab is for people whose cancer has not grown after chemoradiation.",
        ),
        # Approved with it is not approved itself; a cause of another disease is not a cause of this one.
        (
            "Is atezolizumab approved for small cell lung cancer?",
            "In 2025 the FDA approved lurbinectedin (Zepzelca) with atezolizumab as maintenance.",
        ),
        ("Can asbestos cause lung cancer?", "Asbestos is the main cause of mesothelioma."),
        # "They are not chemotherapy" says what a drug is, not whether it is given with chemotherapy.
        (
            "Is pembrolizumab given with chemotherapy?",
            "Checkpoint inhibitors such as pembrolizumab help the immune system. "
            "They are not chemotherapy and not targeted therapy.",
        ),
        # A denial said with doubt.
        ("Does smoking cause mesothelioma?", "Smoking does not seem to raise the risk of mesothelioma by itself."),
        # Common words name a subject only together: lung nodules are not lung cancers.
        ("Are most lung cancers found early?", "Most lung nodules are benign, which means not cancer."),
        ("Is lung cancer always fatal?", "Lung cancer in people who never smoked can also show up at younger ages."),
    ],
)
def test_no_opening_when_the_evidence_is_not_about_it_or_not_clear(question: str, text: str) -> None:
    assert judge(question, text) is None


def test_a_liquid_biopsy_list_item_answers_for_its_own_label() -> None:
    text = (
        "**Liquid biopsy**\n\n- Only needs a blood draw.\n- Cannot show the type of lung cancer.\n\n"
        "**Tissue biopsy**\n\n- Shows the type of lung cancer under a microscope."
    )
    verdict = judge("Can a liquid biopsy show the type of lung cancer?", text)
    assert verdict is not None and verdict.word == "No."
    assert verdict.evidence.sentence == "Cannot show the type of lung cancer."


def test_the_best_ranked_sentence_need_not_be_the_reason() -> None:
    """The reason can sit low in the ranking and in another passage than the lead."""
    question = "Is pembrolizumab a chemotherapy?"
    lead = passage("Pembrolizumab (Keytruda) is often given with chemotherapy for advanced lung cancer.")
    other = passage(
        "Checkpoint inhibitors help the immune system. Examples are pembrolizumab and nivolumab. "
        "They are not chemotherapy and not targeted therapy."
    )
    ranked = candidates(question, [lead, other], by_sentence=True)
    verdict = opening(question, ranked)
    assert verdict is not None and verdict.word == "No."
    assert (
        verdict.evidence.sentence == "They are not chemotherapy and not targeted therapy."
        and verdict.evidence is not ranked[0]
    )


def _lead(answer: str) -> str:
    return answer.split("\n\n")[0]


@pytest.mark.parametrize(
    ("question", "word", "reason"),
    [
        ("Is amivantamab a CAR-T cell therapy?", "No.", "bispecific antibody"),
        ("Does adagrasib have full approval from the FDA?", "No.", "accelerated approval"),
        ("Is immunotherapy the first treatment for ALK-positive lung cancer?", "No.", "ALK inhibitor"),
        ("Is an ALK inhibitor the first treatment for ALK-positive lung cancer?", "Yes.", "ALK inhibitor"),
    ],
)
def test_the_bot_opens_with_the_word_and_then_its_reason(bot, question: str, word: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    lead = _lead(bot.ask(question, thread_id=f"yes-no-{uuid.uuid4().hex[:8]}").answer)
    assert lead.startswith(f"**{word}** ")
    # The reason comes right after the word, with the sentence it refers back to when it says "it".
    first_sentences = lead[len(word) + 5 :].split(". ")[:2]
    assert reason in " ".join(first_sentences)
    assert lead.count(first_sentences[0]) == 1  # the reason is not said twice


@pytest.mark.parametrize(
    "question",
    ["Do e-cigarettes cause lung cancer?", "Is chemotherapy the first treatment for EGFR-positive lung cancer?"],
)
def test_the_bot_gives_no_word_when_the_knowledge_base_does_not_settle_it(bot, question: str) -> None:  # type: ignore[no-untyped-def]
    lead = _lead(bot.ask(question, thread_id=f"yes-no-{uuid.uuid4().hex[:8]}").answer)
    assert not lead.startswith(("**Yes.**", "**No.**"))
