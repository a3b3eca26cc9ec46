"""Fixed replies (emergency, scope, fail-closed, ...) read from a data file."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

REPLIES_FILE = Path(__file__).resolve().parent / "data" / "replies.yaml"
TRANSLATED_FILE = Path(__file__).resolve().parent / "data" / "replies_i18n.yaml"


@dataclass(frozen=True)
class Replies:
    raw: dict[str, Any]

    @property
    def disclaimer(self) -> str:
        return str(self.raw["disclaimer"])

    def text(self, key: str, **values: object) -> str:
        """A fixed reply, filled in, with the disclaimer at its end."""
        return self.closed(str(self.raw[key]), **values)

    def closed(self, template: str, **values: object) -> str:
        """Any reply text (the product's or a rail's), filled in, with the disclaimer at its end."""
        return f"{template.format(**values).strip()}\n\n{self.disclaimer}"

    def message(self, group: str, key: str, **values: object) -> str:
        return str(self.raw[group][key]).format(**values)

    def fragment(self, key: str) -> str:
        return str(self.raw[key]).strip()


@lru_cache(maxsize=1)
def get_replies() -> Replies:
    return Replies(yaml.safe_load(REPLIES_FILE.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def translated_lines() -> dict[str, dict[str, str]]:
    return dict(yaml.safe_load(TRANSLATED_FILE.read_text(encoding="utf-8")))


def in_language(language: str, key: str) -> str | None:
    """The line a person writing in `language` reads first, or None for English or a language we lack."""
    return translated_lines().get(language, {}).get(key)
