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
from dataclasses import dataclass

from chatbot.drugs import get_lexicon

from .referent import Setting, setting
from .sentences import Candidate, term_weight, weighted_coverage
from .yes_no_lexicon import YesNoLexicon, get_yes_no_lexicon
from .yes_no_question import APPROVAL_TERMS, Question, parse

YES_NO_QUESTION = re.compile(r"^\s*(?:is|are|was|were|does|do|did|can|could|will|would|has|have)\b", re.I)
DECISION = re.compile(
    r"^\s*(?:should|shall)\b|\b(?:should|can|could|may)\s+(?:i|we|he|she|they|my\s+\w+)\s+(?:take|stop|start|skip|have|get|use)\b",
    re.I,
)
CHOICE = re.compile(r"\b\w+\s+or\s+(?:a|an|the)?\s*\w+", re.I)
NO_COVERAGE = 0.45  # share of what is asked that a "No" sentence (with what it points to) must hold
YES_COVERAGE = 0.6  # ...and a "Yes" sentence
CAN_COVERAGE = 0.5  # "Can X cause Y?": the sentence itself says most of it
TELLING_WEIGHT = 1.2  # a shared word this rare ties a sentence to its heading's subject ('cancer' does not)
NEGATED_SHARE = 0.3  # share of what is asked that a negation must reach to deny it
KIND_OF = re.compile(r"\b(?:a |one )?(?:kind|type|form|class|group) of\b")
APPROVED = "approv"
SAME = "same"
INDICATION = re.compile(r"\bapprov\w*\s+(?:in\s+\w+\s+)?(?:in the us\s+)?(?:only\s+)?(?:for|to treat|as)\b")
ORDER_TERMS = frozenset({"first", "treatment", "choice", "option", "therapy", "medicine", "drug", "step"})


def is_yes_no(question: str) -> bool:
    return bool(YES_NO_QUESTION.match(question)) and not CHOICE.search(question) and not DECISION.search(question)


@dataclass(frozen=True)
class Verdict:
    """The opening word and the sentence that justifies it (shown right after the word)."""

    word: str
    evidence: Candidate


def _coverage(asked: dict[str, float], held: set[str]) -> float:
    """The composer's weighted coverage; nothing asked counts as fully held."""
    return weighted_coverage(asked, held) if asked else 1.0


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


def _clause_before(text: str, position: int) -> str:
    """The clause a position sits in, up to that position."""
    before = text[:position]
    starts = [m.start() for m in re.finditer(r"[,;:()]", before)]
    return before[starts[-1] + 1 :] if starts else before


def _negated_terms(sentence: str, lexicon: YesNoLexicon) -> set[str]:
    """Words a negation reaches: from the negation to the end of its clause; 'nonsquamous' negates 'squamous'."""
    text = lexicon.affirming.sub(" ", sentence)
    reached: set[str] = set()
    for m in lexicon.negation.finditer(text):
        if lexicon.unasserted.search(_clause_before(text, m.start())):
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
