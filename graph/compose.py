"""Grounded composer: an answer built only from retrieved sentences, each point cited."""

from __future__ import annotations

import math
import re
from typing import Any

from chatbot.drugs import get_lexicon
from chatbot.rails.dose_patterns import get_dose_patterns
from chatbot.rails.text import lines_with_sentences
from chatbot.replies import get_replies
from vectorstore import sparse
from vectorstore.retriever import Passage

from .resources import get_retriever
from .state import State

MIN_SIMILARITY = 0.30  # below this no passage answers the question by meaning alone...
MIN_SIMILARITY_WITH_TERMS = 0.15  # ...unless one passage holds most of the question's terms
MIN_TERM_COVERAGE = 0.6  # (short definitional questions: "what is a biosimilar")
MAX_KEY_POINTS = 4
MAX_QUESTIONS = 3
SNIPPET_CHARS = 400
WHAT_IS = re.compile(r"\s*(?:what|wat|whats|what's)\s+(?:is|are|does)\b", re.I)
DEFINITION = re.compile(
    r"\b(?:is|are)\s+(?:an?|the)\s+[^.]{0,60}\b(?:inhibitor|therapy|drug|medicine|antibody|chemotherapy|engager|conjugate)",
    re.I,
)
DRUG_BONUS = 0.5  # a sentence naming the drug asked about answers better than a general one


def _sentences(passage: Passage) -> list[str]:
    """Sentences that stand alone: not a lead-in to a list (ends with ':'), not a short fragment."""
    return [
        s
        for _, sentences in lines_with_sentences(passage.text)
        for s in sentences
        if len(s.split()) >= 5 and not s.rstrip("*_ ").endswith(":")
    ]


def _overlap(query_terms: set[str], sentence: str) -> float:
    terms = set(sparse.tokens(sentence))
    if not terms:
        return 0.0
    return len(query_terms & terms) / math.sqrt(len(terms))


def _too_similar(a: str, b: str) -> bool:
    ta, tb = set(sparse.tokens(a)), set(sparse.tokens(b))
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) > 0.6


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
            for p in self.passages
        ]


def _ranked_sentences(passages: list[Passage], query: str) -> list[tuple[float, int, Passage, str]]:
    """Every safe sentence of the passages, scored by term overlap and by its passage's rank."""
    terms = set(sparse.tokens(get_lexicon().expand(query)))
    drugs = [d.generic for d in get_lexicon().find(query)]
    asks_what = bool(WHAT_IS.match(query))
    doses = get_dose_patterns()
    ranked = []
    for rank, passage in enumerate(passages):
        for position, sentence in enumerate(_sentences(passage)):
            if doses.has_dose(sentence):
                continue
            score = _overlap(terms, sentence) + 1.0 / (2 + rank) + (0.15 if position == 0 else 0.0)
            if drugs and any(d in sentence.lower() for d in drugs):
                score += DRUG_BONUS
                if asks_what and DEFINITION.search(sentence):
                    score += DRUG_BONUS
            ranked.append((score, rank, passage, sentence))
    ranked.sort(key=lambda item: item[0], reverse=True)
    return ranked


def _bullets_from(passages: list[Passage], limit: int) -> list[str]:
    items = []
    for passage in passages:
        for prefix, sentences in lines_with_sentences(passage.text):
            if prefix and sentences:
                items.append(" ".join(sentences))
    return items[:limit]


HEADINGS = ("**Key points**", "**Questions to ask your care team**", "**Where to learn more**")


def build_answer(
    question: str, passages: list[Passage], intro: str | None = None
) -> tuple[str, list[dict[str, Any]], list[str]]:
    """The answer, its sources, and the grounding: every text the answer was allowed to draw from."""
    citations = Citations()
    grounding = [p.text for p in passages] + list(HEADINGS) + [get_replies().disclaimer] + ([intro] if intro else [])
    ranked = _ranked_sentences(passages, question)
    parts: list[str] = [intro] if intro else []
    if ranked:
        top = ranked[0][2]
        lead = [r for r in ranked if r[2] is top][:2]
        lead_sentences = [s for _, _, _, s in sorted(lead, key=lambda r: _sentences(r[2]).index(r[3]))]
        parts.append(" ".join(lead_sentences) + " " + citations.mark(lead[0][2]))
        used = list(lead_sentences)
        points: list[str] = []
        for _, _, passage, sentence in ranked:
            if len(points) >= MAX_KEY_POINTS:
                break
            if any(_too_similar(sentence, u) for u in used):
                continue
            used.append(sentence)
            points.append(f"- {sentence} {citations.mark(passage)}")
        if points:
            parts.append("**Key points**\n" + "\n".join(points))
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
    parts.append(get_replies().disclaimer)
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
    if not answerable(question, passages):
        return {**_fixed(replies.text("no_answer")), "notes": ["no passage good enough"]}
    answer, sources, grounding = build_answer(question, passages)
    return {"answer": answer, "sources": sources, "grounding": grounding}


def term_coverage(question: str, passage: Passage) -> float:
    """Share of the question's terms that the passage (with its title and heading) contains."""
    asked = set(sparse.tokens(get_lexicon().expand(question)))
    if not asked:
        return 0.0
    held = set(sparse.tokens(f"{passage.title} {passage.section or ''} {passage.text}"))
    return len(asked & held) / len(asked)


def answerable(question: str, passages: list[Passage]) -> bool:
    """Whether the knowledge base answers this: close in meaning, or a close passage holding its terms."""
    if not passages:
        return False
    if max(p.similarity for p in passages) >= MIN_SIMILARITY:
        return True
    return any(
        p.similarity >= MIN_SIMILARITY_WITH_TERMS and term_coverage(question, p) >= MIN_TERM_COVERAGE for p in passages
    )


def _fixed(text: str) -> dict[str, Any]:
    """A reply written in full by the product: its own grounding."""
    return {"answer": text, "sources": [], "grounding": [text]}
