"""An answer made of whole sections: the one that answers the question first, shown whole, cited.

Sections are written to stand alone and to open with the direct answer, so no sentence is lifted
out of its paragraph and no number loses the words that frame it. A question with more than one
part gets the best section for each further part (at most two more); a question of one part, the next
sections that answer it about as well while the answer stays short (a third that would make it too long
shows only its first paragraph, which answers its questions directly). A weak best match gets the
honest "not covered" reply with the nearest questions the knowledge base can answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from core.replies import get_replies
from core.text import QUESTION_WORD, asked_sentences, asks
from vectorstore.documents import SUMMARY
from vectorstore.retriever import Passage

from .feelings import acknowledgement

MIN_FIT = 0.45  # the closest stated question must be at least this close (cosine) to answer at all
MIN_COVERAGE = 0.5  # ... and the best sections must hold half the question's telling words (IDF-weighted) ...
SURE_FIT = 0.75  # ... unless its stated question is this close: the same question in other words
WORDS_HELD = 0.9  # a question whose telling words the sections nearly all hold ('what is docetaxel') ...
WORDS_HELD_FIT = 0.25  # ... is answered when its best section is at least this close in meaning
PART_MIN_FIT = 0.60  # a further part is answered only by a section this close to it
MAX_EXTRA_SECTIONS = 2
NEXT_SECTION_MARGIN = 0.3  # a second section for the same question must score this close to the best ...
NEXT_SECTION_FIT = 0.4  # ... and state a question this close to the person's
WORD_BUDGET = 260  # a third such section is shown, whole or its first paragraph, only within this many words
MAX_CARE_TEAM_QUESTIONS = 3
MAX_LEARN_MORE = 3
NEAREST_QUESTIONS = 3
SNIPPET_CHARS = 400
CARE_TEAM_HEADING = "### Questions to ask your care team"
LEARN_MORE_HEADING = "### Where to learn more"
# A new question starts after a question mark, a semicolon, or "and"/"also" followed by a question word.
PART_SPLIT = re.compile(
    rf"(?<=\?)\s+|;\s+|,?\s+(?:and also|also|and)\s+(?={QUESTION_WORD})|,\s+(?={QUESTION_WORD})", re.I
)
MIN_PART_WORDS = 3


@dataclass(frozen=True)
class Answer:
    text: str
    sources: list[dict[str, Any]]
    grounding: list[str]  # every text the answer may draw from: the sections and the product's own phrases
    shown: list[str] = field(default_factory=list)  # section keys shown, in order
    nearest: list[str] = field(default_factory=list)  # for a weak match: questions the knowledge base answers
    answered: bool = True


def question_parts(question: str) -> list[str]:
    """The parts of a question that ask different things ('What is SBRT? What are its side effects?')."""
    parts = [p.strip() for p in PART_SPLIT.split(asked_sentences(question)) if p and p.strip()]
    parts = [p for p in parts if len(p.split()) >= MIN_PART_WORDS]
    first_ask = next((i for i, p in enumerate(parts) if asks(p)), 0)  # 'My dad has stage 4, what ...':
    parts = [", ".join(parts[: first_ask + 1]), *parts[first_ask + 1 :]] if parts else []  # context joins the ask
    return parts or [question.strip()]


def heading_of(passage: Passage) -> str:
    return passage.title if passage.section == SUMMARY else passage.section


def source_of(passage: Passage) -> dict[str, Any]:
    return {
        "id": passage.doc_id,
        "title": passage.title,
        "citation": passage.citation,
        "url": passage.url,
        "snippet": passage.text[:SNIPPET_CHARS],
        "score": round(passage.score, 4),
        "section": passage.section,
        "reviewed": passage.reviewed,
    }


def _bullets(text: str) -> list[str]:
    return [line.strip()[2:].strip() for line in text.splitlines() if line.strip().startswith("- ")]


def _words(passage: Passage) -> int:
    return len(passage.text.split())


def _lead(passage: Passage) -> Passage:
    """The section's first paragraph (with the list it introduces): written to answer its questions directly."""
    blocks = [b for b in passage.text.split("\n\n") if b.strip()]
    kept: list[str] = []
    for block in blocks:
        kept.append(block)
        if not block.rstrip().endswith(":"):
            break
    return replace(passage, text="\n\n".join(kept))


def _chosen_sections(passages: list[Passage]) -> list[Passage]:
    """The opening section, then the best new section for each further part of the question, or for a question
    of one part the next ones that answer it nearly as well: a second when close, a third (or its first paragraph)
    only if the three stay short."""
    by_part: dict[int, list[Passage]] = {}
    for p in passages:
        if p.kind == "content":
            by_part.setdefault(p.part, []).append(p)
    opening = by_part.get(0, [])
    if not opening:
        return []
    chosen = [opening[0]]
    if len(by_part) == 1:  # a question of one part: the next sections that answer it about as well, while short
        for candidate in (p for p in opening[1:] if p.key != opening[0].key):
            close = (
                candidate.score >= opening[0].score - NEXT_SECTION_MARGIN and candidate.similarity >= NEXT_SECTION_FIT
            )
            if len(chosen) > MAX_EXTRA_SECTIONS or not close:
                break
            room = WORD_BUDGET - sum(_words(p) for p in chosen)
            shown = candidate if len(chosen) < 2 or _words(candidate) <= room else _lead(candidate)
            if _words(shown) > room and len(chosen) >= 2:
                break
            chosen.append(shown)
    for part in sorted(k for k in by_part if k > 0):
        best = next((p for p in by_part[part] if p.key not in {c.key for c in chosen}), None)
        if best is not None and best.similarity >= PART_MIN_FIT and len(chosen) <= MAX_EXTRA_SECTIONS:
            chosen.append(best)
    return chosen


def answers(section: Passage) -> bool:
    """Close in meaning is not enough: 'Is it safe to go scuba diving during treatment?' is close to the
    question about exercise during treatment, but no section near it mentions diving."""
    close = section.similarity >= MIN_FIT and (section.coverage >= MIN_COVERAGE or section.similarity >= SURE_FIT)
    return close or (section.coverage >= WORDS_HELD and section.similarity >= WORDS_HELD_FIT)


def nearest_questions(passages: list[Passage], limit: int = NEAREST_QUESTIONS) -> list[str]:
    """The closest questions the knowledge base answers, one per section."""
    out: list[str] = []
    for p in passages:
        ask = p.matched or (p.questions[0] if p.questions else "")
        if p.kind == "content" and ask and ask not in out:
            out.append(ask)
        if len(out) == limit:
            break
    return out


def not_covered(passages: list[Passage]) -> Answer:
    replies = get_replies()
    nearest = nearest_questions(passages)
    body = replies.text("no_answer")
    if nearest:
        lines = "\n".join(f"- {q}" for q in nearest)
        body = body.replace(
            replies.disclaimer, f"{replies.fragment('not_covered_nearest')}\n{lines}\n\n{replies.disclaimer}"
        )
    return Answer(body, [], [body], nearest=nearest, answered=False)


def compose_answer(
    question: str,
    passages: list[Passage],
    profile: dict[str, Any] | None = None,
    *,
    feeling: bool = False,
    about_a_place: bool = False,
    message: str | None = None,
) -> Answer:
    """The answer for `question` from the retrieved `passages` (sections, best first, and the care-team
    questions and further reading of the documents they come from).

    `profile` has already steered retrieval; here it decides nothing medical. With `feeling`, the
    message voiced fear, grief or anger: one line acknowledges it first (naming the feeling of `message`, the
    person's own words, when it names one), support comes last. A question
    `about_a_place` (a hospital's visiting hours, an oncologist in one city) asks for local facts that the
    knowledge base does not hold: the honest "not covered" reply, with the nearest questions it answers.
    """
    del profile  # the ranking of `passages` already weighs it
    replies = get_replies()
    chosen = _chosen_sections(passages)
    if not chosen or not answers(chosen[0]) or about_a_place:
        return not_covered(passages)
    first_line = [acknowledgement(message or question)] if feeling else []
    parts: list[str] = [*first_line]
    sources: list[dict[str, Any]] = []
    for number, section in enumerate(chosen, start=1):
        parts.append(f"### {heading_of(section)} [{number}]\n\n{section.text}")
        sources.append(source_of(section))
    opening_doc = chosen[0].doc_id
    extras = [p for p in passages if p.doc_id == opening_doc and p.kind != "content"]
    asks = [q for p in extras if p.kind == "care_team" for q in _bullets(p.text)][:MAX_CARE_TEAM_QUESTIONS]
    if asks:
        parts.append(CARE_TEAM_HEADING + "\n" + "\n".join(f"- {q}" for q in asks))
    learn = [i for p in extras if p.kind == "learn_more" for i in _bullets(p.text)][:MAX_LEARN_MORE]
    if learn:
        parts.append(LEARN_MORE_HEADING + "\n" + "\n".join(f"- {i}" for i in learn))
    if feeling:
        parts.append(replies.fragment("feeling_support"))
    parts.append(replies.disclaimer)
    own = [replies.disclaimer, replies.fragment("feeling_support"), *first_line]
    headings = [heading_of(c) for c in chosen] + [CARE_TEAM_HEADING, LEARN_MORE_HEADING]
    grounding = [p.text for p in chosen + extras] + headings + own
    return Answer("\n\n".join(parts), sources, grounding, shown=[c.key for c in chosen])


def dosing_answer(medicines: list[str] | None = None) -> Answer:
    """A dose question gets a short reply: whom to ask, the label, why the oncology team sets doses."""
    replies = get_replies()
    named = " or ".join(medicines or []) or "medicine"
    label = replies.fragment("dosing_label").format(medicine=named)
    text = f"{replies.fragment('dosing_intro')}\n\n{label}\n\n{replies.disclaimer}"
    return Answer(text, [], [text], answered=False)
