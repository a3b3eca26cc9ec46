"""Word helpers every layer shares."""

from __future__ import annotations

from functools import lru_cache

from core.paths import core_data

# The words a question in English starts with (a regex fragment): where a new question begins in a
# message, and which clauses of a message ask something.
QUESTION_WORD = r"(?:what|how|why|when|where|who|which|is|are|can|could|does|do|will|should)\b"


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Words too common to tell one question from another."""
    lines = core_data("stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))
