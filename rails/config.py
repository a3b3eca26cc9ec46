"""Which rails run: the configured names, checked against the known ones, in the known order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def configured(names: Iterable[str], known: Mapping[str, Any], kind: str) -> list[str]:
    """The known rails that are switched on, in the order that makes them safe; unknown names raise."""
    names = list(names)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"unknown {kind} rails: {unknown}; known: {sorted(known)}")
    return [n for n in known if n in names]
