"""Whether the knowledge base answers a question, and the topic it lacks when it does not.

Retrieval always returns passages, and every question here names lung cancer, so a question about
a topic the corpus never mentions ("photodynamic therapy", "lung transplant") still scores as close
to passages about lung cancer in general as a question the corpus answers. Two tests decide:

1. Fit: a passage close in meaning, or one that holds the question's own words.
2. Topic: a topic is missing when two adjacent words of the question (a word the corpus lacks, or
   two words it never puts near each other, one of them in no passage) name something the corpus
   does not, and the passages match none of the question's specific words outside that topic,
   only its generic ones ("lung cancer", "treatment"). The test errs towards answering: a single
   unknown word that describes lung cancer itself ("is lung cancer contagious") is not a topic,
   people ("my wife") and codes with digits never are, and a near spelling of a corpus word counts
   as that word. A compound of two words that the passages both hold, only apart ("life
   insurance"), is answered: telling it from "radiation painful" needs parts of speech.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from chatbot.drugs import get_lexicon
from chatbot.privacy import redact
from chatbot.rails.dose_patterns import get_dose_patterns
from chatbot.replies import get_replies
from chatbot.settings import get_settings
from vectorstore import sparse
from vectorstore.documents import read_corpus
from vectorstore.retriever import Passage

from .sentences import question_terms
from .word_lists import Kind, word_lists

MIN_SIMILARITY = 0.30  # below this no passage answers the question by meaning alone...
MIN_SIMILARITY_WITH_TERMS = 0.10  # ...unless one passage holds most of the question's specific words
MIN_TERM_COVERAGE = 0.6  # (short definitional questions: "what does TKI stand for")
SPELLING = 0.85  # similarity at which an unknown word is read as a corpus word ("diarrhoea")
MIN_SPELLING_LENGTH = 7  # shorter words are too easily near another ("strep", "step")
PREFIX = 5  # words compared as pairs by their first letters, so "manage" meets "managing"
NEAR = 3  # two words within this many words of each other in a line of the corpus are a known pair
SHORT_ENDINGS = ("s", "es", "ed")
MAX_TOPIC_WORDS = 6
MAX_MODIFIERS = 2


@dataclass(frozen=True)
class CorpusWords:
    """The words of the knowledge base, and which words it puts next to or near each other."""

    words: frozenset[str]
    adjacent: frozenset[tuple[str, str]]  # by PREFIX, in order
    near: frozenset[tuple[str, str]]  # by PREFIX, either order, within NEAR words

    def normal(self, term: str) -> str:
        """The corpus word a term stands for: itself, its plural, or the word it is a near spelling of."""
        return _nearest(self, term)

    def known_pair(self, first: str, second: str, strict: bool) -> bool:
        pair = (first[:PREFIX], second[:PREFIX])
        return pair in (self.adjacent if strict else self.near)


@lru_cache(maxsize=4096)
def _nearest(corpus: CorpusWords, term: str) -> str:
    if term in corpus.words or any(c.isdigit() for c in term):
        return term
    # The stemmer leaves short words alone, so their plural or singular is tried ("eats", "eat").
    forms = [f"{term}s", *(term[: -len(end)] for end in SHORT_ENDINGS if term.endswith(end))]
    for form in forms:
        if form in corpus.words:
            return form
    if len(term) < MIN_SPELLING_LENGTH:
        return term
    close = difflib.get_close_matches(term, corpus.words, n=1, cutoff=SPELLING)
    return close[0] if close and close[0][0] == term[0] else term


@lru_cache(maxsize=1)
def corpus_words() -> CorpusWords:
    words: set[str] = set()
    adjacent: set[tuple[str, str]] = set()
    near: set[tuple[str, str]] = set()
    for doc in read_corpus(get_settings().corpus_dir):
        for line in f"{doc.title}\n{doc.body}".splitlines():
            tokens = sparse.tokens(line)
            words.update(tokens)
            short = [t[:PREFIX] for t in tokens]
            adjacent.update(zip(short, short[1:], strict=False))
            for i, a in enumerate(short):
                for b in short[i + 1 : i + 1 + NEAR]:
                    near.update(((a, b), (b, a)))
    return CorpusWords(frozenset(words), frozenset(adjacent), frozenset(near))


@dataclass(frozen=True)
class Word:
    term: str  # the corpus word it stands for
    kind: Kind
    start: int  # its place in the question, for naming the topic in the person's own words
    end: int


def question_words(question: str) -> list[Word]:
    """The question's words in order; stopwords dropped as the corpus's pairs drop them.

    Drug names (the lexicon resolves them), codes with digits and people are boundaries: never a topic."""
    lists, corpus = word_lists(), corpus_words()
    lowered = question.lower()
    drug_spans = [m.span() for m in get_lexicon().pattern.finditer(lowered)]
    words: list[Word] = []
    for match in sparse.TOKEN.finditer(lowered):
        raw = match.group(0)
        if raw in sparse.stopwords() or len(raw) <= 1:
            continue
        term = corpus.normal(sparse.stem(raw))
        named_drug = any(s <= match.start() < e for s, e in drug_spans)
        kind: Kind = "boundary" if named_drug or any(c.isdigit() for c in raw) else lists.kind(term)
        words.append(Word(term, kind, match.start(), match.end()))
    return words


@dataclass(frozen=True)
class Gap:
    pair: tuple[int, int]  # the two adjacent words of the question
    missing: frozenset[str]  # the words of it the knowledge base lacks here


COMPOUNDS = {("specific", "specific"), ("subject", "specific"), ("care", "specific")}


def gaps(words: list[Word], passages: list[set[str]]) -> list[Gap]:
    """Topics the knowledge base lacks, each a pair of adjacent words of the question.

    An unknown word counts only beside a word that names care or a topic ("photodynamic therapy"),
    not as a property of lung cancer itself ("is lung cancer contagious"). Two known words count
    when the corpus never puts them together, no passage holds both, and one is in no passage
    ("lung transplant", "tumor treating fields")."""
    corpus = corpus_words()
    found: list[Gap] = []
    for i, (a, b) in enumerate(zip(words, words[1:], strict=False)):
        unknown = {w.term for w in (a, b) if w.kind == "specific" and w.term not in corpus.words}
        partner = {a.kind, b.kind} <= {"specific", "care"}
        if unknown and partner:
            found.append(Gap((i, i + 1), frozenset(unknown)))
            continue
        if unknown or (a.kind, b.kind) not in COMPOUNDS or corpus.known_pair(a.term, b.term, a.kind == "care"):
            continue
        if a.kind == "subject" and i > 0 and words[i - 1].kind == "subject":
            continue  # after the disease's name a word describes it ("lung cancer inherited"), not a kind of it
        if any(a.term in held and b.term in held for held in passages):
            continue
        unheld = {w.term for w in (a, b) if w.kind == "specific" and not any(w.term in held for held in passages)}
        if unheld:
            found.append(Gap((i, i + 1), frozenset(unheld)))
    return found


def _held(passages: list[Passage]) -> list[set[str]]:
    return [set(sparse.tokens(f"{p.title} {p.section or ''} {p.text}")) for p in passages]


def specific_terms(question: str) -> set[str]:
    """The question's words that say what it is about: drug names resolved, generic words left out."""
    lists, corpus = word_lists(), corpus_words()
    terms = {corpus.normal(t) for t in question_terms(question)}
    return {t for t in terms if lists.kind(t) == "specific"}


def term_coverage(asked: set[str], held: set[str]) -> float:
    """Share of the question's terms that a passage's words (with its title and heading) contain."""
    return len(asked & held) / len(asked) if asked else 0.0


@dataclass(frozen=True)
class Coverage:
    answerable: bool
    topic: str | None = None  # what the knowledge base lacks, in the question's words


def _fits(question: str, passages: list[Passage], held: list[set[str]]) -> bool:
    if max(p.similarity for p in passages) >= MIN_SIMILARITY:
        return True
    asked = specific_terms(question) or {corpus_words().normal(t) for t in question_terms(question)}
    return any(
        p.similarity >= MIN_SIMILARITY_WITH_TERMS and term_coverage(asked, words) >= MIN_TERM_COVERAGE
        for p, words in zip(passages, held, strict=True)
    )


def _touching(question: str, left: Word, right: Word) -> bool:
    return not question[left.end : right.start].strip(" -")


def _topic(question: str, words: list[Word], found: list[Gap]) -> str | None:
    """The first missing topic as the person wrote it: its gaps' words run together, with a
    generic word directly before ("lung transplant") or a kind of care directly after
    ("photodynamic therapy"); None when that is too long to name."""
    lo, hi = found[0].pair
    for gap in found[1:]:
        if gap.pair[0] <= hi:
            hi = max(hi, gap.pair[1])
    while lo < hi and words[lo].kind != "specific" and not _touching(question, words[lo], words[lo + 1]):
        lo += 1
    while (
        hi > lo
        and words[hi].kind != "specific"
        and not (words[hi].term in word_lists().heads and _touching(question, words[hi - 1], words[hi]))
    ):
        hi -= 1
    for _ in range(MAX_MODIFIERS):
        before = words[lo - 1] if lo > 0 else None
        if before is None or before.kind not in ("subject", "care") or not _touching(question, before, words[lo]):
            break
        lo -= 1
    after = words[hi + 1] if hi + 1 < len(words) else None
    if after is not None and after.term in word_lists().heads and _touching(question, words[hi], after):
        hi += 1
    topic = question[words[lo].start : words[hi].end]
    return topic if len(topic.split()) <= MAX_TOPIC_WORDS else None


def assess(question: str, passages: list[Passage]) -> Coverage:
    """Whether the knowledge base answers this question, and if not, what it lacks."""
    if not passages:
        return Coverage(False)
    held = _held(passages)  # each passage's words, read once for both checks
    if not _fits(question, passages, held):
        return Coverage(False)
    words = question_words(question)
    found = gaps(words, held)
    if not found:
        return Coverage(True)
    missing = set().union(*(g.missing for g in found))
    if (specific_terms(question) - missing) & set().union(*held):
        return Coverage(True)  # the passages match the question on something specific besides the gap
    return Coverage(False, _topic(question, words, found))


def answerable(question: str, passages: list[Passage]) -> bool:
    """Whether the knowledge base answers this: a passage fits, and no topic of the question is missing."""
    return assess(question, passages).answerable


def nameable(topic: str | None, said: str) -> str | None:
    """The topic, if it is safe to repeat: the person's own words, no number, nothing personal."""
    if not topic or any(c.isdigit() for c in topic):
        return None
    said_words = set(re.findall(r"[a-z0-9]+", said.lower()))
    if not set(re.findall(r"[a-z0-9]+", topic.lower())) <= said_words:
        return None
    if redact(topic)[1] or get_dose_patterns().has_dose(topic):
        return None
    return topic


def not_covered_reply(coverage: Coverage, said: str) -> str:
    """The fixed reply for a question the knowledge base does not cover, naming the topic when safe."""
    replies = get_replies()
    text = replies.text("no_answer")
    topic = nameable(coverage.topic, said)
    if topic is None:
        return text
    first, rest = text.split("\n", 1)  # the first line stays as it is: it is how a reply says "not covered"
    return f"{first} {replies.fragment('no_answer_topic').format(topic=topic)}\n{rest}"
