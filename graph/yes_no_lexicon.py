"""The yes/no lexicon (chatbot/data/yes_no.yaml), compiled once, and the text normalisation it drives.

Question and evidence pass through the same `normalise`, so "CAR T-cell therapy" meets "CAR-T" and
"small cell lung cancer" meets "SCLC" (never "non-small cell lung cancer").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from vectorstore import sparse

LEXICON_FILE = Path(__file__).resolve().parents[1] / "chatbot" / "data" / "yes_no.yaml"


def _any(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@dataclass(frozen=True)
class Absolute:
    question: re.Pattern[str]
    refuted_by: re.Pattern[str]
    about_itself: bool


@dataclass(frozen=True)
class YesNoLexicon:
    phrases: tuple[tuple[re.Pattern[str], str], ...]
    implies: dict[str, tuple[str, ...]]
    classes: dict[str, frozenset[str]]
    predicate_starts: frozenset[str]
    subject_skips: frozenset[str]
    person: frozenset[str]
    person_evidence: re.Pattern[str]
    it_frame: re.Pattern[str]
    worth_words: frozenset[str]
    affirming: re.Pattern[str]
    pronouns: frozenset[str]
    treatments: frozenset[str]
    prepositions: frozenset[str]
    reported: re.Pattern[str]
    dummy_it: re.Pattern[str]
    subjectless: frozenset[str]
    negation: re.Pattern[str]
    clause_end: re.Pattern[str]
    unasserted: re.Pattern[str]
    uncertain: re.Pattern[str]
    hedges: re.Pattern[str]
    doubtful: re.Pattern[str]
    absolutes: dict[str, Absolute]
    approval: re.Pattern[str]
    approval_kinds: dict[str, re.Pattern[str]]
    not_yet_full: re.Pattern[str]
    restricted: re.Pattern[str]
    trials_only: re.Pattern[str]
    first_question: re.Pattern[str]
    first_evidence: re.Pattern[str]
    first_evidence_after: re.Pattern[str]
    later_use: re.Pattern[str]
    same_question: re.Pattern[str]
    different: re.Pattern[str]
    same: re.Pattern[str]
    can_evidence: re.Pattern[str]
    person_can: re.Pattern[str]
    cause_evidence: re.Pattern[str]

    def normalise(self, text: str) -> str:
        """Lower case, one spelling per term."""
        out = text.lower().replace("’", "'")
        for pattern, canonical in self.phrases:
            out = pattern.sub(canonical, out)
        return out

    def terms(self, normalised: str) -> set[str]:
        """Content words of normalised text, with the words an abbreviation stands for."""
        found = {_undouble(t) for t in sparse.tokens(normalised)}
        return found | {i for t in found for i in self.implies.get(t, ())}

    def head_term(self, word: str) -> str | None:
        """The term for a whole word ('x-ray', not its part 'ray')."""
        tokens = sparse.tokens(word)
        return _undouble(tokens[0]) if tokens else None


def _undouble(term: str) -> str:
    """'quitting' stems to 'quitt': meet 'quit'."""
    if len(term) >= 4 and term[-1] == term[-2] and term[-1] not in "aeiouls":
        return term[:-1]
    return term


def _load(raw: dict[str, Any]) -> YesNoLexicon:
    phrases = tuple(
        (re.compile(rf"(?<![\w-])(?:{p})(?![\w-])"), canonical)
        for canonical, patterns in raw["phrases"].items()
        for p in patterns
    )
    return YesNoLexicon(
        phrases=phrases,
        implies={k: tuple(v) for k, v in raw["implies"].items()},
        classes={k: frozenset(v) for k, v in raw["classes"].items()},
        predicate_starts=frozenset(raw["predicate_starts"]),
        subject_skips=frozenset(raw["subject_skips"]),
        person=frozenset(raw["person"]),
        person_evidence=_any(raw["person_evidence"]),
        it_frame=re.compile(raw["it_frame"]),
        worth_words=frozenset(raw["worth_words"]),
        affirming=_any(raw["affirming"]),
        pronouns=frozenset(raw["pronouns"]),
        treatments=frozenset(t for w in raw["treatments"] for t in sparse.tokens(w)),
        prepositions=frozenset(raw["prepositions"]),
        reported=_any(raw["reported"]),
        dummy_it=re.compile(raw["dummy_it"]),
        subjectless=frozenset(raw["subjectless"]),
        negation=_any(raw["negations"]),
        clause_end=re.compile(raw["clause_end"]),
        unasserted=_any(raw["unasserted"]),
        uncertain=_any(raw["uncertain"]),
        hedges=_any(raw["hedges"]),
        doubtful=_any(raw["doubtful"]),
        absolutes={
            name: Absolute(re.compile(a["question"]), _any(a["refuted_by"]), bool(a.get("about_itself")))
            for name, a in raw["absolutes"].items()
        },
        approval=re.compile(raw["approval"]),
        approval_kinds={k: _any(v) for k, v in raw["approval_kinds"].items()},
        not_yet_full=_any(raw["not_yet_full"]),
        restricted=_any(raw["restricted"]),
        trials_only=_any(raw["trials_only"]),
        first_question=re.compile(raw["first_question"]),
        first_evidence=re.compile(raw["first_evidence"]),
        first_evidence_after=re.compile(raw["first_evidence_after"]),
        later_use=_any(raw["later_use"]),
        same_question=re.compile(raw["same_question"]),
        different=_any(raw["different"]),
        same=_any(raw["same"]),
        can_evidence=_any(raw["can_evidence"]),
        person_can=_any(raw["person_can"]),
        cause_evidence=_any(raw["cause_evidence"]),
    )


@lru_cache(maxsize=1)
def get_yes_no_lexicon(path: Path = LEXICON_FILE) -> YesNoLexicon:
    return _load(yaml.safe_load(path.read_text(encoding="utf-8")))
