"""Intent from data: logistic regression over sentence embeddings, trained on the labelled utterances.

The trained weights are cached next to the conversations, keyed by a hash of the examples, so a
process pays for training once per change of the data file.
"""

from __future__ import annotations

import hashlib
import random
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from chatbot.models import INTENTS
from chatbot.settings import get_settings
from vectorstore.embeddings import get_embedder

EXAMPLES_FILE = Path(__file__).resolve().parent / "data" / "intents.yaml"
HOLDOUT_SHARE = 0.2
SEED = 13


def load_examples(path: Path = EXAMPLES_FILE) -> list[tuple[str, str]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    unknown = set(raw) - set(INTENTS)
    if unknown:
        raise ValueError(f"unknown intent labels in {path.name}: {sorted(unknown)}")
    return [(str(text), label) for label, texts in raw.items() for text in texts]


def split_examples(
    examples: list[tuple[str, str]], holdout: float = HOLDOUT_SHARE
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """A stratified, seeded train/held-out split, the same on every machine."""
    rng = random.Random(SEED)
    train, test = [], []
    for label in sorted({lbl for _, lbl in examples}):
        items = sorted(t for t, lbl in examples if lbl == label)
        rng.shuffle(items)
        cut = int(round(len(items) * holdout))
        test += [(t, label) for t in items[:cut]]
        train += [(t, label) for t in items[cut:]]
    return train, test


@dataclass(frozen=True)
class IntentModel:
    classes: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        logits = vectors @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, text: str) -> tuple[str, float]:
        probs = self.probabilities(get_embedder().embed([text]))[0]
        best = int(probs.argmax())
        return self.classes[best], float(probs[best])


def train(examples: list[tuple[str, str]]) -> IntentModel:
    from sklearn.linear_model import LogisticRegression

    vectors = get_embedder().embed([t for t, _ in examples])
    labels = [lbl for _, lbl in examples]
    clf = LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced")
    clf.fit(vectors, labels)
    return IntentModel(
        tuple(str(c) for c in clf.classes_), clf.coef_.astype(np.float32), clf.intercept_.astype(np.float32)
    )


_lock = threading.Lock()


@lru_cache(maxsize=1)
def get_intent_model() -> IntentModel:
    """The model trained on all examples, from the cache when the examples have not changed."""
    with _lock:
        digest = hashlib.sha256(EXAMPLES_FILE.read_bytes()).hexdigest()[:16]
        cache = get_settings().resolved_data_dir / f"intent-model-{digest}.npz"
        if cache.exists():
            try:
                data = np.load(cache, allow_pickle=False)
                return IntentModel(tuple(str(c) for c in data["classes"]), data["coef"], data["intercept"])
            except (OSError, ValueError, KeyError):
                cache.unlink(missing_ok=True)
        model = train(load_examples())
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp.npz")
        np.savez(tmp, classes=np.array(model.classes), coef=model.coef, intercept=model.intercept)
        tmp.replace(cache)
        return model
