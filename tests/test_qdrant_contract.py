"""The index contract, against any Qdrant: embedded by default, a server when LUNG_CHAT_TEST_QDRANT_URL is set.

The same collection layout, idempotent ingest, hybrid query, listing and removal must hold on both, because the
product talks to both through the same client API. Against a server, the suite works in a collection of its own
and drops it afterwards, so it is safe to point at a shared one:

    LUNG_CHAT_TEST_QDRANT_URL=http://localhost:6333 [LUNG_CHAT_TEST_QDRANT_API_KEY=...] \\
        .venv/bin/python -m pytest tests/test_qdrant_contract.py
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from qdrant_client import models

from core.paths import PACKAGE_ROOT
from core.settings import Settings
from vectorstore.embeddings import DIMENSION
from vectorstore.ingest import ingest
from vectorstore.loaders import add_documents, list_documents, remove_document
from vectorstore.retriever import Retriever
from vectorstore.store import DENSE, SPARSE, IndexUnavailable, close_client, get_client

SERVER = os.environ.get("LUNG_CHAT_TEST_QDRANT_URL")
DOCS = ("targeted-therapy-egfr.md", "lung-cancer-screening.md", "fatigue.md")


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    root = tmp_path_factory.mktemp("contract")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in DOCS:
        shutil.copy(PACKAGE_ROOT / "vectorstore" / "corpus" / name, corpus / name)
    settings = Settings(
        data_dir=root / "data",
        corpus_dir=corpus,
        collection=f"lung_chat_contract_{uuid.uuid4().hex[:8]}",
        qdrant_url=SERVER,
        qdrant_api_key=os.environ.get("LUNG_CHAT_TEST_QDRANT_API_KEY"),
    )
    try:
        yield settings
    finally:
        client = get_client(settings)
        if client.collection_exists(settings.collection):
            client.delete_collection(settings.collection)
        close_client(settings)


def test_ingest_builds_the_hybrid_layout_and_is_idempotent(index: Settings) -> None:
    first = ingest(index)
    assert first.documents == len(DOCS) and first.added == first.chunks > 0
    again = ingest(index)
    assert again.added == again.removed == 0
    config = get_client(index).get_collection(index.collection).config.params
    assert isinstance(config.vectors, dict)
    assert config.vectors[DENSE].size == DIMENSION
    assert config.vectors[DENSE].distance == models.Distance.COSINE
    assert config.sparse_vectors is not None
    assert config.sparse_vectors[SPARSE].modifier == models.Modifier.IDF
    assert get_client(index).count(index.collection, exact=True).count == first.chunks


def test_the_hybrid_query_finds_the_document_asked_about(index: Settings) -> None:
    retriever = Retriever(index)
    top = retriever.search("What is osimertinib?", k=3)
    assert top[0].doc_id == "targeted-therapy-egfr" and top[0].citation
    assert retriever.search("Who should be screened for lung cancer?", k=1)[0].doc_id == "lung-cancer-screening"
    assert retriever.search("tiredness", k=1, mode="sparse")[0].doc_id == "fatigue"
    assert retriever.sections("targeted-therapy-egfr", "care_team")


def test_added_documents_are_listed_and_removed(index: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "own"
    folder.mkdir()
    (folder / "shuttle.md").write_text(
        "---\ntitle: The Riverside radiotherapy shuttle\nsource: Riverside Cancer Centre\nreviewed: 2026-02-01\n---\n"
        "A free shuttle bus runs from the railway station to the radiotherapy entrance every twenty minutes.\n"
    )
    add_documents(folder, index)
    ingest(index)
    listed = {d.id: d for d in list_documents(index)}
    assert set(listed) == {"targeted-therapy-egfr", "lung-cancer-screening", "fatigue", "shuttle"}
    assert listed["shuttle"].added and not listed["fatigue"].added
    assert Retriever(index).search("Is there a shuttle bus to radiotherapy?", k=1)[0].doc_id == "shuttle"
    assert remove_document("shuttle", index) == 1
    assert "shuttle" not in {d.id for d in list_documents(index)}


def test_an_unreachable_server_is_named_clearly() -> None:
    settings = Settings(qdrant_url="http://127.0.0.1:1", collection="none")
    with pytest.raises(IndexUnavailable, match=r"Qdrant server at http://127.0.0.1:1 could not be reached"):
        get_client(settings)
