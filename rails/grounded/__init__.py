"""Output rail: every sentence must be supported by a text the answer was allowed to draw from.

The grounding is what the answer came from: retrieved passages, the document sections shown with
them, and the product's fixed phrases. A sentence is supported when it appears in that text, or
when nearly all of its content words do in one piece of it (for reworded answers). Otherwise it
is removed: nothing reaches the user that the knowledge base does not say.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from vectorstore.sparse import tokens

from ..runtime import register_validator
from ..sentence_filter import SentenceFilter

MIN_COVERAGE = 0.8  # share of a sentence's content words found in one grounding text
CITATION = re.compile(r"\s*\[\d+\](?:\s*\[\d+\])*")
MARKUP = re.compile(r"[*_`>#]+")
SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return SPACE.sub(" ", MARKUP.sub("", CITATION.sub("", text))).strip().lower()


@lru_cache(maxsize=4096)
def vocabulary(text: str) -> frozenset[str]:
    """A grounding text's content words; passages recur across turns, so this is kept."""
    return frozenset(tokens(text))


@lru_cache(maxsize=4096)
def _normalised(text: str) -> str:
    return normalise(text)


class Grounding:
    """The allowed texts, prepared once per answer."""

    def __init__(self, texts: list[str]) -> None:
        self.joined = "\n".join(_normalised(t) for t in texts)
        self.vocabularies = [vocabulary(t) for t in texts]

    def supports(self, sentence: str) -> bool:
        plain = normalise(sentence)
        if not plain or plain.strip(" .:-") == "" or plain in self.joined:
            return True
        words = set(tokens(plain))
        if not words:
            return False
        return any(len(words & vocabulary) / len(words) >= MIN_COVERAGE for vocabulary in self.vocabularies)


@register_validator(name="lung-chat/grounded", data_type="string")
class Grounded(SentenceFilter):
    what = "no support in the retrieved passages"

    def prepare(self, metadata: dict[str, Any]) -> dict[str, Any]:
        texts = metadata.get("grounding")
        if texts is None:
            raise ValueError("the groundedness rail needs the texts the answer was drawn from")
        return {"grounding": Grounding(list(texts))}

    def offends(self, sentence: str, metadata: dict[str, Any]) -> bool:
        return not metadata["grounding"].supports(sentence)
