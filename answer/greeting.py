"""Small talk ("hi", "thanks, that helped"): the greeting reply and example questions, not a search."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

GREETING_FILE = Path(__file__).resolve().parent / "data" / "greeting.yaml"


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    raw = yaml.safe_load(GREETING_FILE.read_text(encoding="utf-8"))
    return re.compile(raw["pattern"], re.IGNORECASE)


def is_greeting(text: str) -> bool:
    return bool(_pattern().match(text))
