"""The first line of a reply to a message that voices a feeling: it says the person's own feeling back."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from core.replies import get_replies

DATA_FILE = Path(__file__).resolve().parent / "data" / "feelings.yaml"


@lru_cache(maxsize=1)
def _feelings() -> tuple[re.Pattern[str], dict[str, str]]:
    said = {
        str(k).lower(): str(v) for k, v in yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))["feelings"].items()
    }
    return re.compile(r"\b(" + "|".join(map(re.escape, said)) + r")\b", re.IGNORECASE), said


def feeling_named(message: str) -> str | None:
    """The first feeling the message names ('I'm so scared' -> 'scared'), as the reply says it back."""
    pattern, said = _feelings()
    found = pattern.search(message)
    return said[found.group(1).lower()] if found else None


def acknowledgement(message: str) -> str:
    """'It is completely understandable to feel scared.' when a feeling is named; the general line if not."""
    named = feeling_named(message)
    replies = get_replies()
    return replies.fragment("feeling_named").format(feeling=named) if named else replies.fragment("feeling_first")
