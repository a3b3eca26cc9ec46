"""Idempotent ingest: point ids come from content hashes, so a re-run writes only what changed."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from qdrant_client import QdrantClient, models

from core.drugs import get_lexicon
from core.settings import Settings

from . import sparse
from .bare_questions import bare_embeddings
from .documents import Chunk, Document, chunk_document, load_corpus
from .embeddings import get_embedder
from .loaders import added_documents
from .store import DENSE, SPARSE, ensure_collection, get_client

NAMESPACE = uuid.UUID("6f1c2a4e-3b7d-4c55-9a0e-1d2f3b4c5d6e")
UPSERT_BATCH = 256


@dataclass
class IngestReport:
    documents: int
    chunks: int
    added: int
    removed: int
    unchanged: int


@dataclass(frozen=True)
class IndexEntry:
    """One point: a whole section, or one question a section answers (pointing to that section)."""

    doc: Document
    chunk: Chunk
    question: str | None = None

    @property
    def embed_text(self) -> str:
        return self.question if self.question is not None else self.chunk.embed_text


def point_id(doc: Document, chunk: Chunk, question: str | None = None) -> str:
    """Chunk text plus the whole document's fingerprint: a change to the front matter (sources,
    review date) or to another section re-writes the payload that every chunk carries."""
    asked = f":q:{question}" if question is not None else ""
    return str(uuid.uuid5(NAMESPACE, f"{doc.fingerprint}:{chunk.content_hash}{asked}"))


def index_entries(doc: Document) -> list[IndexEntry]:
    """Each section, and beside it each of the questions it answers."""
    entries = []
    for chunk in chunk_document(doc):
        entries.append(IndexEntry(doc, chunk))
        entries += [IndexEntry(doc, chunk, q) for q in chunk.questions]
    return entries


def primary_drugs(doc: Document) -> list[str]:
    """Drugs a document is about: named in its title or summary, or named at least three times."""
    lexicon = get_lexicon()
    summary = doc.body.split("\n## ", 1)[0]
    lowered = doc.body.lower()
    named = {d.generic for d in lexicon.find(f"{doc.title} {summary}")}
    frequent = {d.generic for d in lexicon.find(lowered) if lowered.count(d.generic) >= 3}
    return sorted(named | frequent)


def _payload(doc: Document, chunk: Chunk, question: str | None = None) -> dict[str, object]:
    applies = doc.meta.get("applies_to") or {}
    return {
        "doc_id": doc.id,
        "title": doc.title,
        "section": chunk.section,
        "key": chunk.key,
        "kind": "question" if question is not None else chunk.kind,
        "question": question,
        "questions": list(chunk.questions),
        "order": chunk.order,
        "text": chunk.text,
        "topics": doc.topics,
        "citation": doc.citation,
        "url": doc.url,
        "reviewed": doc.reviewed,
        "drugs": primary_drugs(doc),
        "histology": [str(h).lower() for h in applies.get("histology", [])],
        "stages": [str(s) for s in applies.get("stages", [])],
    }


def _existing_ids(client: QdrantClient, collection: str) -> set[str]:
    ids: set[str] = set()
    offset = None
    while True:
        points, offset = client.scroll(collection, limit=1024, offset=offset, with_payload=False)
        ids.update(str(p.id) for p in points)
        if offset is None:
            return ids


def corpus_fingerprint(settings: Settings) -> str:
    """A digest of every document the index is built from (the corpus and those added with --from)."""
    digest = hashlib.sha256(settings.collection.encode())
    for folder in (settings.corpus_dir, settings.added_documents_dir):
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
            digest.update(f"\0{folder == settings.corpus_dir}:{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _stamp(settings: Settings) -> Path:
    return settings.built_dir / f"{settings.collection}.corpus-sha256"


def index_is_current(settings: Settings) -> bool:
    """True when the index was last brought in line with the documents as they are now."""
    stamp = _stamp(settings)
    return stamp.exists() and stamp.read_text(encoding="utf-8").strip() == corpus_fingerprint(settings)


def ingest(
    settings: Settings,
    progress: Callable[[Iterable[list[IndexEntry]], int], Iterable[list[IndexEntry]]] | None = None,
    rebuild: bool = False,
) -> IngestReport:
    """Bring the index in line with the corpus folder: add new chunks, delete vanished ones."""
    client = get_client(settings)
    if rebuild and client.collection_exists(settings.collection):
        client.delete_collection(settings.collection)
    ensure_collection(client, settings.collection)

    docs = load_corpus(settings.corpus_dir) + added_documents(settings)  # and those added with --from
    wanted = {point_id(e.doc, e.chunk, e.question): e for d in docs for e in index_entries(d)}
    existing = _existing_ids(client, settings.collection)
    new_ids = [pid for pid in wanted if pid not in existing]
    stale = sorted(existing - wanted.keys())

    if stale:
        client.delete(settings.collection, points_selector=models.PointIdsList(points=list(stale)))
    batches = [new_ids[i : i + UPSERT_BATCH] for i in range(0, len(new_ids), UPSERT_BATCH)]
    pairs = [[wanted[pid] for pid in batch] for batch in batches]
    iterator: Iterable[list[IndexEntry]] = progress(pairs, len(new_ids)) if progress else pairs
    embedder = get_embedder()
    for batch_ids, batch in zip(batches, iterator, strict=True):
        dense = embedder.embed([e.embed_text for e in batch])
        points = [
            models.PointStruct(
                id=pid,
                vector={DENSE: vec.tolist(), SPARSE: sparse.document_vector(entry.embed_text)},
                payload=_payload(entry.doc, entry.chunk, entry.question),
            )
            for pid, vec, entry in zip(batch_ids, dense, batch, strict=True)
        ]
        client.upsert(settings.collection, points=points, wait=True)
    # The stated questions' readings without 'lung cancer' are embedded now, not on the first question asked.
    bare_embeddings(settings, [e.question for e in wanted.values() if e.question is not None])
    _stamp(settings).parent.mkdir(parents=True, exist_ok=True)
    _stamp(settings).write_text(corpus_fingerprint(settings), encoding="utf-8")
    return IngestReport(len(docs), len(wanted), len(new_ids), len(stale), len(wanted) - len(new_ids))
