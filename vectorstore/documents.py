"""Corpus documents: front matter, body, and section-aware chunks that stand on their own."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
HEADING = re.compile(r"^(#{1,3})\s+(.*)$", re.M)
QUESTIONS_HEADING = "questions to ask your care team"
LEARN_MORE_HEADING = "where to learn more"
MAX_CHUNK_WORDS = 220


class CorpusError(ValueError):
    """A corpus file that cannot be read as a document."""


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    topics: list[str]
    sources: list[dict[str, Any]]
    reviewed: str
    body: str
    path: Path
    fingerprint: str  # sha256 of the file as parsed: any change to it changes every chunk's point id
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def citation(self) -> str:
        return "; ".join(f"{s['name']}, {s['year']}" for s in self.sources)

    @property
    def url(self) -> str | None:
        return next((s.get("url") for s in self.sources if s.get("url")), None)


@dataclass(frozen=True)
class Chunk:
    doc_id: str
    title: str
    section: str
    text: str
    kind: str  # "content", "questions" or "learn_more"
    order: int

    @property
    def content_hash(self) -> str:
        raw = "\x1f".join([self.doc_id, self.section, self.kind, str(self.order), self.text])
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def embed_text(self) -> str:
        """What the dense and sparse vectors see: the title and heading give a section its subject."""
        return f"{self.title}. {self.section}. {self.text}"


def parse_document(path: Path) -> Document:
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if not match:
        raise CorpusError(f"{path.name}: no front matter")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise CorpusError(f"{path.name}: front matter is not valid YAML ({exc})") from exc
    for key in ("id", "title", "topics", "sources", "reviewed"):
        if key not in meta:
            raise CorpusError(f"{path.name}: front matter lacks '{key}'")
    return Document(
        id=str(meta["id"]),
        title=str(meta["title"]),
        topics=list(meta["topics"]),
        sources=list(meta["sources"]),
        reviewed=str(meta["reviewed"]),
        body=match.group(2).strip(),
        path=path,
        fingerprint=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        meta=meta,
    )


def load_corpus(corpus_dir: Path) -> list[Document]:
    docs = [parse_document(p) for p in sorted(corpus_dir.glob("*.md"))]
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            raise CorpusError(f"duplicate document id {doc.id}")
        seen.add(doc.id)
    return docs


@lru_cache(maxsize=4)
def read_corpus(corpus_dir: Path) -> tuple[Document, ...]:
    """The corpus parsed once per process, for readers that only gather word statistics from it.

    Documents added with `lung-chat ingest --from` count too: their words are known words.
    """
    from .loaders import added_documents

    return tuple(load_corpus(corpus_dir)) + tuple(added_documents())


def _sections(body: str, title: str) -> list[tuple[str, str]]:
    """Split a body at its `##` headings; the text before the first heading is the summary."""
    parts: list[tuple[str, str]] = []
    current = "Summary"
    lines: list[str] = []
    for line in body.splitlines():
        m = HEADING.match(line)
        if m and len(m.group(1)) == 1:
            continue  # the document title
        if m:
            parts.append((current, "\n".join(lines).strip()))
            current, lines = m.group(2).strip(), []
        else:
            lines.append(line)
    parts.append((current, "\n".join(lines).strip()))
    return [(h, t) for h, t in parts if t]


def _split_long(text: str) -> list[str]:
    """Keep paragraphs whole and pack them into pieces of at most MAX_CHUNK_WORDS words."""
    pieces: list[str] = []
    buf: list[str] = []
    count = 0
    for para in [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]:
        words = len(para.split())
        if buf and count + words > MAX_CHUNK_WORDS:
            pieces.append("\n\n".join(buf))
            buf, count = [], 0
        buf.append(para)
        count += words
    if buf:
        pieces.append("\n\n".join(buf))
    return pieces


def chunk_document(doc: Document) -> list[Chunk]:
    chunks: list[Chunk] = []
    for heading, text in _sections(doc.body, doc.title):
        lowered = heading.lower()
        kind = (
            "questions"
            if lowered.startswith(QUESTIONS_HEADING)
            else "learn_more"
            if lowered.startswith(LEARN_MORE_HEADING)
            else "content"
        )
        pieces = [text] if kind != "content" else _split_long(text)
        for piece in pieces:
            chunks.append(Chunk(doc.id, doc.title, heading, piece, kind, len(chunks)))
    return chunks
