"""Grounded composer: an answer built only from retrieved sentences, each point cited."""

from __future__ import annotations

from typing import Any

from chatbot.drugs import get_lexicon
from chatbot.rails.text import lines_with_sentences
from chatbot.replies import get_replies
from vectorstore.retriever import Passage

from .coverage import MIN_SIMILARITY, assess, not_covered_reply
from .llm_phrase import phrase
from .resources import get_chat_model, get_output_guard, get_retriever
from .sentences import Candidate, candidates, overlap
from .state import State
from .yes_no import opening

LEAD_SENTENCES = 3
LEAD_SHARE = 0.45  # a further lead sentence scores at least this share of the best
MAX_KEY_POINTS = 6
MAX_QUESTIONS = 3
SNIPPET_CHARS = 400
REDUNDANT = 0.6  # word overlap above which a sentence repeats one already used
KEY_POINT_FLOOR = 0.25  # a key point scores at least this share of the best sentence
HEADINGS = ("**Key points**", "**Questions to ask your care team**", "**Where to learn more**")


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
    """The best sentence, and a second from the same passage when it adds to the answer, in text order."""
    best = ranked[0]
    lead = [best]
    for other in ranked[1:]:
        if len(lead) >= LEAD_SENTENCES or other.score < LEAD_SHARE * best.score:
            break
        if other.passage is best.passage and overlap(other.terms, best.terms) <= REDUNDANT:
            lead.append(other)
    return sorted(lead, key=lambda c: c.position)


def _key_points(ranked: list[Candidate], used: list[Candidate]) -> list[Candidate]:
    """Diverse, relevant sentences: each adds something the answer does not say yet."""
    floor = KEY_POINT_FLOOR * ranked[0].score
    points: list[Candidate] = []
    for candidate in ranked:
        if len(points) >= MAX_KEY_POINTS or candidate.score < floor:
            break
        chosen = used + points
        if candidate in chosen or any(overlap(candidate.terms, c.terms) > REDUNDANT for c in chosen):
            continue
        points.append(candidate)
    return points


def build_answer(
    question: str, passages: list[Passage], intro: str | None = None
) -> tuple[str, list[dict[str, Any]], list[str]]:
    """The answer, its sources, and the grounding: every text the answer was allowed to draw from."""
    citations = Citations()
    replies = get_replies()
    grounding = [p.text for p in passages] + list(HEADINGS) + [replies.disclaimer] + ([intro] if intro else [])
    ranked = candidates(question, passages)
    parts: list[str] = [intro] if intro else []
    if ranked:
        lead = _lead(ranked)
        first = opening(question, lead) if not intro else None
        if first:
            grounding.append(first)
        opener = f"**{first}** " if first else ""
        parts.append(opener + " ".join(c.sentence for c in lead) + " " + citations.mark(lead[0].passage))
        points = _key_points(ranked, lead)
        if points:
            parts.append("**Key points**\n" + "\n".join(f"- {c.sentence} {citations.mark(c.passage)}" for c in points))
    retriever = get_retriever()
    if passages:
        question_sections = retriever.sections(passages[0].doc_id, "questions")
        learn_sections = retriever.sections(passages[0].doc_id, "learn_more")
        grounding += [p.text for p in question_sections + learn_sections]
        questions = _bullets_from(question_sections, MAX_QUESTIONS)
        if questions:
            parts.append("**Questions to ask your care team**\n" + "\n".join(f"- {q}" for q in questions))
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
    answer, sources, grounding = build_answer(question, passages)
    return {"answer": answer, "sources": sources, "grounding": grounding, "notes": notes}


def _fixed(text: str) -> dict[str, Any]:
    """A reply written in full by the product: its own grounding."""
    return {"answer": text, "sources": [], "grounding": [text]}
