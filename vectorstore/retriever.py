"""Section retrieval: the person's question matched against the questions each section answers.

Every section of the knowledge base states, in patients' words, the questions it answers; those
questions are indexed beside the section text, dense and sparse. Question-to-question closeness is
what the sentence encoder does best, so a section's fit is its closest question, helped by how
close its own text is; the two rankings are fused by reciprocal rank and nudged by the profile.
The encoder reads "Who decides which medicine I get?" as nearly the same as "How do doctors decide
which treatment is best?": a stated question that wants the same kind of answer (a way, a reason, a
length of time, yes or no) as the person's counts for a little more.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
from qdrant_client import QdrantClient, models

from core import english
from core.drugs import Drug, get_lexicon
from core.settings import Settings
from core.stages import stage_family
from core.text import asked_sentences, question_kind

from . import sparse
from .bare_questions import bare_matrix
from .cognates import SharedSpelling
from .embeddings import embed_multilingual, get_embedder
from .section_index import PointSet, load_point_sets, rrf
from .spelling import Speller
from .store import IndexUnavailable, collection_ready, get_client

Mode = Literal["hybrid", "dense", "sparse"]
TEXT_WEIGHT = 0.35  # the section's own text, beside its closest question
KIND_WEIGHT = 0.05  # a stated question that wants the same kind of answer ('how ...?', 'how ...?') counts more
RANK_WEIGHT = 0.03  # fused dense and sparse ranks of questions and text (1.0 for first place in one list)
RRF_K = 60.0
ROOT_CREDIT = 0.5  # a word held only by its root (another form of it) counts this much ...
KIND_CREDIT = 0.5  # ... and so does a medicine held only by its kind ('carboplatin' by a section on chemotherapy)
STORY_WEIGHT = 0.25  # a word of the story around the question, or a number, that no section holds counts this much
PART_KINDS = ("care_team", "learn_more")  # a document's parts that are not read as answers
PARTS_PER_DOCUMENT = 8
COVERAGE_DEPTH = 3  # the sections whose words together must hold the question's telling words
PROFILE_BOOST = 0.04
TOPIC_BOOST = 0.03
DRUG_BOOST = 0.15  # a section that names the drug asked about beats one about its cousins
DOC_DRUG_BOOST = 0.08  # ... and one from a document about that drug comes next
OTHER_DRUG_PENALTY = 0.10  # a section that names only other drugs answers about them, not this one
HISTOLOGY_BOOST = 0.08  # the question says small cell or non-small cell: sections about the other lose
UNNAMED_SCLC_PENALTY = 0.04  # 'lung cancer' unqualified is non-small cell 85 times in 100: small cell sections wait
NON_SMALL = re.compile(r"\bnon[- ]?small[- ]cell\b|\bnsclc\b", re.I)
SMALL = re.compile(r"\bsmall[- ]cell\b|\bsclc\b", re.I)
STAGE_BOOST = 0.08  # the question names a stage: sections whose heading or question names another lose
SHARED_SPELLING_WEIGHT = 0.4  # across languages: how much a question's spelling shared with a stated one counts
STAGE_NAMED = re.compile(r"\bstages?\s*(iv|iii|ii|i|[0-4])(?:[abc][12]?)?\b", re.I)
BIOMARKER_BOOST = 0.04  # a profile's biomarker brings the therapy aimed at it first ...
BIOMARKER_INTENTS = ("treatment", "biomarkers")  # ... when the question is about treatment or testing


@dataclass(frozen=True)
class Passage:
    """A whole section of the knowledge base, as retrieved for one question."""

    doc_id: str
    title: str
    section: str
    text: str
    citation: str
    url: str | None
    reviewed: str
    score: float
    topics: list[str] = field(default_factory=list)
    kind: str = "content"
    histology: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    drugs: list[str] = field(default_factory=list)  # drugs the whole document is about
    similarity: float = 0.0  # cosine of the question and the section's closest question: absolute fit
    text_similarity: float = 0.0  # cosine of the question and the section text
    questions: list[str] = field(default_factory=list)  # what the section answers
    matched: str = ""  # the section's question closest to the person's (one of the same kind first)
    part: int = 0  # which part of a many-part question this section was found for
    coverage: float = 1.0  # share of the question's telling words (IDF-weighted) the best sections hold

    @property
    def key(self) -> str:
        return f"{self.doc_id}#{self.section}"


@dataclass(frozen=True)
class RetrievalContext:
    """What besides the question steers the ranking: the intent and the person's profile."""

    intent: str | None = None
    histology: str | None = None
    stage: str | None = None
    biomarkers: tuple[str, ...] = ()
    language: str = "en"  # of the question; another language is matched across languages, questions only


def _passage(point: models.ScoredPoint | models.Record, score: float = 0.0) -> Passage:
    return _passage_from(point.payload or {}, score)


def _passage_from(p: dict[str, Any], score: float = 0.0) -> Passage:
    return Passage(
        doc_id=p["doc_id"],
        title=p["title"],
        section=p["section"],
        text=p["text"],
        citation=p["citation"],
        url=p.get("url"),
        reviewed=p.get("reviewed", ""),
        score=score,
        topics=list(p.get("topics", [])),
        kind="content" if p.get("kind") == "question" else p.get("kind", "content"),
        histology=list(p.get("histology", [])),
        stages=list(p.get("stages", [])),
        drugs=list(p.get("drugs", [])),
        questions=list(p.get("questions") or []),
    )


def _kinds_of(drugs: list[Drug]) -> dict[int, frozenset[int]]:
    """For each term of a named medicine's names, the terms of its kind ('carboplatin' -> 'chemotherapy')."""
    kinds: dict[int, frozenset[int]] = {}
    for drug in drugs:
        kind = frozenset(sparse.term_index(t) for _, t in sparse.words_and_tokens(drug.kind))
        for name in drug.names:
            for _, token in sparse.words_and_tokens(name):
                kinds[sparse.term_index(token)] = kind
    return kinds


def histology_named(text: str) -> str | None:
    """'nsclc' or 'sclc' when a text names one kind of lung cancer and not the other."""
    non_small = bool(NON_SMALL.search(text))
    small = bool(SMALL.search(NON_SMALL.sub(" ", text)))
    return "nsclc" if non_small and not small else "sclc" if small and not non_small else None


def stages_named(text: str) -> frozenset[str]:
    """The stage families a text names ('stage 4', 'Stage IIIB' -> IV, III; 'stage 0' -> 0)."""
    return frozenset(
        m.group(1).upper() if m.group(1) == "0" else str(stage_family(m.group(1))) for m in STAGE_NAMED.finditer(text)
    )


@dataclass(frozen=True)
class _Asked:
    """What one search asks and knows, read once and weighed against every candidate section."""

    intent: str | None
    drugs: list[str]
    histology_named: str | None  # the kind of lung cancer the question itself names
    histology: str | None  # ... and the one the person's profile or conversation tells
    stages_named: frozenset[str]  # the stages the question itself names
    stage: str | None
    markers: set[str]

    @classmethod
    def of(cls, context: RetrievalContext, drugs: list[str], named: str | None, stages: frozenset[str]) -> _Asked:
        biomarker_question = context.intent in BIOMARKER_INTENTS and not drugs
        return cls(
            intent=context.intent,
            drugs=drugs,
            histology_named=named,
            histology=(context.histology or "").lower() or None,
            stages_named=stages,
            stage=stage_family(context.stage),
            markers={b.upper() for b in context.biomarkers} if biomarker_question else set(),
        )


class Retriever:
    def __init__(self, settings: Settings, client: QdrantClient | None = None) -> None:
        self.settings = settings
        self.client = client or get_client(self.settings)
        if not collection_ready(self.client, self.settings.collection):
            raise IndexUnavailable("The knowledge-base index is empty or missing. Build it with: lung-chat ingest")
        self.embedder = get_embedder()
        self.lexicon = get_lexicon()
        self._sections: dict[tuple[str, str], list[Passage]] | None = None
        self._points: dict[str, PointSet] | None = None
        self._content_row_of: dict[str, int] | None = None
        self._named: dict[str, set[str]] = {}
        self._vocabulary: dict[str, set[int | str]] = {}
        self._question_words: dict[str, set[int | str]] | None = None
        self._multilingual: np.ndarray | None = None
        self._shared_spelling: SharedSpelling | None = None
        self._bases: dict[int, Passage] = {}
        self._rows_of: dict[str, list[int]] = {}
        self._speller: Speller | None = None
        self._kinds = np.zeros(0, dtype=object)
        self._bare = np.zeros((0, 0), dtype=np.float32)
        self._loading = threading.Lock()

    def point_sets(self) -> dict[str, PointSet]:
        """Every question and section point, read from the index once per retriever (the first
        conversations of a fresh process may ask at the same moment: one reads, the others wait)."""
        with self._loading:
            if self._points is None:
                points = load_point_sets(self.client, self.settings.collection, ("question", "content"))
                rows_of: dict[str, list[int]] = {}
                questions = []
                for row, payload in enumerate(points["question"].payloads):
                    rows_of.setdefault(str(payload.get("key")), []).append(row)
                    questions.append(str(payload["question"]))
                self._rows_of = rows_of
                # The kind of answer each stated question wants, and each read without 'lung cancer'.
                self._kinds = np.asarray([question_kind(q) or "" for q in questions], dtype=object)
                self._bare = bare_matrix(self.settings, questions, points["question"].dense)
                self._points = points
            return self._points

    def speller(self) -> Speller:
        """Typos corrected to the words of the indexed sections and their questions."""
        points = self.point_sets()
        with self._loading:
            if self._speller is None:
                texts = [str(p.get(f, "")) for p in points["content"].payloads for f in ("title", "section", "text")]
                self._speller = Speller(texts + [str(p["question"]) for p in points["question"].payloads])
            return self._speller

    def search(
        self, query: str, k: int | None = None, mode: Mode = "hybrid", context: RetrievalContext | None = None
    ) -> list[Passage]:
        """Whole sections, best first: closest stated question, then section text, then the profile."""
        k = k or self.settings.top_k
        depth = self.settings.prefetch_k
        points = self.point_sets()
        across_languages = bool(context and context.language != "en")
        if not across_languages:
            query = self.speller().correct(query)
        asked, content = points["question"], points["content"]
        text = self.lexicon.expand(query)
        query_vec = np.asarray(self.embedder.embed_one(text), dtype=np.float32)
        sparse_vec = sparse.query_vector(text)
        q_dense, c_dense = asked.dense_scores(query_vec), content.dense_scores(query_vec)
        # How telling each word of the question is: rare in the knowledge base and in everyday English.
        # A word only of the story told around the question ('My husband is 71, had a stent ...') is marked,
        # and so is a number: an age, a date or a count is the person's own detail, not what is asked about.
        terms: dict[int, tuple[str, float, bool]] = {}
        # A stage written in Roman numerals ('stage IIIA') is the person's detail just as 'stage 3a' is.
        asking = {term for _, term in sparse.words_and_tokens(asked_sentences(query))}
        staged = {m.group(0).split()[-1].lower() for m in STAGE_NAMED.finditer(query)}
        for word, term in sparse.words_and_tokens(query):
            i = sparse.term_index(term)
            weight = asked.term_weight(i) * english.telling(word)
            if weight > terms.get(i, ("", 0.0, True))[1]:
                detail = term not in asking or any(c.isdigit() for c in term) or word in staged
                terms[i] = (sparse.root(word), weight, detail)
        chosen = {"hybrid": (True, True), "dense": (True, False), "sparse": (False, True)}[mode]
        if across_languages:
            # Question to question across languages: the multilingual encoder; words cannot be matched.
            q_dense = self._multilingual_questions() @ embed_multilingual([query])[0]
            c_dense = np.zeros(len(content.payloads), dtype=np.float32)
            terms, chosen = {}, (True, False)
            spelled = self._spelling().scores(query)
        # A stated question ranks by the closer of its readings with and without 'lung cancer' (the subject
        # of every section, seldom said); how close it is, for whether the question is covered, stays as said.
        # Across languages the multilingual encoder's closeness alone ranks.
        q_rank = q_dense if across_languages or not len(q_dense) else np.maximum(q_dense, self._bare @ query_vec)

        def fused(points: PointSet, dense: np.ndarray) -> dict[int, float]:
            lexical = points.sparse_scores(sparse_vec) if chosen[1] else np.zeros(0)
            return rrf(*([dense] if chosen[0] else []), lexical, depth=depth)

        rank_fit: dict[str, float] = {}
        matched: dict[str, tuple[float, int, float]] = {}
        question_fit: dict[str, float] = {}
        for row, value in fused(asked, q_rank).items():
            key = str(asked.payloads[row]["key"])
            question_fit[key] = max(question_fit.get(key, 0.0), value)  # its best question, not how many it has
        rank_fit.update(question_fit)
        kind = None if across_languages else question_kind(query)
        same_kind = self._kinds == kind if kind else np.zeros(len(q_dense), dtype=bool)
        q_fit = q_rank + KIND_WEIGHT * same_kind
        for key in list(rank_fit):
            rows = self._rows_of.get(key, [])
            best = max(rows, key=lambda r: q_fit[r])  # the question that decides, and how close any is
            matched[key] = (float(q_dense[rows].max()), best, float(q_rank[rows].max()))
        for row, value in fused(content, c_dense).items():
            key = str(content.payloads[row]["key"])
            rank_fit[key] = rank_fit.get(key, 0.0) + value
        content_rows = self._content_rows()
        context = context or RetrievalContext()
        named = self.lexicon.find(text)
        wants = _Asked.of(context, [d.generic for d in named], histology_named(query), stages_named(query))
        ranked = []
        for key, fit in rank_fit.items():
            section_row = content_rows.get(key)
            if section_row is None:
                continue
            base = self._base_passage(section_row)
            t = float(c_dense[section_row])
            q, q_row, ranked_q = matched.get(key, (t, -1, t))
            closest = str(asked.payloads[q_row]["question"]) if q_row >= 0 else ""
            kind_fit = float(q_fit[q_row]) - ranked_q if q_row >= 0 else 0.0
            score = ranked_q + kind_fit + TEXT_WEIGHT * t + RANK_WEIGHT * RRF_K * fit
            if across_languages:
                score += SHARED_SPELLING_WEIGHT * max(
                    (float(spelled[r]) for r in self._rows_of.get(key, [])), default=0.0
                )
            score += self._nudge(base, closest, wants)
            ranked.append((score, base, q, t, closest, kind_fit + ranked_q - q))
        # Whether the question is covered at all is judged on the sections nearest in meaning as said, before
        # the kind of question asked and the readings without 'lung cancer' reorder them.
        nearest = sorted(ranked, key=lambda r: r[0] - r[5], reverse=True)[:COVERAGE_DEPTH]
        ranked.sort(key=lambda r: r[0], reverse=True)  # stable: ties keep the fused order
        # Across languages no word can be matched: the fit in meaning alone decides.
        covered = 1.0 if across_languages else self._coverage(terms, [r[1] for r in nearest], _kinds_of(named))
        return [
            replace(base, score=score, similarity=q, text_similarity=t, matched=closest, coverage=covered)
            for score, base, q, t, closest, _ in ranked[:k]
        ]

    def _base_passage(self, row: int) -> Passage:
        """A section as stored, built once per process; a search copies it with its own scores."""
        if row not in self._bases:
            self._bases[row] = _passage_from(self.point_sets()["content"].payloads[row])
        return self._bases[row]

    def _multilingual_questions(self) -> np.ndarray:
        """The stated questions in the multilingual encoder's space, computed once and kept with the index."""
        if self._multilingual is None:
            texts = [str(p["question"]) for p in self.point_sets()["question"].payloads]
            digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
            cache = self.settings.built_dir / f"questions-multilingual-{digest}.npy"
            if cache.exists():
                self._multilingual = np.load(cache, allow_pickle=False)
            else:
                self._multilingual = embed_multilingual(texts)
                cache.parent.mkdir(parents=True, exist_ok=True)
                partial = cache.with_suffix(f".{threading.get_ident()}.npy")  # never read half-written
                np.save(partial, self._multilingual, allow_pickle=False)
                partial.replace(cache)
        return self._multilingual

    def _spelling(self) -> SharedSpelling:
        """The stated questions' character n-grams, built the first time a question comes in another language."""
        if self._shared_spelling is None:
            self._shared_spelling = SharedSpelling([str(p["question"]) for p in self.point_sets()["question"].payloads])
        return self._shared_spelling

    def _content_rows(self) -> dict[str, int]:
        if self._content_row_of is None:
            payloads = self.point_sets()["content"].payloads
            self._content_row_of = {str(p["key"]): row for row, p in enumerate(payloads)}
        return self._content_row_of

    def _nudge(self, p: Passage, matched: str, asked: _Asked) -> float:
        """How far the drug asked about, the kind of lung cancer named, the intent and the person's
        profile move a section up or down."""
        fit = 0.0
        drugs = asked.drugs
        if asked.intent and asked.intent in p.topics:
            fit += TOPIC_BOOST
        if drugs:
            named = self._drugs_named(p)
            if named & set(drugs):
                fit += DRUG_BOOST
            elif any(d in p.drugs for d in drugs):
                fit += DOC_DRUG_BOOST
            elif named:
                fit -= OTHER_DRUG_PENALTY
        told = histology_named(f"{p.section} {matched}")
        if asked.histology_named:
            if told:
                fit += HISTOLOGY_BOOST if told == asked.histology_named else -HISTOLOGY_BOOST
        elif told == "sclc" and not asked.histology:
            fit -= UNNAMED_SCLC_PENALTY
        if asked.stages_named:
            stages = stages_named(f"{p.section} {matched}")
            if stages:
                fit += STAGE_BOOST if asked.stages_named & stages else -STAGE_BOOST
        if asked.histology and p.histology:
            fit += PROFILE_BOOST if asked.histology in p.histology else -PROFILE_BOOST
        if asked.stage and p.stages:
            fit += PROFILE_BOOST if asked.stage in p.stages else -PROFILE_BOOST / 2
        if asked.markers and self._aimed_at(p.drugs, asked.markers):
            fit += BIOMARKER_BOOST
        return fit

    def _coverage(
        self,
        terms: dict[int, tuple[str, float, bool]],
        passages: list[Passage],
        kinds: dict[int, frozenset[int]] | None = None,
    ) -> float:
        """The IDF-weighted share of the question's words that the best sections (with their questions,
        and the questions of their documents) hold: sections close in meaning to a question about another
        subject ('scuba diving' vs 'exercise' during treatment) hold few of its telling words. A word is
        held by its light stem (the index's token) or, for part of its weight, by its root ('radiated' by a
        section on radiation; 'disabled' by one on disability, which may not be about what was asked)."""
        if not terms:  # 'ok thanks': no word says what it is about, so no section holds what it asks
            return 0.0
        held: set[int | str] = set()
        for passage in passages:
            held |= self._document_questions_words().get(passage.doc_id, set())
            if passage.key not in self._vocabulary:
                words = " ".join([passage.title, passage.section, passage.text, *passage.questions])
                pairs = sparse.words_and_tokens(words)
                self._vocabulary[passage.key] = {sparse.term_index(t) for _, t in pairs} | {
                    sparse.root(w) for w, _ in pairs
                }
            held |= self._vocabulary[passage.key]
        credit = {i: 1.0 if i in held else ROOT_CREDIT if root in held else 0.0 for i, (root, _, _) in terms.items()}
        for i, kind in (kinds or {}).items():  # 'nausea from carboplatin' is answered by the section on chemo nausea
            if not credit.get(i, 1.0) and kind <= held:
                credit[i] = KIND_CREDIT
        # A word of the story around the question that no section holds ('stent', 'January') counts for less.
        total = sum(w * (STORY_WEIGHT if story and not credit[i] else 1.0) for i, (_, w, story) in terms.items())
        found = sum(w * credit[i] for i, (_, w, _) in terms.items())
        return found / total

    def _document_questions_words(self) -> dict[str, set[int | str]]:
        """The words of every question a document states, by document: the words patients use for its
        subject ('How can I cope with fatigue?'), held by each of its sections."""
        if self._question_words is None:  # read from the questions' sparse rows: no text is parsed again
            asked = self.point_sets()["question"]
            term_of = np.zeros(len(asked.columns), dtype=np.int64)
            for term, column in asked.columns.items():
                term_of[column] = term
            rows = asked.lexical
            words: dict[str, set[int | str]] = {}
            for row, payload in enumerate(asked.payloads):
                held = words.setdefault(str(payload["doc_id"]), set())
                held.update(term_of[rows.indices[rows.indptr[row] : rows.indptr[row + 1]]].tolist())
            self._question_words = words
        return self._question_words

    def _drugs_named(self, passage: Passage) -> set[str]:
        """The drugs a section names in its text or its questions, read once per section."""
        if passage.key not in self._named:
            words = " ".join([passage.section, passage.text, *passage.questions])
            self._named[passage.key] = {d.generic for d in self.lexicon.find(words)}
        return self._named[passage.key]

    def _aimed_at(self, drugs: list[str], markers: set[str]) -> bool:
        """Most of a document's drugs have one of these markers as main target ('EGFR (also HER2)')."""
        by_name = self.lexicon.by_name
        targets = [by_name[d].target.split()[0].upper() for d in drugs if d in by_name and by_name[d].target]
        return bool(targets) and sum(t in markers for t in targets) * 2 > len(targets)

    def stated_questions(self) -> list[tuple[str, str]]:
        """(question, section key) for every question the knowledge base states."""
        return [(str(p["question"]), str(p["key"])) for p in self.point_sets()["question"].payloads]

    @contextmanager
    def question_hidden(self, row: int) -> Iterator[None]:
        """Search as if stated question `row` were not indexed: how a new wording of it finds its section.
        For measuring only; another thread searching meanwhile would not see the question either."""
        asked = self.point_sets()["question"]
        start, end = asked.lexical.indptr[row], asked.lexical.indptr[row + 1]
        saved = asked.dense[row].copy(), self._bare[row].copy(), asked.lexical.data[start:end].copy()
        asked.dense[row], self._bare[row], asked.lexical.data[start:end] = 0.0, 0.0, 0.0
        try:
            yield
        finally:
            asked.dense[row], self._bare[row], asked.lexical.data[start:end] = saved

    def sections(self, doc_id: str, kind: str) -> list[Passage]:
        """The non-content parts of a document (its questions for the care team or its further reading).

        Every document's are read in one pass, the first time any is asked for: a filtered read scans the
        whole embedded collection, so one read per document made each new document's first answer slow.
        The index does not change under a running retriever.
        """
        with self._loading:
            if self._sections is None:
                self._sections = self._read_all_sections()
            return self._sections.get((doc_id, kind), [])

    def _read_all_sections(self) -> dict[tuple[str, str], list[Passage]]:
        kinds = models.FieldCondition(key="kind", match=models.MatchAny(any=list(PART_KINDS)))
        found: dict[tuple[str, str], list[Passage]] = {}
        offset = None
        while True:
            points, offset = self.client.scroll(
                self.settings.collection, scroll_filter=models.Filter(must=[kinds]), limit=1024, offset=offset
            )
            for point in points:
                passage = _passage(point)
                parts = found.setdefault((passage.doc_id, passage.kind), [])
                if len(parts) < PARTS_PER_DOCUMENT:
                    parts.append(passage)
            if offset is None:
                return found
