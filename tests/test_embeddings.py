import hashlib
from pathlib import Path

import numpy as np

from vectorstore.embeddings import DIMENSION, MODEL_DIR, get_embedder


def test_tokenizer_files_match_their_checksums() -> None:
    for line in (MODEL_DIR / "CHECKSUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        assert hashlib.sha256((MODEL_DIR / name).read_bytes()).hexdigest() == digest, name


def test_licence_notice_ships_with_the_tokenizer() -> None:
    assert "Apache License" in (MODEL_DIR / "LICENSE").read_text()
    assert "all-MiniLM-L6-v2" in (Path(MODEL_DIR) / "NOTICE.md").read_text()


def test_vectors_are_unit_length_and_meaningful() -> None:
    vectors = get_embedder().embed(
        ["What is osimertinib?", "Osimertinib is an EGFR inhibitor used in lung cancer.", "The best pizza in town"]
    )
    assert vectors.shape == (3, DIMENSION)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


def test_batches_give_the_same_vectors_as_single_texts() -> None:
    embedder = get_embedder()
    texts = ["short", "a much longer sentence about lung cancer screening with low-dose CT"]
    batch = embedder.embed(texts)
    single = np.vstack([embedder.embed_one(t) for t in texts])
    assert np.allclose(batch, single, atol=1e-4)
