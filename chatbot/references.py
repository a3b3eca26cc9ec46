"""The named references behind each knowledge-base document, each with its own address."""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel

from core.settings import get_settings
from vectorstore.documents import read_corpus


class Reference(BaseModel):
    name: str
    year: str | None = None
    url: str | None = None


@lru_cache(maxsize=1)
def _by_document() -> dict[str, list[Reference]]:
    found: dict[str, list[Reference]] = {}
    settings = get_settings()
    for doc in read_corpus(settings.corpus_dir, settings.added_documents_dir):
        found[doc.id] = [
            Reference(name=str(s.get("name", "")), year=str(s["year"]) if s.get("year") else None, url=s.get("url"))
            for s in doc.sources
            if isinstance(s, dict) and s.get("name")
        ]
    return found


def references(document_id: str) -> list[Reference]:
    """A cited document's references, in the order its front matter lists them; none for an unknown id."""
    return list(_by_document().get(document_id, []))
