"""The output rails' patterns, loaded once from `chatbot/data/output_lexicon.yaml`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_FILE = Path(__file__).resolve().parent / "data" / "output_lexicon.yaml"


@dataclass(frozen=True)
class OutputLexicon:
    individual_claims: tuple[re.Pattern[str], ...]
    claim_exceptions: re.Pattern[str]
    change_verb: re.Pattern[str]
    change_object: re.Pattern[str]
    change_safe: re.Pattern[str]


@lru_cache(maxsize=1)
def get_output_lexicon(path: Path = LEXICON_FILE) -> OutputLexicon:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))

    def rx(pattern: str) -> re.Pattern[str]:
        return re.compile(pattern, re.IGNORECASE)

    return OutputLexicon(
        individual_claims=tuple(rx(p) for p in raw["individual_claims"]),
        claim_exceptions=rx(raw["claim_exceptions"]),
        change_verb=rx(raw["medication_change"]["verb"]),
        change_object=rx(raw["medication_change"]["object"]),
        change_safe=rx(raw["medication_change_safe"]),
    )
