"""Ingest is idempotent and follows the corpus: content-hash ids, deletions propagate."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from core.paths import PACKAGE_ROOT
from core.settings import Settings
from vectorstore.ingest import ingest
from vectorstore.store import close_client, get_client


def test_reingest_writes_nothing_and_deleted_documents_disappear(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("targeted-therapy-egfr.md", "lung-cancer-screening.md", "fatigue.md"):
        shutil.copy(PACKAGE_ROOT / "vectorstore" / "corpus" / name, corpus / name)
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus)
    try:
        first = ingest(settings)
        assert first.documents == 3 and first.added == first.chunks > 0
        again = ingest(settings)
        assert again.added == 0 and again.removed == 0 and again.unchanged == first.chunks

        screening = corpus / "lung-cancer-screening.md"
        screening.write_text(re.sub(r"(?m)^reviewed: .*$", "reviewed: 2026-12-01", screening.read_text()))
        changed = ingest(settings)
        assert changed.added == changed.removed > 0
        points, _ = get_client(settings).scroll(settings.collection, limit=1000)
        assert {p.payload["reviewed"] for p in points if p.payload["doc_id"] == "lung-cancer-screening"} == {
            "2026-12-01"
        }

        (corpus / "fatigue.md").unlink()
        after = ingest(settings)
        assert after.removed > 0 and after.added == 0
        client = get_client(settings)
        points, _ = client.scroll(settings.collection, limit=1000)
        assert {p.payload["doc_id"] for p in points} == {"targeted-therapy-egfr", "lung-cancer-screening"}
        assert client.count(settings.collection).count == after.chunks
    finally:
        close_client(settings)


def test_a_chatbot_brings_an_index_of_an_earlier_corpus_in_line(tmp_path: Path) -> None:
    """An index left by an earlier version of the documents is updated when a Chatbot opens it."""
    from chatbot.api import ensure_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("targeted-therapy-egfr.md", "fatigue.md"):
        shutil.copy(PACKAGE_ROOT / "vectorstore" / "corpus" / name, corpus / name)
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus)
    try:
        assert ensure_index(settings) is True  # missing: built
        assert ensure_index(settings) is False  # current: left alone
        shutil.copy(PACKAGE_ROOT / "vectorstore" / "corpus" / "lung-cancer-screening.md", corpus)
        assert ensure_index(settings) is True  # the documents changed since: brought in line
        points, _ = get_client(settings).scroll(settings.collection, limit=1000)
        assert "lung-cancer-screening" in {p.payload["doc_id"] for p in points}
        assert ensure_index(settings) is False
    finally:
        close_client(settings)
