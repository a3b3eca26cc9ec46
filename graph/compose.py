"""Grounded composer: an answer built only from retrieved sentences, each point cited."""

from __future__ import annotations

import re
from typing import Any

from chatbot.drugs import get_lexicon
from chatbot.rails.text import lines_with_sentences, split_sentences
from chatbot.replies import get_replies
from vectorstore.retriever import Passage

from .coverage import MIN_SIMILARITY, assess, not_covered_reply
from .llm_phrase import phrase
from .resources import get_chat_model, get_output_guard, get_retriever
from .sentences import Candidate, candidates, overlap
from .state import State
from .yes_no import is_yes_no, opening

LEAD_SENTENCES = 4  # the direct answer: the best unit, and more from its passage up to this many sentences
LEAD_SHARE = 0.45  # a further lead sentence scores at least this share of the best
MAX_KEY_POINTS = 6
MAX_QUESTIONS = 3
SNIPPET_CHARS = 400
LIST_SHARE = 0.7  # a list shown after the lead scores at least this share of the best
REDUNDANT = 0.6  # word overlap above which a sentence repeats one already used
KEY_POINT_FLOOR = 0.25  # a key point scores at least this share of the best sentence
URGENT_HELP_INTENTS = ("side_effects", "living_with_cancer")
QUESTIONS_HEADING = "**Questions to ask your care team**"
HEADINGS = ("**Key points**", QUESTIONS_HEADING, "**Where to learn more**")


class Citations:
    """Numbers passages in the order they are first cited."""

    def __init__(self) -> None:
        self.passages: list[Passage] = []

    def mark(self, passage: Passage) -> str:
        for i, p in enumerate(self.passages, start=1):
            if (p.doc_id, p.section, p.text) == (passage.doc_id, passage.section, passage.text):
                return f"[{i}]"
        self.passages.append(passage)
        return f"[{len(self.passages)}]"

    def sources(self) -> list[dict[str, Any]]:
        return citation_sources(self.passages)


def citation_sources(passages: list[Passage]) -> list[dict[str, Any]]:
    """Sources in citation order: [n] in the answer is the n-th source."""
    return [
        {
            "id": p.doc_id,
            "title": p.title,
            "citation": p.citation,
            "url": p.url,
            "snippet": p.text[:SNIPPET_CHARS],
            "score": round(p.score, 4),
            "section": p.section,
            "reviewed": p.reviewed,
        }
        for p in passages
    ]


def _bullets_from(passages: list[Passage], limit: int) -> list[str]:
    items = []
    for passage in passages:
        for prefix, sentences in lines_with_sentences(passage.text):
            if prefix and sentences:
                items.append(" ".join(sentences))
    return items[:limit]


def _lead(ranked: list[Candidate]) -> list[Candidate]:
    """The best unit, then more from the same passage (in text order) when they add to the answer."""
    best = ranked[0]
    lead = [best]
    said = len(split_sentences(best.sentence))
    for other in ranked[1:]:
        if other.score < LEAD_SHARE * best.score:
            break
        if other.passage is not best.passage or overlap(other.terms, best.terms) > REDUNDANT:
            continue
        length = len(split_sentences(other.sentence))
        if said + length <= LEAD_SENTENCES:
            lead.append(other)
            said += length
    return [best] + sorted(lead[1:], key=lambda c: c.position)


def _key_points(ranked: list[Candidate], used: list[Candidate]) -> list[Candidate]:
    """Diverse, relevant sentences: each adds something the answer does not say yet."""
    floor = KEY_POINT_FLOOR * max(c.score for c in [*ranked, *used])
    points: list[Candidate] = []
    for candidate in ranked:
        if len(points) >= MAX_KEY_POINTS or candidate.score < floor:
            break
        chosen = used + points
        if candidate in chosen or any(overlap(candidate.terms, c.terms) > REDUNDANT for c in chosen):
            continue
        points.append(candidate)
    return points


URGENT_HELP = re.compile(
    r"\b(?:911|emergency number|urgent line|24-hour line|emergency department|call your (?:care )?team right away)\b",
    re.I,
)
URGENT_FROM_PASSAGES = 3  # only the best passages: the urgent signs must be about what was asked


def _when_to_get_help(ranked: list[Candidate], used: list[Candidate]) -> Candidate | None:
    """The passages' own 'call 911 if...' line or list, when the answer does not say when to get help yet."""
    said = " ".join(" ".join((c.sentence, *c.items)) for c in used)
    if URGENT_HELP.search(said):
        return None
    urgent = (c for c in ranked if c.rank < URGENT_FROM_PASSAGES and c not in used and URGENT_HELP.search(c.sentence))
    return next(urgent, None)


def _with_context(evidence: Candidate, units: list[Candidate]) -> Candidate:
    """The unit that holds a yes/no reason, so 'They are not chemotherapy.' comes with what 'they' is."""
    return next((u for u in units if u.passage is evidence.passage and evidence.sentence in u.sentence), evidence)


def _list_block(candidate: Candidate, citations: Citations) -> str:
    return f"{candidate.sentence} {citations.mark(candidate.passage)}\n" + "\n".join(f"- {i}" for i in candidate.items)


def build_answer(
    question: str, passages: list[Passage], intro: str | None = None, urgent_help: bool = False
) -> tuple[str, list[dict[str, Any]], list[str]]:
    """The answer, its sources, and the grounding: every text the answer was allowed to draw from.

    With `urgent_help` (a question about symptoms or life at home), the answer also says when to
    get help at once, if the passages say it and the answer does not yet.
    """
    citations = Citations()
    replies = get_replies()
    grounding = (
        [p.text for p in passages]
        + [f"**{p.section}**" for p in passages if p.section]
        + list(HEADINGS)
        + [replies.disclaimer]
        + ([intro] if intro else [])
    )
    ranked = candidates(question, passages)
    top = ranked[0].score if ranked else 0.0
    lists = [c for c in ranked if c.is_list and c.score >= LIST_SHARE * top][:1]
    listed = {item for c in lists for item in (c.sentence, *c.items)}
    sentences = [c for c in ranked if not c.is_list and c.sentence not in listed]
    parts: list[str] = [intro] if intro else []
    shown: list[Candidate] = list(lists)
    if sentences:  # a direct answer first, even when a list answers best
        lead = _lead(sentences)
        asks_yes_no = not intro and is_yes_no(question)  # only then are single sentences weighed
        verdict = opening(question, candidates(question, passages, by_sentence=True)) if asks_yes_no else None
        if verdict:
            reason = _with_context(verdict.evidence, sentences)
            grounding.append(f"{verdict.word} {reason.sentence}")  # the word and its reason, as shown
            lead = [reason] + [c for c in lead if c is not reason and verdict.evidence.sentence not in c.sentence]
        opener = f"**{verdict.word}** " if verdict else ""
        marks = "".join(dict.fromkeys(citations.mark(c.passage) for c in lead))  # the reason may cite another
        parts.append(opener + " ".join(c.sentence for c in lead) + " " + marks)
        shown += lead
    parts += [_list_block(c, citations) for c in lists]
    points = _key_points([c for c in sentences if c not in shown], shown) if sentences else []
    urgent = _when_to_get_help(ranked, shown + points) if urgent_help else None
    if urgent and not urgent.is_list:
        points.append(urgent)
    if points:
        parts.append("**Key points**\n" + "\n".join(f"- {c.sentence} {citations.mark(c.passage)}" for c in points))
    if urgent and urgent.is_list:
        parts.append(_list_block(urgent, citations))
    retriever = get_retriever()
    if passages:
        question_sections = retriever.sections(passages[0].doc_id, "questions")
        learn_sections = retriever.sections(passages[0].doc_id, "learn_more")
        grounding += [p.text for p in question_sections + learn_sections]
        questions = _bullets_from(question_sections, MAX_QUESTIONS)
        if questions:
            parts.append(f"{QUESTIONS_HEADING}\n" + "\n".join(f"- {q}" for q in questions))
        learn = _bullets_from(learn_sections, 3)
        if learn:
            parts.append("**Where to learn more**\n" + "\n".join(f"- {item}" for item in learn))
    parts.append(replies.disclaimer)
    return "\n\n".join(parts), citations.sources(), grounding


def _dosing_passages(passages: list[Passage], drugs: list[str]) -> list[Passage]:
    """For a dose question, the passages about the drug asked about (general facts only)."""
    if not drugs:
        return [p for p in passages if p.similarity >= MIN_SIMILARITY]
    return [p for p in passages if any(d in p.text.lower() for d in drugs)]


def compose(state: State) -> dict[str, Any]:
    passages = [Passage(**p) for p in state.get("passages", [])]
    question = state["standalone"]
    replies = get_replies()
    if state.get("intent") == "dosing":
        drugs = [d.generic for d in get_lexicon().find(question)]
        relevant = _dosing_passages(passages, drugs)
        intro = replies.fragment("dosing_intro")
        if not relevant:
            return _fixed(f"{intro}\n\n{replies.text('dosing_no_info')}")
        answer, sources, grounding = build_answer(question, relevant, intro=intro)
        return {"answer": answer, "sources": sources, "grounding": grounding}
    coverage = assess(question, passages)
    if not coverage.answerable:
        reply = not_covered_reply(coverage, state.get("stored_question", ""))
        return {**_fixed(reply), "notes": [*state.get("notes", []), "no passage good enough"]}
    model = get_chat_model()
    notes = list(state.get("notes", []))
    if model is not None:
        phrased, phrasing_notes = phrase(model, question, passages, get_output_guard())
        notes += phrasing_notes
        if phrased is not None:
            grounding = [p.text for p in passages] + [replies.disclaimer]
            return {"answer": phrased, "sources": citation_sources(passages), "grounding": grounding, "notes": notes}
    urgent_help = state.get("intent") in URGENT_HELP_INTENTS
    answer, sources, grounding = build_answer(question, passages, urgent_help=urgent_help)
    return {"answer": answer, "sources": sources, "grounding": grounding, "notes": notes}


def _fixed(text: str) -> dict[str, Any]:
    """A reply written in full by the product: its own grounding."""
    return {"answer": text, "sources": [], "grounding": [text]}
