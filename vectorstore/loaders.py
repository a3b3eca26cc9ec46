"""A clinic's own guideline documents: Markdown, HTML and PDF read into the corpus's Markdown form.

Each file becomes one Markdown document with the corpus's front matter and `##` sections, kept in the
documents folder (`<data dir>/documents`), so the same chunking, indexing and citations apply to it as to
the built-in knowledge base, and `lung-chat ingest` keeps it in the index.

Required metadata, per format:

- Markdown: the corpus's own front matter: `title`, `sources` (a list of `name`, `year`, optional `url`;
  a single `source: NAME` is accepted too) and `reviewed` (YYYY-MM-DD); `id` and `topics` are optional.
- HTML: `<title>` (or `<meta name="title">`), `<meta name="source">` and `<meta name="reviewed">`;
  optional `source-year` (defaults to the review year), `source-url`, `topics` (comma-separated) and `id`.
- PDF: a sidecar `NAME.yaml` beside `NAME.pdf` with the Markdown front-matter keys. A PDF's own document
  info has no field for a source or a review date, so only the title may come from it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from core.settings import Settings

from .documents import CorpusError, Document, front_matter, load_corpus, parse_document

SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".pdf": "pdf"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class LoaderError(ValueError):
    """A document that cannot be added, with the file and the field named."""


# --- metadata -------------------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _metadata(path: Path, raw: dict[str, Any], fallback_title: str | None = None) -> dict[str, Any]:
    """The corpus front matter from a file's own metadata; a missing field names the file and the field."""
    title = str(raw.get("title") or fallback_title or "").strip()
    if not title:
        raise LoaderError(f"{path.name}: missing field 'title'")
    reviewed = raw.get("reviewed")
    if not reviewed:
        raise LoaderError(f"{path.name}: missing field 'reviewed' (the review date, YYYY-MM-DD)")
    reviewed = reviewed.isoformat() if isinstance(reviewed, dt.date) else str(reviewed).strip()
    if not DATE.match(reviewed):
        raise LoaderError(f"{path.name}: field 'reviewed' must be a date as YYYY-MM-DD, not {reviewed!r}")
    sources = raw.get("sources")
    if not sources and raw.get("source"):
        sources = [{"name": raw["source"], "year": raw.get("source_year"), "url": raw.get("source_url")}]
    if not sources:
        raise LoaderError(f"{path.name}: missing field 'source' (who published the guidance)")
    if not isinstance(sources, list):
        raise LoaderError(f"{path.name}: field 'sources' must be a list of name, year and url")
    clean = []
    for source in sources:
        source = source if isinstance(source, dict) else {"name": source}
        if not str(source.get("name") or "").strip():
            raise LoaderError(f"{path.name}: a source lacks its 'name'")
        entry = {"name": str(source["name"]).strip(), "year": int(source.get("year") or reviewed[:4])}
        if source.get("url"):
            entry["url"] = str(source["url"])
        clean.append(entry)
    topics = raw.get("topics") or []
    if isinstance(topics, str):
        topics = [t.strip() for t in topics.split(",") if t.strip()]
    doc_id = _slug(str(raw.get("id") or path.stem))
    if not doc_id:
        raise LoaderError(f"{path.name}: field 'id' gives no usable id")
    return {"id": doc_id, "title": title, "topics": list(topics), "sources": clean, "reviewed": reviewed}


# --- formats --------------------------------------------------------------------------------------------


def _read_markdown(path: Path) -> tuple[dict[str, Any], str]:
    missing = "no front matter (title, sources, reviewed between '---' lines)"
    raw, body = front_matter(path, path.read_text(encoding="utf-8"), LoaderError, missing)
    return _metadata(path, raw), body


class _HtmlToMarkdown(HTMLParser):
    """Headings become `##` sections, paragraphs and list items stay whole; scripts, styles and navigation go."""

    SKIP = {"script", "style", "nav", "header", "footer", "head", "noscript", "template"}
    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "section", "article", "tr", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.blocks: list[str] = []
        self._buf: list[str] = []
        self._tag = "p"
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            a = dict(attrs)
            name = (a.get("name") or a.get("property") or "").lower()
            if name and a.get("content"):
                self.meta[name] = str(a["content"])
        elif tag == "title":
            self._in_title = True
        elif tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCKS:
            self._flush()
            self._tag = tag
        elif tag == "br":
            self._buf.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self._flush()
            self._tag = "p"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self._buf.append(data)

    def handle_comment(self, data: str) -> None:
        if data.strip().lower().startswith("questions"):  # the questions a section answers, kept as written
            self._flush()
            self.blocks.append(f"<!--{data}-->")

    def _flush(self) -> None:
        text = " ".join("".join(self._buf).split())
        self._buf = []
        if not text:
            return
        if self._tag == "h1":
            self.meta.setdefault("h1", text)
        elif self._tag.startswith("h"):
            self.blocks.append(f"## {text}")
        elif self._tag == "li":
            self.blocks.append(f"- {text}")
        else:
            self.blocks.append(text)

    def markdown(self) -> str:
        self._flush()
        out = ""
        for prev, block in zip([""] + self.blocks, self.blocks, strict=False):
            sep = "" if not out else "\n" if prev.startswith("- ") and block.startswith("- ") else "\n\n"
            out += sep + block
        return out


def _read_html(path: Path) -> tuple[dict[str, Any], str]:
    parser = _HtmlToMarkdown()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    body = parser.markdown()
    m = parser.meta
    raw = {
        "title": m.get("title") or parser.title.strip() or m.get("h1"),
        "source": m.get("source"),
        "source_year": m.get("source-year"),
        "source_url": m.get("source-url"),
        "reviewed": m.get("reviewed"),
        "topics": m.get("topics"),
        "id": m.get("id"),
    }
    return _metadata(path, raw), body


def _pdf_markdown(text: str, outline: set[str]) -> str:
    """Reflow a PDF's lines into paragraphs; bookmarks and short title-like lines become `##` headings."""
    blocks: list[str] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(" ".join(para))
            para.clear()

    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            flush()
            continue
        words = line.split()
        heading = line.lower() in outline or (
            len(words) <= 8 and line[0].isupper() and not re.search(r"[.,;:!?]$", line) and not para
        )
        if heading:
            flush()
            blocks.append(f"## {line}")
        elif line.startswith(("•", "- ", "* ")):
            flush()
            blocks.append("- " + line.lstrip("•-* ").strip())
        else:
            para.append(line)
            if re.search(r"[.!?:]$", line):
                flush()
    flush()
    return "\n\n".join(blocks)


def _read_pdf(path: Path) -> tuple[dict[str, Any], str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    sidecar = path.with_suffix(".yaml")
    if not sidecar.exists():
        raise LoaderError(f"{path.name}: missing its metadata file {sidecar.name} (title, sources, reviewed)")
    try:
        raw = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise LoaderError(f"{sidecar.name}: not valid YAML ({exc})") from exc
    try:
        reader = PdfReader(str(path))
        info_title = (reader.metadata.title if reader.metadata else None) or None
        outline = {str(item.title).strip().lower() for item in reader.outline if hasattr(item, "title")}
        text = "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, OSError, ValueError) as exc:
        raise LoaderError(f"{path.name}: could not be read as a PDF ({exc})") from exc
    return _metadata(path, raw, fallback_title=info_title), _pdf_markdown(text, outline)


READERS = {"markdown": _read_markdown, "html": _read_html, "pdf": _read_pdf}


def to_markdown(path: Path) -> tuple[str, str]:
    """A file as (document id, Markdown with the corpus's front matter and `##` sections)."""
    meta, body = READERS[SUFFIXES[path.suffix.lower()]](path)
    body = re.sub(r"^#\s+.*\n+", "", body.strip())  # the title comes from the metadata ...
    body = re.sub(rf"^##\s+{re.escape(meta['title'])}\s*\n+", "", body, flags=re.I)  # ... also in a PDF's first line
    if len(body.split()) < 5:
        raise LoaderError(f"{path.name}: no text found (a scanned document needs text recognition first)")
    meta["origin"] = path.name
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True).strip()
    return meta["id"], f"---\n{front}\n---\n# {meta['title']}\n\n{body}\n"


# --- the documents folder -------------------------------------------------------------------------------


def added_documents(settings: Settings) -> list[Document]:
    """The documents added with `lung-chat ingest --from`, as corpus documents."""
    folder = settings.added_documents_dir
    return load_corpus(folder) if folder.is_dir() else []


@dataclass
class AddReport:
    added: list[str]
    updated: list[str]
    unchanged: list[str]


def add_documents(source: Path, settings: Settings) -> AddReport:
    """Read every Markdown, HTML and PDF file in `source` into the documents folder, all or none.

    Every problem is reported at once, so a clinic fixes its folder in one pass.
    """
    if not source.is_dir():
        raise LoaderError(f"{source}: not a folder")
    files = sorted(p for p in source.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise LoaderError(f"{source}: no Markdown, HTML or PDF documents found")
    built_in = {d.id for d in load_corpus(settings.corpus_dir)}
    converted: dict[str, tuple[Path, str]] = {}
    problems: list[str] = []
    for path in files:
        try:
            doc_id, text = to_markdown(path)
        except (LoaderError, OSError, UnicodeDecodeError) as exc:
            problems.append(str(exc) if isinstance(exc, LoaderError) else f"{path.name}: could not be read ({exc})")
            continue
        if doc_id in built_in:
            problems.append(f"{path.name}: id '{doc_id}' is taken by the built-in knowledge base; set another 'id'")
        elif doc_id in converted:
            problems.append(f"{path.name}: id '{doc_id}' is also the id of {converted[doc_id][0].name}")
        else:
            converted[doc_id] = (path, text)
    if problems:
        raise LoaderError("\n".join(problems))

    folder = settings.added_documents_dir
    folder.mkdir(parents=True, exist_ok=True)
    report = AddReport([], [], [])
    for doc_id, (_, text) in converted.items():
        target = folder / f"{doc_id}.md"
        old = target.read_text(encoding="utf-8") if target.exists() else None
        if old == text:
            report.unchanged.append(doc_id)
            continue
        target.write_text(text, encoding="utf-8")
        try:
            parse_document(target)
        except CorpusError as exc:  # never leave a file that would break the next ingest
            target.unlink() if old is None else target.write_text(old, encoding="utf-8")
            raise LoaderError(f"{converted[doc_id][0].name}: {exc}") from exc
        (report.updated if old is not None else report.added).append(doc_id)
    return report


def remove_document(doc_id: str, settings: Settings) -> int:
    """Take an added document out of the folder and the index; the number of passages removed."""
    from qdrant_client import models

    from .store import get_client

    target = settings.added_documents_dir / f"{doc_id}.md"
    if not target.exists():
        if any(d.id == doc_id for d in load_corpus(settings.corpus_dir)):
            raise LoaderError(f"'{doc_id}' is part of the built-in knowledge base; only added documents can be removed")
        raise LoaderError(f"no added document has the id '{doc_id}' (see: lung-chat list)")
    client = get_client(settings)
    only = models.Filter(must=[models.FieldCondition(key="doc_id", match=models.MatchValue(value=doc_id))])
    count = (
        client.count(settings.collection, count_filter=only, exact=True).count
        if client.collection_exists(settings.collection)
        else 0
    )
    if count:
        client.delete(settings.collection, points_selector=models.FilterSelector(filter=only), wait=True)
    target.unlink()
    return count


@dataclass
class IndexedDocument:
    id: str
    title: str
    reviewed: str
    citation: str
    passages: int
    added: bool


def list_documents(settings: Settings) -> list[IndexedDocument]:
    """What the index holds, one row per document, the added ones marked."""
    from .store import get_client

    client = get_client(settings)
    if not client.collection_exists(settings.collection):
        return []
    added = {p.stem for p in settings.added_documents_dir.glob("*.md")}
    counts: Counter[str] = Counter()
    first: dict[str, dict[str, Any]] = {}
    offset = None
    while True:
        points, offset = client.scroll(
            settings.collection,
            limit=1024,
            offset=offset,
            with_payload=["doc_id", "title", "reviewed", "citation"],
            with_vectors=False,
        )
        for p in points:
            payload = p.payload or {}
            counts[payload["doc_id"]] += 1
            first.setdefault(payload["doc_id"], payload)
        if offset is None:
            break
    return [
        IndexedDocument(
            doc_id,
            str(first[doc_id].get("title", "")),
            str(first[doc_id].get("reviewed", "")),
            str(first[doc_id].get("citation", "")),
            counts[doc_id],
            doc_id in added,
        )
        for doc_id in sorted(counts)
    ]
