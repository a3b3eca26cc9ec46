"""What a candidate sentence is about when it does not say: "It got full approval in 2022."

A sentence led by a pronoun, or a list item with no subject ("Cannot measure PD-L1."), speaks of
whatever the nearest text before it names: the sentence before it in its line (walking back past
other pronoun-led sentences), the line's bold label, the lead-in line of its list, or else the
section heading. Only that text may tie its claim to the question's subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chatbot.drugs import get_lexicon
from chatbot.rails.text import lines_with_sentences

from .sentences import Candidate
from .yes_no_lexicon import YesNoLexicon

LABEL = re.compile(r"^\s*\*\*(.+?)\*\*")
WORD = re.compile(r"[a-z][a-z']*")
INTRO_WORDS = 8
OBJECT_WORDS = 5
OBJECT_PRONOUN = frozenset({"it", "them"})
PLURAL = frozenset({"they", "these", "those", "both", "them", "their"})
SINGULAR = frozenset({"it", "its", "this", "that", "he", "she"})
VERB = re.compile(
    r"\b(?:is|are|was|were|has|have)\b"
)  # "For lung cancer, they are used ...": a short opening phrase before the pronoun


@dataclass(frozen=True)
class Setting:
    """Where a sentence stands in its passage."""

    label: str  # bold label of its line ("Capmatinib (Tabrecta):"), or ""
    heading: str
    referent: str | None  # what a pronoun-led sentence is about; None when it names its own subject


def _plain(sentence: str) -> str:
    return LABEL.sub("", sentence).replace("*", "").strip().lower()


def pronoun_led(sentence: str, in_list: bool, lexicon: YesNoLexicon) -> bool:
    """Whether the sentence's subject is a pronoun, or missing (a list item that starts with its verb)."""
    text = _plain(sentence)
    if lexicon.dummy_it.match(text):
        return False
    words = WORD.findall(text)
    if not words:
        return False
    if words[0] in lexicon.pronouns or (in_list and words[0] in lexicon.subjectless):
        return True
    if OBJECT_PRONOUN.intersection(words[:OBJECT_WORDS]) and not get_lexicon().find(text):
        return True  # "The FDA gave it accelerated approval": the claim is about "it"
    intro, comma, rest = text.partition(",")
    after = WORD.findall(rest)
    return bool(comma) and len(WORD.findall(intro)) <= INTRO_WORDS and bool(after) and after[0] in lexicon.pronouns


def _plural_pronoun(sentence: str, lexicon: YesNoLexicon) -> bool | None:
    """True for 'they', False for 'it', None when the sentence has no pronoun subject to agree with."""
    for word in WORD.findall(_plain(sentence))[: INTRO_WORDS + 2]:
        if word in PLURAL:
            return True
        if word in SINGULAR:
            return False
    return None


def _agrees(before: str, plural: bool | None) -> bool:
    """'It' cannot stand for the subject of 'No cells are removed': a plural verb is another thing."""
    verb = VERB.search(before.lower())
    return plural is None or verb is None or (verb.group(0) in ("are", "were", "have")) == plural


def setting(candidate: Candidate, lexicon: YesNoLexicon) -> Setting:
    heading = candidate.passage.section or ""
    lead_in = ""  # the last line that is not a list item: a list's lead-in or bold title
    for prefix, sentences in lines_with_sentences(candidate.passage.text):
        if candidate.sentence in sentences:
            line = " ".join(sentences)
            m = LABEL.match(line)
            label = m.group(1).strip() if m else ""
            index = sentences.index(candidate.sentence)
            if not pronoun_led(candidate.sentence, bool(prefix), lexicon):
                return Setting(label, heading, None)
            plural = _plural_pronoun(candidate.sentence, lexicon)
            for before in reversed(sentences[:index]):
                if not pronoun_led(before, bool(prefix), lexicon) and _agrees(before, plural):
                    return Setting(label, heading, before)
            if label and index > 0:
                return Setting(label, heading, label)
            return Setting(label, heading, lead_in if prefix and lead_in else heading)
        if sentences and not prefix:
            lead_in = " ".join(sentences)
    return Setting("", heading, None)
