"""A yes/no question gets its yes or no first, but only when the evidence clearly says it.

The question is split into its subject ("sotorasib") and what it asks about it ("full FDA approval").
Every ranked sentence that is about the subject (naming it, or through what its pronoun points to)
then votes: "No" when a negation reaches what is asked, when it names another, exclusive kind of
treatment, an approval of another kind or for something else only, another first treatment, or
refutes an absolute ("not always"); "Yes" only within a few frames that say it plainly (approved
for what was asked, a member of the kind asked, "can", "also called", "never too late").
Doubt ("not yet known") or votes both ways give no opening: a wrong "Yes" or "No" does more harm
than none.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from chatbot.drugs import get_lexicon

from .referent import Setting, setting
from .sentences import Candidate, term_weight
from .yes_no_lexicon import YesNoLexicon, get_yes_no_lexicon

YES_NO_QUESTION = re.compile(r"^\s*(?:is|are|was|were|does|do|did|can|could|will|would|has|have)\b", re.I)
DECISION = re.compile(
    r"^\s*(?:should|shall)\b|\b(?:should|can|could|may)\s+(?:i|we|he|she|they|my\s+\w+)\s+(?:take|stop|start|skip|have|get|use)\b",
    re.I,
)
CHOICE = re.compile(r"\b\w+\s+or\s+(?:a|an|the)?\s*\w+", re.I)
TAIL = re.compile(r",?\s*(?:and|or)\s+(?:for\s+|in\s+)?(?:which|what|who|whom|how|when|where|why)\b.*$")
WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
ASKED_NEGATION = re.compile(r"\b(?:not|no|never|n't)\b")
NO_COVERAGE = 0.45  # share of what is asked that a "No" sentence (with what it points to) must hold
YES_COVERAGE = 0.6  # ...and a "Yes" sentence
CAN_COVERAGE = 0.5  # "Can X cause Y?": the sentence itself says most of it
TELLING_WEIGHT = 1.2  # a shared word this rare ties a sentence to its heading's subject ('cancer' does not)
COMMON_WEIGHT = 1.0  # a subject of words this common ('lung', 'cancer') must appear as a phrase
NEGATED_SHARE = 0.3  # share of what is asked that a negation must reach to deny it
KIND_OF = re.compile(r"\b(?:a |one )?(?:kind|type|form|class|group) of\b")
APPROVED = "approv"
SAME = "same"
INDICATION = re.compile(r"\bapprov\w*\s+(?:in\s+\w+\s+)?(?:in the us\s+)?(?:only\s+)?(?:for|to treat|as)\b")
APPROVAL_TERMS = frozenset({"approv", "fda", "full", "accelerated"})
ORDER_TERMS = frozenset({"first", "treatment", "choice", "option", "therapy", "medicine", "drug", "step"})


def is_yes_no(question: str) -> bool:
    return bool(YES_NO_QUESTION.match(question)) and not CHOICE.search(question) and not DECISION.search(question)


@dataclass(frozen=True)
class Verdict:
    """The opening word and the sentence that justifies it (shown right after the word)."""

    word: str
    evidence: Candidate


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
    text: str = ""


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
        text=text,
    )


def _coverage(asked: dict[str, float], held: set[str]) -> float:
    total = sum(asked.values())
    return sum(w for t, w in asked.items() if t in held) / total if total else 1.0


def _names_subject(question: Question, normalised: str, terms: set[str]) -> tuple[int, ...]:
    """Which of the subject's things a text names; a bare head noun needs one of its modifiers too."""
    if question.companions and not question.companions & terms:
        return ()
    if question.phrase and not question.phrase.search(normalised):
        return ()
    return tuple(i for i, a in enumerate(question.anchors) if _names(a, normalised, terms))


def _names(anchor: frozenset[str], normalised: str, terms: set[str]) -> bool:
    return any((a in terms) if " " not in a and "-" not in a else (a in normalised) for a in anchor) or any(
        re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])", normalised) for a in anchor
    )


@dataclass(frozen=True)
class Reading:
    """One candidate as evidence: which of the subject's things it is about, and the text it is read with."""

    candidate: Candidate
    about: tuple[int, ...]  # indices into Question.anchors
    direct: bool  # names the subject itself (not through a pronoun)
    sentence: str  # normalised
    terms: set[str]  # the sentence's words
    context: set[str]  # ...with its label, heading and referent


def read(question: Question, candidate: Candidate, lexicon: YesNoLexicon) -> Reading | None:
    """The candidate as evidence about the question's subject, or None when it is about something else."""
    where: Setting = setting(candidate, lexicon)
    sentence = lexicon.normalise(candidate.sentence)
    terms = lexicon.terms(sentence)
    label = lexicon.normalise(where.label)
    heading = lexicon.normalise(where.heading)
    title = lexicon.normalise(candidate.passage.title)
    context = terms | lexicon.terms(f"{label} {heading} {title}")
    if where.referent is not None:
        referent = lexicon.normalise(where.referent)
        referent_terms = lexicon.terms(referent)
        context |= referent_terms
        if question.person:
            return None  # "you" is never a pronoun's referent here
        about = _names_subject(question, referent, referent_terms)
        if not about and _names_subject(question, sentence, terms):
            # "It does not respond well to most EGFR pills" under "Exon 20 insertion": the pronoun
            # stands for what the question asks about, and the sentence names the subject.
            top = max(question.asked, key=lambda t: question.asked[t], default=None)
            if top and top in referent_terms:
                about = _names_subject(question, sentence, terms)
        return Reading(candidate, about, False, sentence, terms, context) if about else None
    if question.person:
        return (
            Reading(candidate, (0,), True, sentence, terms, context)
            if lexicon.person_evidence.search(sentence)
            else None
        )
    about = _names_subject(question, sentence, terms)
    if about:
        return Reading(candidate, about, True, sentence, terms, context)
    # "A high score does not promise a response" under "Limits of the PD-L1 test".
    framing = f"{label} {heading}"
    framing_terms = lexicon.terms(framing)
    if any(term_weight(t) >= TELLING_WEIGHT for t in terms & question.subject):
        about = _names_subject(question, f"{sentence} {framing}", terms | framing_terms)
        if about:
            return Reading(candidate, about, False, sentence, terms, context)
    return None


def _clause_before(text: str, position: int, lexicon: YesNoLexicon) -> str:
    """The clause a position sits in, up to that position."""
    before = text[:position]
    starts = [m.start() for m in re.finditer(r"[,;:()]", before)]
    return before[starts[-1] + 1 :] if starts else before


def _negated_terms(sentence: str, lexicon: YesNoLexicon) -> set[str]:
    """Words a negation reaches: from the negation to the end of its clause; 'nonsquamous' negates 'squamous'."""
    text = lexicon.affirming.sub(" ", sentence)
    reached: set[str] = set()
    for m in lexicon.negation.finditer(text):
        if lexicon.unasserted.search(_clause_before(text, m.start(), lexicon)):
            continue  # "If you cannot work, ...", "may not": a condition or a maybe, not a denial
        rest = text[m.end() :]
        end = lexicon.clause_end.search(rest)
        reached |= lexicon.terms(rest[: end.start()] if end else rest)
    for m in re.finditer(r"\bnon-?([a-z]{4,})", text):
        reached |= lexicon.terms(m.group(1))
    return reached


def _classes_in(terms: set[str], lexicon: YesNoLexicon) -> set[str]:
    return {c for c in lexicon.classes if c in terms}


def _class_vote(question: Question, reading: Reading, lexicon: YesNoLexicon) -> str | None:
    """'Tarlatamab is a bispecific T-cell engager' answers 'Is tarlatamab CAR-T?' with no."""
    m = re.search(r"\b(?:is|are)\s+(?:also\s+)?(.*)", reading.sentence)
    if not m or not question.asked_class:
        return None
    claim = KIND_OF.sub(" ", m.group(1))  # "a kind of targeted therapy": the kind is the claim
    cut = lexicon.negation.search(claim)
    claim = claim[: cut.start()] if cut else claim
    words = claim.split()
    head = list(itertools.takewhile(lambda w: w not in lexicon.prepositions, words))
    end = lexicon.clause_end.search(" ".join(head))
    positive = lexicon.terms(" ".join(head)[: end.start()] if end else " ".join(head))
    named = _classes_in(positive, lexicon)
    if question.asked_class in named:
        return "yes"
    if named & lexicon.classes[question.asked_class]:
        return "no"
    return None


def _approved_itself(question: Question, reading: Reading, lexicon: YesNoLexicon) -> bool:
    """The subject is what was approved: named before the approval, or right after it ('approved X')."""
    approval = lexicon.approval.search(reading.sentence)
    if approval is None:
        return False
    names = [n for i in reading.about for n in question.anchors[i]]
    for name in names:
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}", reading.sentence):
            between = reading.sentence[approval.end() : m.start()].split()
            if m.start() < approval.start() or not lexicon.prepositions.intersection(between):
                return True
    return False


def _approval_vote(question: Question, reading: Reading, lexicon: YesNoLexicon) -> str | None:
    raw = reading.candidate.sentence.lower()
    if not lexicon.approval.search(raw):
        return None
    if APPROVED in _negated_terms(reading.sentence, lexicon):
        return "no"
    if reading.direct and not _approved_itself(question, reading, lexicon):
        return None  # "approved lurbinectedin with atezolizumab" approves lurbinectedin
    condition = {t: w for t, w in question.asked.items() if t not in APPROVAL_TERMS}
    if lexicon.trials_only.search(raw):
        return "no"
    restricted = lexicon.restricted.search(reading.sentence)
    if restricted:
        scope = reading.sentence[restricted.end() :]
        end = lexicon.clause_end.search(scope)
        held = lexicon.terms(scope[: end.start()] if end else scope)
        if any(t not in held for t in condition):
            return "no"
    if question.approval_kind == "full":
        if lexicon.not_yet_full.search(raw):
            return "no"
        if not lexicon.approval_kinds["full"].search(raw):
            return "no" if lexicon.approval_kinds["accelerated"].search(raw) else None
    elif question.approval_kind and not lexicon.approval_kinds[question.approval_kind].search(raw):
        return None
    if condition and _coverage(condition, reading.terms) == 0 and INDICATION.search(raw):
        return None  # approved for something that is not what was asked
    return "yes" if _coverage(condition, reading.context) >= YES_COVERAGE else None


def _order_vote(question: Question, reading: Reading, lexicon: YesNoLexicon) -> str | None:
    """'The first treatment is usually immunotherapy' answers 'Is a KRAS pill the first treatment?' with no."""
    m = lexicon.first_evidence.search(reading.sentence)
    before = lexicon.first_evidence_after.search(reading.sentence)
    if m:
        named = reading.sentence[m.end() :]
    elif before:  # "..., an ALK inhibitor is usually the first treatment"
        named = re.split(r"[,;:]", reading.sentence[: before.start()])[-1]
    else:
        return "no" if lexicon.later_use.search(reading.sentence) else None
    named_terms = lexicon.terms(named)
    if any(_names(a, named, named_terms) for a in question.anchors):
        return "yes"
    names_treatment = bool(get_lexicon().find(named)) or bool(named_terms & lexicon.treatments)
    return "no" if names_treatment or _classes_in(named_terms, lexicon) else None


def _order_evidence(question: Question, candidate: Candidate, lexicon: YesNoLexicon) -> Reading | None:
    """A sentence on the first treatment for the condition asked about, whatever its subject."""
    sentence = lexicon.normalise(candidate.sentence)
    if not lexicon.first_evidence.search(sentence) and not lexicon.first_evidence_after.search(sentence):
        return None
    terms = lexicon.terms(sentence)
    condition = {t: w for t, w in question.asked.items() if t not in ORDER_TERMS}
    if _coverage(condition, terms) < YES_COVERAGE:
        return None
    return Reading(candidate, tuple(range(len(question.anchors))), True, sentence, terms, terms)


def vote(question: Question, reading: Reading, lexicon: YesNoLexicon) -> str | None:
    """'yes', 'no', 'unsure' or None (says nothing on the question)."""
    sentence = reading.sentence
    coverage = max(_coverage(question.asked, reading.context), _coverage(question.core, reading.context))
    if lexicon.uncertain.search(sentence) and coverage >= NO_COVERAGE:
        return "unsure"
    if lexicon.reported.search(sentence):
        return None  # "Some people think ...": a belief the text goes on to correct
    negated = _negated_terms(sentence, lexicon) - question.negated
    if "class" not in question.frames:
        negated -= set(lexicon.classes)  # "They are not chemotherapy" says what they are, not how they are given
    reached = max(_coverage(question.asked, negated), _coverage(question.core, negated) if question.core else 0.0)
    denies = reached >= NEGATED_SHARE and coverage >= NO_COVERAGE and not lexicon.doubtful.search(sentence)
    if question.absolute:
        absolute = lexicon.absolutes[question.absolute]
        if absolute.refuted_by.search(sentence) and (absolute.about_itself or coverage >= NO_COVERAGE):
            return "no"
    if "same" in question.frames and lexicon.different.search(sentence) and coverage >= NO_COVERAGE:
        return "no"
    votes: set[str] = {"no"} if denies else set()
    if "class" in question.frames and (v := _class_vote(question, reading, lexicon)):
        votes.add(v)
    if "approval" in question.frames and (v := _approval_vote(question, reading, lexicon)):
        votes.add(v)
    if "order" in question.frames and (v := _order_vote(question, reading, lexicon)):
        votes.add(v)
    if "no" in votes:
        return "no" if "yes" not in votes else "unsure"
    hedged = bool(lexicon.hedges.search(sentence)) or bool(negated & set(question.asked))
    if hedged or question.absolute:
        return None
    if "yes" in votes:
        return "yes"
    if "worth" in question.frames and lexicon.affirming.search(sentence):
        subject = {t: term_weight(t) for t in question.subject}
        return "yes" if _coverage(subject, reading.terms) >= YES_COVERAGE else None
    asked = {t: w for t, w in question.asked.items() if t != SAME} if "same" in question.frames else question.asked
    if _coverage(asked, reading.context) < YES_COVERAGE:
        return None
    if "same" in question.frames and lexicon.same.search(sentence):
        return "yes"
    if "can" in question.frames and question.frames <= {"can"}:
        if _coverage(question.asked, reading.terms) < CAN_COVERAGE:
            return None  # "Asbestos is the main cause of mesothelioma" does not say it causes lung cancer
        causal = "cause" in question.asked and lexicon.cause_evidence.search(sentence)
        can = (lexicon.person_can if question.person else lexicon.can_evidence).search(sentence)
        if causal or can:
            return "yes"
    return None


def opening(question: str, ranked: list[Candidate]) -> Verdict | None:
    """'Yes.' or 'No.' with the candidate that says so, or None when the evidence is not clear enough.

    `ranked` is every candidate sentence, best first: the justifying one need not be the best.
    """
    if not is_yes_no(question) or not ranked:
        return None
    lexicon = get_yes_no_lexicon()
    asked = parse(question, lexicon)
    if not asked.anchors or not asked.asked:
        return None
    yes: list[Reading] = []
    no: list[Reading] = []
    for candidate in ranked:
        reading = read(asked, candidate, lexicon)
        if reading is None and "order" in asked.frames:
            reading = _order_evidence(asked, candidate, lexicon)
        if reading is None:
            continue
        verdict = vote(asked, reading, lexicon)
        if verdict == "unsure":
            return None
        if verdict == "yes":
            yes.append(reading)
        elif verdict == "no":
            no.append(reading)
    if no and not yes:
        return Verdict("No.", _best(no))
    if yes and not no and all(any(i in r.about for r in yes) for i in range(len(asked.anchors))):
        return Verdict("Yes.", _best(yes))
    return None


def _best(readings: list[Reading]) -> Candidate:
    """The clearest justification: one that names the subject itself, then the best ranked."""
    return min(readings, key=lambda r: not r.direct).candidate
