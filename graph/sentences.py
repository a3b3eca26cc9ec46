"""Candidate answer sentences from retrieved passages, scored for how well they answer the question.

Relevance is the share of the question's weight (rarer words weigh more, by their document
frequency in the knowledge base) that a sentence covers, plus the fit of its passage.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from chatbot.drugs import get_lexicon
from chatbot.rails.dose_patterns import get_dose_patterns
from chatbot.rails.text import lines_with_sentences
from chatbot.settings import get_settings
from vectorstore import sparse
from vectorstore.documents import load_corpus
from vectorstore.retriever import Passage

MIN_WORDS = 5
WHAT_IS = re.compile(
    r"\s*(?:what|wat|whats|what's)\s+(?:is|are|does|do)\b|\s*(?:what|which)\s+(?:kind|type|class|sort)\b", re.I
)
DEFINITION = re.compile(
    r"\b(?:is|are)\s+(?:an?|the)\s+[^.]{0,60}\b(?:inhibitor|therapy|drug|medicine|antibody|chemotherapy|engager|conjugate|test|scan|procedure|treatment|cancer)",
    re.I,
)
DRUG_BONUS = 0.35
DEFINITION_BONUS = 0.25


@dataclass(frozen=True)
class Candidate:
    sentence: str
    passage: Passage
    rank: int  # of its passage
    position: int  # within its passage
    coverage: float  # weighted share of the question's words it holds
    score: float
    terms: frozenset[str]


@lru_cache(maxsize=1)
def _document_frequency() -> tuple[dict[str, int], int]:
    docs = load_corpus(get_settings().corpus_dir)
    counts: dict[str, int] = {}
    for doc in docs:
        for term in set(sparse.tokens(f"{doc.title} {doc.body}")):
            counts[term] = counts.get(term, 0) + 1
    return counts, len(docs)


def term_weight(term: str) -> float:
    """Inverse document frequency: 'osimertinib' tells more than 'cancer'."""
    counts, total = _document_frequency()
    return math.log(1 + total / (1 + counts.get(term, 0)))


def question_terms(question: str) -> dict[str, float]:
    return {t: term_weight(t) for t in set(sparse.tokens(get_lexicon().expand(question)))}


def weighted_coverage(terms: dict[str, float], held: frozenset[str] | set[str]) -> float:
    total = sum(terms.values())
    return sum(w for t, w in terms.items() if t in held) / total if total else 0.0


def passage_sentences(passage: Passage) -> list[str]:
    """Sentences that stand alone: not a lead-in to a list (ends with ':'), not a short fragment, no dose."""
    doses = get_dose_patterns()
    return [
        s
        for _, sentences in lines_with_sentences(passage.text)
        for s in sentences
        if len(s.split()) >= MIN_WORDS and not s.rstrip("*_ ").endswith(":") and not doses.has_dose(s)
    ]


def candidates(question: str, passages: list[Passage]) -> list[Candidate]:
    """Every usable sentence of the passages, best first."""
    terms = question_terms(question)
    drugs = [d.generic for d in get_lexicon().find(question)]
    asks_what = bool(WHAT_IS.match(question))
    out: list[Candidate] = []
    for rank, passage in enumerate(passages):
        heading_terms = set(sparse.tokens(passage.section or ""))
        for position, sentence in enumerate(passage_sentences(passage)):
            held = frozenset(sparse.tokens(sentence))
            coverage = weighted_coverage(terms, held)
            context = weighted_coverage(terms, held | heading_terms)
            score = (
                coverage
                + 0.3 * context
                + 0.4 * passage.similarity
                + 0.1 / (1 + rank)
                + (0.05 if position == 0 else 0.0)
            )
            lowered = sentence.lower()
            if drugs and any(d in lowered for d in drugs):
                score += DRUG_BONUS
                if asks_what and DEFINITION.search(sentence):
                    score += DEFINITION_BONUS
            elif asks_what and DEFINITION.search(sentence) and coverage > 0:
                score += DEFINITION_BONUS / 2
            out.append(Candidate(sentence, passage, rank, position, coverage, score, held))
    out.sort(key=lambda c: c.score, reverse=True)
    return out


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
