"""Each rail's own data files, beside its code: its patterns, and the reply a person reads when it fires."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from core.replies import get_replies


def rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@lru_cache(maxsize=32)
def own_data(rail_file: str, name: str) -> Any:
    """`name` in the folder of the rail whose module is `rail_file`, read once."""
    return yaml.safe_load((Path(rail_file).resolve().parent / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class RailReply:
    """What a person reads when a rail fires: the reply, complete with the disclaimer, and a first line
    in their own language when they wrote in another one."""

    body: str
    first_lines: dict[str, str] = field(default_factory=dict)

    def text(self, **values: object) -> str:
        return get_replies().closed(self.body, **values)

    def first_line(self, language: str) -> str | None:
        return self.first_lines.get(language)


def rail_reply(rail_file: str, key: str = "reply", lines: str = "first_line") -> RailReply:
    raw = own_data(rail_file, "reply.yaml")
    return RailReply(str(raw[key]), dict(raw.get(lines) or {}))
