"""Follow-up questions from the same index: questions of other sections close to the conversation.

Each suggestion is a question some section states it answers, so each is answered by its own
section. A suggestion is never the question just asked in other words (a section whose closest
question is that near is skipped), nor one asked before in the thread.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from core.text import same_wording
from vectorstore.retriever import Passage

FOLLOWUPS_FILE = Path(__file__).resolve().parent / "data" / "followups.yaml"
MAX_FOLLOWUPS = 3
PARAPHRASE = 0.85  # a section whose closest question is this near the asked one answers the same thing
RELATED = 0.40  # and one this far has little to do with the conversation


@lru_cache(maxsize=1)
def templates() -> dict[str, Any]:
    return dict(yaml.safe_load(FOLLOWUPS_FILE.read_text(encoding="utf-8")))


def from_sections(passages: list[Passage], shown: list[str], asked: list[str]) -> list[str]:
    """A question from each of the closest sections not shown, none a paraphrase of one asked."""
    seen = {same_wording(q) for q in asked}
    out: list[str] = []
    for p in passages:
        if p.kind != "content" or p.part or p.key in shown or not RELATED <= p.similarity < PARAPHRASE:
            continue
        ask = next((q for q in [p.matched, *p.questions] if q and same_wording(q) not in seen), None)
        if ask:
            out.append(ask)
            seen.add(same_wording(ask))
        if len(out) == MAX_FOLLOWUPS:
            break
    return out


def starters(asked: list[str]) -> list[str]:
    """For a reply that answered nothing (a greeting, off-topic): example questions to begin with."""
    seen = {same_wording(q) for q in asked}
    return [q for q in templates()["starters"] if same_wording(q) not in seen][:MAX_FOLLOWUPS]
