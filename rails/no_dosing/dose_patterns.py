"""Dose amounts, schedules and 'take X' instructions, from one pattern file used everywhere."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..text import lines_with_sentences

PATTERN_FILE = Path(__file__).resolve().parent / "patterns.yaml"


@dataclass(frozen=True)
class DoseMatch:
    pattern_id: str
    text: str


@dataclass(frozen=True)
class DosePatterns:
    patterns: tuple[tuple[str, re.Pattern[str], bool], ...]
    negation: re.Pattern[str]
    any_pattern: re.Pattern[str]  # all patterns in one: most sentences are cleared by one scan

    def find(self, sentence: str) -> list[DoseMatch]:
        """Dose content in one sentence; a negated instruction ('do not double up') is safe."""
        found: list[DoseMatch] = []
        if not self.any_pattern.search(sentence):
            return found
        for pattern_id, regex, negatable in self.patterns:
            for m in regex.finditer(sentence):
                if negatable and self.negation.search(sentence[: m.start()]):
                    continue
                found.append(DoseMatch(pattern_id, m.group(0)))
        return found

    def has_dose(self, sentence: str) -> bool:
        return bool(self.find(sentence))

    def dose_sentences(self, markdown: str) -> list[str]:
        """Every sentence of a markdown text that carries dose content, cut as the rails cut it."""
        return [s for _, sentences in lines_with_sentences(markdown) for s in sentences if self.has_dose(s)]


@lru_cache(maxsize=1)
def get_dose_patterns(path: Path = PATTERN_FILE) -> DosePatterns:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    compiled = tuple(
        (p["id"], re.compile(p["regex"], re.IGNORECASE), bool(p.get("negatable", False))) for p in raw["patterns"]
    )
    union = re.compile("|".join(f"(?:{p['regex']})" for p in raw["patterns"]), re.IGNORECASE)
    return DosePatterns(compiled, re.compile(raw["negations"]["regex"], re.IGNORECASE), union)
