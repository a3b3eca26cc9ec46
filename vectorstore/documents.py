"""Corpus documents: front matter, body, and whole sections with the questions each one answers.

A section states the questions it answers in an HTML comment under its heading
(`<!-- questions ... -->`, one `- question?` per line). The comment is invisible where the
Markdown is shown and is stripped from the text: the questions are indexed beside the section,
so a person's question is matched question-to-question (the hypothetical-questions pattern).
"""

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
QUESTIONS_COMMENT = re.compile(r"<!--\s*questions\s*\n(.*?)-->\n?", re.S)
CARE_TEAM_HEADING = "questions to ask your care team"
LEARN_MORE_HEADING = "where to learn more"
SUMMARY = "Summary"  # the section under the document title


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
    raw_body: str = ""  # the body with its question comments

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
    kind: str  # "content", "care_team" (questions to ask your care team) or "learn_more"
    order: int
    questions: tuple[str, ...] = ()  # what this section answers, in patients' words

    @property
    def key(self) -> str:
        """The section's stable address: 'risk-factors#Summary'."""
        return f"{self.doc_id}#{self.section}"

    @property
    def content_hash(self) -> str:
        raw = "\x1f".join([self.doc_id, self.section, self.kind, str(self.order), self.text])
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def embed_text(self) -> str:
        """What the dense and sparse vectors see: the title and heading give a section its subject."""
        return f"{self.title}. {self.section}. {self.text}"


def front_matter(
    path: Path, text: str, error: type[Exception] = CorpusError, missing: str = "no front matter"
) -> tuple[dict[str, Any], str]:
    """The YAML between the opening '---' lines and the body after them; `error` names what is wrong."""
    match = FRONT_MATTER.match(text)
    if not match:
        raise error(f"{path.name}: {missing}")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise error(f"{path.name}: front matter is not valid YAML ({exc})") from exc
    return dict(meta), match.group(2)


def parse_document(path: Path) -> Document:
    text = path.read_text(encoding="utf-8")
    meta, body = front_matter(path, text)
    for key in ("id", "title", "topics", "sources", "reviewed"):
        if key not in meta:
            raise CorpusError(f"{path.name}: front matter lacks '{key}'")
    return Document(
        id=str(meta["id"]),
        title=str(meta["title"]),
        topics=list(meta["topics"]),
        sources=list(meta["sources"]),
        reviewed=str(meta["reviewed"]),
        body=QUESTIONS_COMMENT.sub("", body).strip(),
        raw_body=body.strip(),
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
def read_corpus(corpus_dir: Path, added_dir: Path | None = None) -> tuple[Document, ...]:
    """The corpus parsed once per process, for readers that only need its contents, with the
    documents added with `lung-chat ingest --from` (kept in `added_dir`)."""
    added = load_corpus(added_dir) if added_dir is not None and added_dir.is_dir() else []
    return tuple(load_corpus(corpus_dir)) + tuple(added)


def _questions(comment: str) -> tuple[str, ...]:
    return tuple(line.strip()[2:].strip() for line in comment.splitlines() if line.strip().startswith("- "))


def sections(raw_body: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(heading, text, questions) for each part of a body; the text before the first `##` is the summary."""
    parts: list[tuple[str, list[str]]] = [(SUMMARY, [])]
    for line in raw_body.splitlines():
        m = HEADING.match(line)
        if m and len(m.group(1)) == 1:
            continue  # the document title
        if m:
            parts.append((m.group(2).strip(), []))
        else:
            parts[-1][1].append(line)
    out = []
    for heading, lines in parts:
        raw = "\n".join(lines)
        questions = tuple(q for c in QUESTIONS_COMMENT.findall(raw) for q in _questions(c))
        text = QUESTIONS_COMMENT.sub("", raw).strip()
        if text:
            out.append((heading, text, questions))
    return out


def section_kind(heading: str) -> str:
    lowered = heading.lower()
    if lowered.startswith(CARE_TEAM_HEADING):
        return "care_team"
    return "learn_more" if lowered.startswith(LEARN_MORE_HEADING) else "content"


def chunk_document(doc: Document) -> list[Chunk]:
    """One chunk per section, whole: sections are written to stand alone and are shown whole."""
    return [
        Chunk(doc.id, doc.title, heading, text, section_kind(heading), order, questions)
        for order, (heading, text, questions) in enumerate(sections(doc.raw_body or doc.body))
    ]
