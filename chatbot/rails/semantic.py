"""The input rails' semantic layer: closeness in meaning to written examples, for paraphrases.

Regexes catch the wordings we listed; this catches the ones we did not. Each kind has its own
examples and threshold in `chatbot/data/rail_exemplars.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

EXEMPLAR_FILE = Path(__file__).resolve().parent.parent / "data" / "rail_exemplars.yaml"


@dataclass(frozen=True)
class Closest:
    score: float
    example: str


class ExemplarMatcher:
    def __init__(self, path: Path = EXEMPLAR_FILE) -> None:
        from vectorstore.embeddings import get_embedder

        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.embedder = get_embedder()
        self.thresholds = {kind: float(spec["threshold"]) for kind, spec in raw.items()}
        self.examples = {kind: list(spec["examples"]) for kind, spec in raw.items()}
        self.vectors = {kind: self.embedder.embed(examples) for kind, examples in self.examples.items()}

    def closest(self, text: str, kind: str) -> Closest:
        scores = self.vectors[kind] @ self.embedder.embed_one(text)
        best = int(np.argmax(scores))
        return Closest(float(scores[best]), self.examples[kind][best])

    def matches(self, text: str, kind: str) -> Closest | None:
        found = self.closest(text, kind)
        return found if found.score >= self.thresholds[kind] else None


@lru_cache(maxsize=1)
def get_matcher() -> ExemplarMatcher:
    return ExemplarMatcher()
