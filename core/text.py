"""Word helpers every layer shares."""

from __future__ import annotations

from functools import lru_cache

from core.paths import core_data


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Words too common to tell one question from another."""
    lines = core_data("stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))
