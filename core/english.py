"""How common a word is in everyday English.

Counts come from the English word list that pyspellchecker ships inside its package (film and TV
subtitles, 1.6 billion words), read offline. A word common in everyday speech ('paperwork',
'normal', 'stairs') says little about which part of a lung cancer knowledge base a question is
about; a rare one ('pancoast', 'lobectomy') says a lot.
"""

from __future__ import annotations

import gzip
import importlib.resources
import json
import math
from functools import lru_cache

COMMON_ZIPF = 5.0  # a word this common (once in 100,000 words) tells almost nothing
RARE_ZIPF = 3.5  # a word this rare (once in 3 million words) tells as much as any
LEAST_TELLING = 0.2


@lru_cache(maxsize=1)
def _counts() -> tuple[dict[str, int], int]:
    raw = (importlib.resources.files("spellchecker") / "resources" / "en.json.gz").read_bytes()
    counts: dict[str, int] = json.loads(gzip.decompress(raw))
    return counts, sum(counts.values())


def count(word: str) -> int:
    """Times the word occurs in the English word list (0 when it is not an English word there)."""
    return _counts()[0].get(word.lower(), 0)


def zipf(word: str) -> float:
    """log10 of the word's frequency per billion words; 0 for a word the list lacks."""
    counts, total = _counts()
    n = counts.get(word.lower(), 0)
    return math.log10(n * 1e9 / total) if n else 0.0


def telling(word: str) -> float:
    """From 1 (rare in everyday English) down to LEAST_TELLING (common in everyday English)."""
    z = zipf(word)
    return max(LEAST_TELLING, min(1.0, (COMMON_ZIPF - z) / (COMMON_ZIPF - RARE_ZIPF)))
