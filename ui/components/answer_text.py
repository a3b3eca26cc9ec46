"""An answer's markdown made easy to follow: section titles as headings, citations and reading tips as links."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

LINKS_FILE = Path(__file__).resolve().parent.parent / "links.yaml"
LEARN_MORE = "Where to learn more"
# A line that is only a bold title, maybe followed by its citations: "**Key points**", "**Surgery** [2]".
_TITLE = re.compile(r"^\*\*([^*\n]+?[^*\n.!?:])\*\*((?:\s*\[\d+\])*)\s*$")
# A Markdown heading, maybe followed by its citations: "### Risk factors for lung cancer [1]".
_HEADING = re.compile(r"^#{2,4}\s+(.+?)((?:\s*\[\d+\])*)\s*$")
_MARKER = re.compile(r"(?<![\[\\])\[(\d+)\](?![(\]])")
_SITE = re.compile(r"\(((?:[a-z0-9-]+\.)+(?:gov|org|net|com)(?:/[\w./-]*)?)\)", re.IGNORECASE)
_ITEM = re.compile(r"^- (.+)$")


@lru_cache(maxsize=1)
def _links() -> dict[str, str]:
    return {str(k): str(v) for k, v in yaml.safe_load(LINKS_FILE.read_text(encoding="utf-8")).items()}


def source_anchor(key: str, number: int) -> str:
    """The id of a source entry under an answer, unique on the page."""
    return f"source-{key}-{number}"


def learn_more_link(item: str) -> str | None:
    """Where a reading tip leads: the site it names in brackets, else the organisation it starts with."""
    site = _SITE.search(item)
    if site:
        return f"https://{site.group(1)}"
    for name, url in _links().items():
        if item.startswith(name):
            return url
    return None


def linked_answer(answer: str, key: str, cited: int) -> str:
    """Section titles become level-3 headings, [n] links to source n below, reading tips link to their site."""
    lines: list[str] = []
    section = ""
    for line in answer.splitlines():
        title = _TITLE.match(line)
        heading = _HEADING.match(line)
        if title:
            section = title.group(1).strip()
            line = f"### {section}{title.group(2)}"
        elif heading:
            section = heading.group(1).strip()
        elif section == LEARN_MORE and (item := _ITEM.match(line)):
            url = learn_more_link(item.group(1))
            if url:
                line = f"- [{item.group(1)}]({url})"
        lines.append(_link_markers(line, key, cited))
    return "\n".join(lines)


def _link_markers(line: str, key: str, cited: int) -> str:
    def link(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if not 1 <= number <= cited:
            return match.group(0)
        return f"[\\[{number}\\]](#{source_anchor(key, number)})"

    return _MARKER.sub(link, line)
