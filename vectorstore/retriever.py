"""Hybrid retrieval: dense and sparse candidates fused by reciprocal rank, nudged by the profile."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from qdrant_client import QdrantClient, models

from chatbot.drugs import get_lexicon
from chatbot.settings import Settings, get_settings

from . import sparse
from .embeddings import get_embedder
from .store import DENSE, SPARSE, IndexUnavailable, collection_ready, get_client
from .term_weights import rare_terms

Mode = Literal["hybrid", "dense", "sparse"]
RANK_WEIGHT = 0.10
PROFILE_BOOST = 0.08
TOPIC_BOOST = 0.05
DRUG_BOOST = 0.25  # a document about the drug asked about beats one about its cousins
HEADING_BOOST = 0.20
RARE_TERM_BOOST = 0.30  # the passage holds the question's rare words ('Lung-MAP', 'thoracentesis')
BIOMARKER_BOOST = 0.08  # a profile's biomarker brings the therapy aimed at it first ...
BIOMARKER_INTENTS = ("treatment", "biomarkers")  # ... when the question is about treatment or testing


@dataclass(frozen=True)
class Passage:
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
    similarity: float = 0.0  # cosine of question and passage: an absolute measure of fit


@dataclass(frozen=True)
class RetrievalContext:
    """What besides the question steers the ranking: the intent and the person's profile."""

    intent: str | None = None
    histology: str | None = None
    stage: str | None = None
    biomarkers: tuple[str, ...] = ()


def _passage(point: models.ScoredPoint | models.Record, score: float, query: np.ndarray | None = None) -> Passage:
    p = point.payload or {}
    vectors = point.vector if isinstance(point.vector, dict) else {}
    dense = vectors.get(DENSE)
    similarity = float(np.dot(query, np.asarray(dense))) if query is not None and dense is not None else 0.0
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
        kind=p.get("kind", "content"),
        histology=list(p.get("histology", [])),
        stages=list(p.get("stages", [])),
        drugs=list(p.get("drugs", [])),
        similarity=similarity,
    )


def _stage_family(stage: str | None) -> str | None:
    if not stage:
        return None
    s = stage.strip().upper().replace("STAGE", "").strip()
    for roman in ("IV", "III", "II", "I"):
        if s.startswith(roman):
            return roman
    return {"4": "IV", "3": "III", "2": "II", "1": "I"}.get(s[:1], s.lower() if s else None)


class Retriever:
    def __init__(self, settings: Settings | None = None, client: QdrantClient | None = None) -> None:
        self.settings = settings or get_settings()
        self.client = client or get_client(self.settings)
        if not collection_ready(self.client, self.settings.collection):
            raise IndexUnavailable("The knowledge-base index is empty or missing. Build it with: lung-chat ingest")
        self.embedder = get_embedder()
        self.lexicon = get_lexicon()
        self._sections: dict[tuple[str, str], list[Passage]] = {}

    def search(
        self, query: str, k: int | None = None, mode: Mode = "hybrid", context: RetrievalContext | None = None
    ) -> list[Passage]:
        k = k or self.settings.top_k
        text = self.lexicon.expand(query)
        only_content = models.Filter(must=[models.FieldCondition(key="kind", match=models.MatchValue(value="content"))])
        query_vec = self.embedder.embed_one(text)
        dense = query_vec.tolist()
        sparse_vec = sparse.query_vector(text)
        n = self.settings.prefetch_k
        if mode in ("dense", "sparse"):
            single: list[float] | models.SparseVector = dense if mode == "dense" else sparse_vec
            result = self.client.query_points(
                self.settings.collection,
                query=single,
                using=DENSE if mode == "dense" else SPARSE,
                limit=n,
                query_filter=only_content,
                with_vectors=[DENSE],
            )
        else:
            result = self.client.query_points(
                self.settings.collection,
                prefetch=[
                    models.Prefetch(query=dense, using=DENSE, limit=n, filter=only_content),
                    models.Prefetch(query=sparse_vec, using=SPARSE, limit=n, filter=only_content),
                ],
                query=models.FusionQuery(fusion=models.Fusion.RRF),
                limit=n,
                with_vectors=[DENSE],
            )
        passages = [_passage(p, float(p.score), query_vec) for p in result.points]
        if mode == "hybrid":
            found = self.lexicon.find(text)
            drugs = [d.generic for d in found]
            names = {t for d in found for name in d.names for t in sparse.tokens(name)}
            passages = self._rerank(passages, context or RetrievalContext(), drugs, text, names)
        return passages[:k]

    def _rerank(
        self,
        passages: list[Passage],
        context: RetrievalContext,
        drugs: list[str],
        query: str,
        drug_words: set[str] | None = None,
    ) -> list[Passage]:
        """Absolute fit (cosine) plus fused rank, nudged towards the drug asked about, a heading that
        matches the question, the intent and the person's profile."""
        stage = _stage_family(context.stage)
        histology = (context.histology or "").lower() or None
        terms = set(sparse.tokens(query)) - set(drugs)
        rare = rare_terms(query, drug_words or set())  # a drug is weighed by the drug boost
        markers = (
            {b.upper() for b in context.biomarkers} if context.intent in BIOMARKER_INTENTS and not drugs else set()
        )
        scored = []
        for rank, p in enumerate(passages):
            fit = p.similarity + RANK_WEIGHT / (1 + rank)
            if context.intent and context.intent in p.topics:
                fit += TOPIC_BOOST
            if drugs and any(d in p.drugs for d in drugs):
                fit += DRUG_BOOST
            if drugs and any(d in p.text.lower() for d in drugs):
                fit += DRUG_BOOST / 2
            if terms:
                heading = set(sparse.tokens(p.section))
                fit += HEADING_BOOST * len(terms & heading) / len(terms)
            if rare:
                held = set(sparse.tokens(f"{p.section} {p.text}"))
                fit += RARE_TERM_BOOST * len(rare & held) / len(rare)
            if histology and p.histology:
                fit += PROFILE_BOOST if histology in p.histology else -PROFILE_BOOST
            if stage and p.stages:
                fit += PROFILE_BOOST if stage in p.stages else -PROFILE_BOOST / 2
            if markers and self._aimed_at(p.drugs, markers):
                fit += BIOMARKER_BOOST
            scored.append((fit, p))
        scored.sort(key=lambda sp: sp[0], reverse=True)
        return [Passage(**{**p.__dict__, "score": s}) for s, p in scored]

    def _aimed_at(self, drugs: list[str], markers: set[str]) -> bool:
        """Most of a document's drugs have one of these markers as main target ('EGFR (also HER2)')."""
        by_name = self.lexicon.by_name
        targets = [by_name[d].target.split()[0].upper() for d in drugs if d in by_name and by_name[d].target]
        return bool(targets) and sum(t in markers for t in targets) * 2 > len(targets)

    def sections(self, doc_id: str, kind: str) -> list[Passage]:
        """The non-content parts of a document (its questions or its further reading).

        They are read once per process: the index does not change under a running retriever.
        """
        key = (doc_id, kind)
        if key not in self._sections:
            self._sections[key] = self._read_sections(doc_id, kind)
        return self._sections[key]

    def _read_sections(self, doc_id: str, kind: str) -> list[Passage]:
        points, _ = self.client.scroll(
            self.settings.collection,
            scroll_filter=models.Filter(
                must=[
                    models.FieldCondition(key="doc_id", match=models.MatchValue(value=doc_id)),
                    models.FieldCondition(key="kind", match=models.MatchValue(value=kind)),
                ]
            ),
            limit=8,
        )
        return [_passage(p, 0.0) for p in points]
