"""Word helpers every layer shares."""

from __future__ import annotations

import re
from functools import lru_cache

from core.paths import core_data

# The words a question in English starts with (a regex fragment): where a new question begins in a
# message, and which clauses of a message ask something.
QUESTION_WORD = r"(?:what|how|why|when|where|who|which|is|are|can|could|does|do|will|should)\b"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# How a clause that asks something starts: a question word, or a request to be told.
ASKING_START = re.compile(
    rf"^(?:please\s+)?(?:{QUESTION_WORD}|would|explain|describe|"
    r"tell\s+me\s+(?:about|what|how|why|if|whether)|i\s+(?:want|would\s+like|need)\s+to\s+know)\b",
    re.IGNORECASE,
)


def asks(clause: str) -> bool:
    """A clause that asks something: it ends with a question mark or starts as a question or a request."""
    clause = clause.strip()
    return clause.endswith("?") or bool(ASKING_START.match(clause))


REFERS_BACK = re.compile(r"\b(?:it|its|they|them|their|this|that|these|those)\b", re.IGNORECASE)


def same_wording(text: str) -> str:
    """A question as written, without case or punctuation: two that match are the same question asked again."""
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


def refers_back(clause: str) -> bool:
    """A clause that points back to something named before it ('is there a drug for it')."""
    return bool(REFERS_BACK.search(clause))


def asked_sentences(message: str) -> str:
    """The sentences of a message that ask something; what comes before ('Hi, I'm Ann. My dad has
    stage 4.') is context, not the question, and so is a lead-in before a colon ('Quick one for my
    mum: what is SBRT?'). Without a question mark, the sentences that start as a question or a request
    ('My dad has stage 3. Explain what chemoradiation is.') are what it asks; a message that asks
    nothing is taken whole."""
    sentences = [(s, _after_lead_in(s)) for s in SENTENCE_END.split(message.strip())]
    questions = [asked for s, asked in sentences if s.rstrip().endswith("?")]
    if not questions and len(sentences) > 1:
        questions = [asked for s, asked in sentences if asks(s) or asks(asked)]
    return " ".join(questions) if questions else message.strip()


# What kind of answer a question wants, read from how it starts: a length of time or a number, a way,
# a thing, a reason, a person, a time, a place, or yes or no.
YES_NO_STARTS = (
    *("is", "isn't", "are", "aren't", "am", "was", "were", "can", "can't", "could", "will", "would", "should"),
    *("shall", "may", "might", "does", "doesn't", "do", "don't", "did", "has", "have", "any"),
)
QUESTION_KINDS = (
    ("how_long", r"how\s+(?:long|soon|quickly|fast)"),
    ("how_many", r"how\s+(?:many|much|often|likely|common)"),
    ("how", r"how"),
    ("what", r"what(?:'s|s)?|which|wat"),
    ("why", r"why"),
    ("who", r"who|whom"),
    ("when", r"when"),
    ("where", r"where"),
    ("yes_no", "|".join(YES_NO_STARTS)),
)
KIND_START = re.compile(
    r"^(?:(?:so|and|but|also|ok|okay|hi|hello|please|then|now|well|just|quick\s+question)\b[\s,]*)*"
    rf"(?:{'|'.join(f'(?P<{name}>{pattern})' for name, pattern in QUESTION_KINDS)})\b",
    re.IGNORECASE,
)
CLAUSE = re.compile(r"[,;:.!?]\s*|\s+-\s+")


def question_kind(question: str) -> str | None:
    """The kind of answer the first clause that starts as a question wants ('What can I eat ...' -> 'what',
    'Is it safe ...' -> 'yes_no'); None when no clause starts as one ('lung cancer surgery?')."""
    for clause in CLAUSE.split(asked_sentences(question)):
        found = KIND_START.match(clause.strip())
        if found and found.lastgroup:
            return found.lastgroup
    return None


def _after_lead_in(sentence: str) -> str:
    head, colon, asked = sentence.rpartition(": ")
    return asked if colon and head.strip() and asks(asked) else sentence


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Words too common to tell one question from another."""
    lines = core_data("stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))
