"""A yes/no question read as its subject and what it asks about it.

"Does sotorasib have full FDA approval?" is about sotorasib (any of its names) and asks about full
approval; "Is lung cancer contagious?" is about lung cancer and asks "contagious". The frames say
which kinds of evidence can answer it: a kind of treatment, an approval, the first treatment,
sameness, an absolute ("always", "most"), "can", or "is it worth".
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from chatbot.drugs import get_lexicon

from .sentences import term_weight
from .yes_no_lexicon import YesNoLexicon

TAIL = re.compile(r",?\s*(?:and|or)\s+(?:for\s+|in\s+)?(?:which|what|who|whom|how|when|where|why)\b.*$")
WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
COMMON_WEIGHT = 1.0  # a subject of words this common ('lung', 'cancer') must appear as a phrase
APPROVAL_TERMS = frozenset({"approv", "fda", "full", "accelerated"})


@dataclass(frozen=True)
class Question:
    aux: str
    subject: frozenset[str]  # content words of the subject
    anchors: tuple[frozenset[str], ...]  # one set of names per thing the subject names (each drug, or its key word)
    person: bool  # "Can I ...", "Can a person ...": the evidence speaks to "you"
    companions: frozenset[str]  # "tissue" for "tissue biopsy": a head noun alone may name a sibling
    phrase: re.Pattern[str] | None  # a subject of common words ("lung cancers") is named only as a whole
    asked: dict[str, float]  # what is asked about the subject: term -> weight
    core: dict[str, float]  # ...without its trailing phrases ("make me radioactive", not "around my grandchildren")
    negated: frozenset[str]  # words the question itself negates ("people who never smoked")
    frames: frozenset[str] = field(default_factory=frozenset)
    asked_class: str | None = None
    approval_kind: str | None = None
    absolute: str | None = None


def _weights(terms: set[str]) -> dict[str, float]:
    return {t: term_weight(t) for t in terms}


def _starts_predicate(word: str, lexicon: YesNoLexicon) -> bool:
    """A listed word, or a past participle ('given', 'covered') after the subject."""
    return word in lexicon.predicate_starts or (len(word) > 4 and word.endswith("ed"))


def _subject_words(words: list[str], lexicon: YesNoLexicon) -> tuple[list[str], list[str]]:
    """(subject, rest): the subject ends where the predicate starts, or before the last word."""
    i = 0
    while i < len(words) and words[i] in lexicon.subject_skips:
        i += 1
    start = i
    while i < len(words) and (i == start or not _starts_predicate(words[i], lexicon)):
        i += 1
    if i == len(words) and len(words) - start > 1:
        i = len(words) - 1  # "is lung cancer contagious": the last word is what is asked
    return words[start:i], words[i:]


def parse(question: str, lexicon: YesNoLexicon) -> Question:
    text = lexicon.normalise(TAIL.sub("", question.strip().rstrip("?").strip()))
    words = WORD.findall(text)
    aux, rest = words[0], words[1:]
    frames: set[str] = set()
    absolute = next((name for name, a in lexicon.absolutes.items() if a.question.search(text)), None)
    if absolute:
        frames.add("absolute")
        rest = [w for w in rest if not lexicon.absolutes[absolute].question.search(f"{aux} {w}")]
    body = " ".join(rest)
    it = lexicon.it_frame.match(body)
    if it:
        if it.group(1) in lexicon.worth_words:
            frames.add("worth")
        subject_words, predicate_words = _subject_words(WORD.findall(body[it.end() :]), lexicon)
        predicate_words = [it.group(1), *predicate_words]
    else:
        subject_words, predicate_words = _subject_words(rest, lexicon)
    subject_text = " ".join(subject_words)
    subject = frozenset(lexicon.terms(subject_text))
    person = any(w in lexicon.person for w in subject_words)
    drugs = get_lexicon().find(subject_text)
    ordered = [t for w in subject_words if (t := lexicon.head_term(w))]
    whole = set(ordered) or set(subject)
    companions: frozenset[str] = frozenset()
    phrase: re.Pattern[str] | None = None
    if drugs:
        anchors = tuple(frozenset(n.lower() for n in d.names) for d in drugs)
    elif person:
        anchors = (frozenset(lexicon.person),)
    elif whole:
        anchor = max(whole, key=term_weight)
        anchors = (frozenset({anchor}),)
        if ordered and anchor == ordered[-1]:
            companions = frozenset(whole - {anchor})  # "liquid biopsy" must not pass for "tissue biopsy"
        if term_weight(anchor) < COMMON_WEIGHT and len(ordered) > 1:
            phrase = re.compile(r"[\s-]+".join(re.escape(t) + r"\w*" for t in ordered))
    else:
        anchors = ()
    predicate_text = " ".join(predicate_words)
    negated = frozenset(
        lexicon.terms(" ".join(m.group(0) for m in re.finditer(r"\b(?:not|no|never)\s+\w+", predicate_text)))
    )
    asked_terms = lexicon.terms(predicate_text) - subject
    core_words = predicate_words[:1] + list(
        itertools.takewhile(lambda w: w not in lexicon.prepositions, predicate_words[1:])
    )
    core_terms = lexicon.terms(" ".join(core_words)) - subject
    # "Is X (a kind of) chemotherapy?", not "Is X given with chemotherapy?"
    asked_class = next((c for c in lexicon.classes if c in core_terms), None) if aux in ("is", "are") else None
    if asked_class:
        frames.add("class")
    if asked_terms & APPROVAL_TERMS - {"full", "accelerated"}:
        frames.add("approval")
    kind = next((k for k in ("full", "accelerated") if k in asked_terms), None)
    if lexicon.first_question.search(text):
        frames.add("order")
    if lexicon.same_question.search(text):
        frames.add("same")
    if aux in ("can", "could"):
        frames.add("can")
    return Question(
        aux=aux,
        subject=subject,
        anchors=anchors,
        person=person,
        companions=companions,
        phrase=phrase,
        asked=_weights(asked_terms),
        core=_weights(core_terms),
        negated=negated,
        frames=frozenset(frames),
        asked_class=asked_class,
        approval_kind=kind,
        absolute=absolute,
    )
