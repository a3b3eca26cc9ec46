"""The drug lexicon: generic and brand names, common misspellings, class and route."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_FILE = Path(__file__).resolve().parent / "data" / "drugs.yaml"


@dataclass(frozen=True)
class Drug:
    generic: str
    brands: tuple[str, ...]
    misspellings: tuple[str, ...]
    drug_class: str
    kind: str
    target: str
    route: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.generic, *self.brands, *self.misspellings)


@dataclass(frozen=True)
class Lexicon:
    drugs: tuple[Drug, ...]
    pattern: re.Pattern[str]
    by_name: dict[str, Drug]

    def find(self, text: str) -> list[Drug]:
        """Drugs named in the text, by any of their names, in order of first mention."""
        found: list[Drug] = []
        for match in self.pattern.finditer(text.lower()):
            drug = self.by_name[match.group(0)]
            if drug not in found:
                found.append(drug)
        return found

    def expand(self, text: str) -> str:
        """Add the generic name after each brand name or misspelling, so retrieval meets the corpus."""
        extra = [d.generic for d in self.find(text) if d.generic not in text.lower()]
        return f"{text} ({' '.join(extra)})" if extra else text


@lru_cache(maxsize=1)
def get_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["drugs"]
    drugs = tuple(
        Drug(
            generic=d["generic"].lower(),
            brands=tuple(d.get("brands") or ()),
            misspellings=tuple(m.lower() for m in d.get("misspellings") or ()),
            drug_class=d["class"],
            kind=d["kind"],
            target=str(d.get("target", "")),
            route=d["route"],
        )
        for d in raw
    )
    by_name: dict[str, Drug] = {}
    for drug in drugs:
        for name in drug.names:
            by_name.setdefault(name.lower(), drug)
    names = sorted(by_name, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")
    return Lexicon(drugs, pattern, by_name)
