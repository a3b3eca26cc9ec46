"""Candidate answer sentences from retrieved passages, scored for how well they answer the question.

Relevance is the share of the question's weight (rarer words weigh more, by their document
frequency in the knowledge base) that a sentence covers, plus the fit of its passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from chatbot.drugs import Drug, get_lexicon
from chatbot.rails.dose_patterns import get_dose_patterns
from chatbot.rails.text import lines_with_sentences, split_sentences
from vectorstore.retriever import Passage
from vectorstore.term_weights import stage_markers, term_weight, terms_of

from .word_lists import word_lists

MIN_WORDS = 5
WHAT_IS = re.compile(
    r"\s*(?:what|wat|whats|what's)\s+(?:is|are|does|do)\b|\s*(?:what|which)\s+(?:kind|type|class|sort)\b", re.I
)
DEFINITION = re.compile(
    r"\b(?:is|are)\s+(?:an?|the)\s+[^.]{0,60}\b(?:inhibitor|therapy|drug|medicine|antibody|chemotherapy|engager|conjugate|test|scan|procedure|treatment|cancer)",
    re.I,
)


@dataclass
class Weights:
    context: float = 1.0
    rank: float = 0.1
    first: float = 0.05
    top: float = 0.2  # the passage the retriever put first (it weighs the person's profile)
    fit: float = 1.2  # the retriever's fit: meaning, rank, and the person's profile
    same_kind: float = 0.3  # a heading of the question's own kind ('Who should get...', 'Side effects of...')


W = Weights()
DRUG_BONUS = 0.35
STAGE_MISMATCH = 0.5  # a sentence about another stage than the one asked about
DEFINITION_BONUS = 0.25
CLASS_BONUS = 0.5  # "What kind of drug is X?" is answered by the sentence that names X's class


@dataclass(frozen=True)
class Candidate:
    sentence: str
    passage: Passage
    rank: int  # of its passage
    position: int  # within its passage
    coverage: float  # weighted share of the question's words it holds
    score: float
    terms: frozenset[str]
    items: tuple[str, ...] = ()  # a list's items, when the sentence is its lead-in

    @property
    def is_list(self) -> bool:
        return bool(self.items)


CUES_FILE = Path(__file__).resolve().parents[1] / "chatbot" / "data" / "answer_cues.yaml"


@dataclass(frozen=True)
class Cues:
    """Sentence patterns that answer the kind of question asked (see answer_cues.yaml)."""

    bonus: float
    pairs: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]

    def for_question(self, question: str) -> list[re.Pattern[str]]:
        return [answer for asked, answer in self.pairs if asked.search(question)]

    def same_kind(self, question: str, heading: str) -> bool:
        """The heading asks what the question asks: its section was written to answer it."""
        return any(asked.search(question) and asked.search(heading) for asked, _ in self.pairs)


@lru_cache(maxsize=1)
def get_cues() -> Cues:
    data = yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))
    pairs = tuple((re.compile(c["question"], re.I), re.compile(c["answer"], re.I)) for c in data["cues"])
    return Cues(float(data["bonus"]), pairs)


def question_terms(question: str) -> dict[str, float]:
    """The question's words, rarer ones weighing more; 'my husband' says who asks, not what about."""
    people = word_lists().people
    return {t: term_weight(t) for t in set(terms_of(get_lexicon().expand(question))) if t not in people}


def class_terms(drugs: list[Drug]) -> dict[str, float]:
    """The words of the named drugs' classes in the lexicon ('CTLA-4 inhibitor', 'VEGF inhibitor')."""
    return {t: term_weight(t) for d in drugs for t in terms_of(f"{d.drug_class} {d.kind}")}


@lru_cache(maxsize=256)
def class_mention(drug_class: str) -> re.Pattern[str]:
    """The class named in a text ('RET inhibitors' for 'RET kinase inhibitor'): its first and last words."""
    words = re.sub(r"\(.*?\)", "", drug_class).split()
    first, last = re.escape(words[0]), re.escape(words[-1])
    if len(words) == 1:
        return re.compile(rf"\b{first}s?\b", re.I)
    return re.compile(rf"\b{first}\b(?:\W+\w+){{0,3}}?\W+{last}s?\b", re.I)


def drug_classes(named: list[Drug]) -> list[tuple[re.Pattern[str], frozenset[str]]]:
    """How each named drug's class is written, with the drug's own terms."""
    return [(class_mention(d.drug_class), frozenset(terms_of(d.generic))) for d in named]


def about_through_class(classes: list[tuple[re.Pattern[str], frozenset[str]]], text: str) -> frozenset[str]:
    """The named drugs a text is about through their class: 'Side effects of RET inhibitors' is about selpercatinib."""
    return frozenset(t for mention, terms in classes if mention.search(text) for t in terms)


def weighted_coverage(terms: dict[str, float], held: frozenset[str] | set[str]) -> float:
    total = sum(terms.values())
    return sum(w for t, w in terms.items() if t in held) / total if total else 0.0


ANAPHOR = re.compile(
    r"^[*_\s]*(?:both|each|such|its|their|(?:\w+,?\s+){0,5}(?:it|they|them|this|these|those))\b"
    r"|\b(?:this|these|those)\s+(?:type|types|kind|kinds|drugs?|medicines?|treatments?|tests?|changes?|cancers?|signs?"
    r"|proteins?|genes?|signals?|fusions?|mutations?|lining|fluid|tube|scans?|process|surgery|device)\b",
    re.I,
)
MAX_JOINED = 4  # sentences one unit may hold: a sentence and the ones that refer back to it
MAX_ITEMS = 8  # items of a list shown with its lead-in


@dataclass(frozen=True)
class Unit:
    """A piece of a passage that reads on its own: a sentence with the sentences that refer back
    to it ("It got full approval in 2022."), a list item, or a list's lead-in with its items."""

    text: str
    items: tuple[str, ...] = ()


def _joined(sentences: list[str]) -> list[str]:
    """A sentence that opens with 'It', 'They', 'This'... stays with the sentence it refers to."""
    out: list[list[str]] = []
    for sentence in sentences:
        if out and ANAPHOR.search(sentence) and len(out[-1]) < MAX_JOINED:
            out[-1].append(sentence)
        else:
            out.append([sentence])
    return [" ".join(group) for group in out]


# A bold label, or a short term and a full clause after its colon ('Lobectomy: the surgeon removes a whole lobe').
LABEL = re.compile(r"^\s*(?:\*\*[^*]+\*\*|[A-Z][\w ()/-]{1,40}:\s+(?:\S+\s+){4,})")
ITEM_SENTENCE_WORDS = 8  # shorter unlabelled items are fragments ('Swelling in the legs or face.')


def _stands_alone(sentence: str) -> bool:
    """A list item read without its lead-in: a labelled one ('Lobectomy: the...') or a long full sentence."""
    if len(sentence.split()) < MIN_WORDS:
        return False
    if LABEL.match(sentence):
        return True
    return len(sentence.split()) >= ITEM_SENTENCE_WORDS and sentence.rstrip("*_ ")[-1:] in ".!?"


def _fits(unit: str, more: str) -> bool:
    """A unit and the paragraph that goes on from it stay short enough to read as one point."""
    return len(split_sentences(unit)) + len(split_sentences(more)) <= MAX_JOINED + 2


def passage_units(passage: Passage) -> tuple[Unit, ...]:
    """Units that stand alone, without a dose, in text order.

    A lead-in ending with ':' is only kept with its list; short fragments only inside a list.
    """
    return _units(passage.section or "", passage.text)


@lru_cache(maxsize=4096)
def _units(section: str, text: str) -> tuple[Unit, ...]:
    """Passages recur across turns, so their units are kept."""
    doses = get_dose_patterns()
    units: list[Unit] = []
    # A list right under the heading has the heading as its lead-in.
    heading = f"**{section}**" if section else None
    lead_in = heading
    items: list[str] = []

    def close_list() -> None:
        nonlocal lead_in, items
        if lead_in and items:
            units.append(Unit(lead_in, tuple(items[:MAX_ITEMS])))
        items = []

    for prefix, sentences in lines_with_sentences(text):
        safe = [s for s in sentences if not doses.has_dose(s)]
        if prefix:
            if safe:
                item = " ".join(_joined(safe))
                if items and ANAPHOR.search(safe[0]) and units and units[-1].text == items[-1]:
                    # "- It is usually found in the middle of the chest." goes on from the item before it
                    units[-1] = Unit(f"{units[-1].text} {item}")
                elif _stands_alone(safe[0]) and not ANAPHOR.search(safe[0]):
                    units.append(Unit(item))
                items.append(item)
            continue
        if not sentences:
            continue  # a blank line may sit between a lead-in and its list
        follows_prose = not items and bool(units) and not units[-1].items
        close_list()
        lead_in = None
        for i, piece in enumerate(_joined(safe)):
            if piece.rstrip("*_ ").endswith(":"):
                lead_in = piece
            elif i == 0 and follows_prose and ANAPHOR.search(safe[0]) and _fits(units[-1].text, piece):
                # "In 2022 the FDA gave it..." opens a paragraph but goes on from the one before
                units[-1] = Unit(f"{units[-1].text} {piece}")
                lead_in = heading
            elif len(piece.split()) >= MIN_WORDS:
                units.append(Unit(piece))
                lead_in = heading  # a list after a paragraph without a lead-in: the heading names it
    close_list()
    return tuple(units)


@lru_cache(maxsize=4096)
def _single_sentences(text: str) -> tuple[Unit, ...]:
    """Each sentence on its own, list items included: what a yes/no judgement weighs one by one."""
    doses = get_dose_patterns()
    return tuple(
        Unit(s)
        for _, sentences in lines_with_sentences(text)
        for s in sentences
        if len(s.split()) >= MIN_WORDS and not s.rstrip("*_ ").endswith(":") and not doses.has_dose(s)
    )


def candidates(question: str, passages: list[Passage], by_sentence: bool = False) -> list[Candidate]:
    """Every usable unit of the passages (or, `by_sentence`, every single sentence), best first."""
    terms = question_terms(question)
    named = get_lexicon().find(question)
    drugs = [d.generic for d in named]
    asks_what = bool(WHAT_IS.match(question))
    classes = class_terms(named) if asks_what else {}
    named_classes = drug_classes(named)
    cues = get_cues()
    answers_kind = cues.for_question(question)
    asked_stages = stage_markers(terms)
    out: list[Candidate] = []
    for rank, passage in enumerate(passages):
        heading = f"{passage.title} {passage.section or ''}"
        heading_terms = set(terms_of(heading))
        about_by_heading = about_through_class(named_classes, heading)  # the same for every unit of the passage
        same_kind = W.same_kind if passage.section and cues.same_kind(question, passage.section) else 0.0
        units = _single_sentences(passage.text) if by_sentence else passage_units(passage)
        for position, unit in enumerate(units):
            sentence = unit.text
            text = " ".join((sentence, *unit.items))
            held = frozenset(terms_of(text)) | about_by_heading | about_through_class(named_classes, text)
            coverage = weighted_coverage(terms, held)
            context = weighted_coverage(terms, held | heading_terms)
            if unit.items:  # a long list holds many words without being about the question:
                said = frozenset(terms_of(sentence)) | about_by_heading | about_through_class(named_classes, sentence)
                coverage = (coverage + weighted_coverage(terms, said)) / 2  # half is what its lead-in says it is
                context = (context + weighted_coverage(terms, said | heading_terms)) / 2
            score = (
                coverage
                + W.context * context
                + W.fit * passage.score
                + W.rank / (1 + rank)
                + (W.top if rank == 0 else 0.0)
                + (W.first if position == 0 else 0.0)
                + same_kind
            )
            stages = stage_markers(held)
            if asked_stages and stages and not stages & asked_stages:
                score -= STAGE_MISMATCH
            if classes:
                score += CLASS_BONUS * weighted_coverage(classes, held)
            if any(cue.search(sentence) for cue in answers_kind):
                score += cues.bonus
            lowered = sentence.lower()
            if drugs and any(d in lowered for d in drugs):
                score += DRUG_BONUS
                if asks_what and DEFINITION.search(sentence):
                    score += DEFINITION_BONUS
            elif asks_what and DEFINITION.search(sentence) and coverage > 0:
                score += DEFINITION_BONUS / 2
            out.append(Candidate(sentence, passage, rank, position, coverage, score, held, unit.items))
    out.sort(key=lambda c: c.score, reverse=True)
    return out


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
