"""Stated questions read without 'lung cancer', and those readings kept beside the index."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.settings import Settings
from vectorstore import bare_questions
from vectorstore.bare_questions import bare, bare_embeddings, bare_matrix, readings_cache


@pytest.mark.parametrize(
    ("question", "reading"),
    [
        ("What is immunotherapy for lung cancer?", "What is immunotherapy?"),
        ("Can lung cancer spread to the brain?", "Can spread to the brain?"),
        ("Can exercise help me breathe better with lung cancer?", "Can exercise help me breathe better?"),
        ("What is lung cancer?", None),  # nothing telling is left
        ("How common is lung cancer?", None),
        ("What is the outlook for small cell lung cancer?", None),  # 'small cell lung cancer' names a kind
        ("How is immunotherapy given?", None),  # no subject to take out
    ],
)
def test_the_reading_without_the_subject(question: str, reading: str | None) -> None:
    assert bare(question) == reading


class CountingEmbedder:
    def __init__(self) -> None:
        self.texts: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.texts += texts
        return np.ones((len(texts), 4), dtype=np.float32) / 2


def test_readings_are_embedded_once_and_kept_beside_the_index(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    embedder = CountingEmbedder()
    monkeypatch.setattr(bare_questions, "get_embedder", lambda: embedder)
    settings = Settings(data_dir=tmp_path)
    questions = ["What is immunotherapy for lung cancer?", "What is lung cancer?"]
    assert set(bare_embeddings(settings, questions)) == {"What is immunotherapy?"}
    assert readings_cache(settings, {"What is immunotherapy?"}).exists()
    bare_embeddings(settings, questions)
    assert embedder.texts == ["What is immunotherapy?"]  # read back, not embedded again
    rows = bare_matrix(settings, questions, np.zeros((2, 4), dtype=np.float32))
    assert rows[0].tolist() == [0.5] * 4 and rows[1].tolist() == [0.0] * 4  # no reading: the question's own row


def test_a_damaged_cache_is_rebuilt(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    embedder = CountingEmbedder()
    monkeypatch.setattr(bare_questions, "get_embedder", lambda: embedder)
    settings = Settings(data_dir=tmp_path)
    settings.built_dir.mkdir(parents=True, exist_ok=True)
    readings_cache(settings, {"Is contagious?"}).write_bytes(b"not a numpy file")
    assert set(bare_embeddings(settings, ["Is lung cancer contagious?"])) == {"Is contagious?"}
    assert embedder.texts == ["Is contagious?"]
