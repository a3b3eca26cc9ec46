"""What a person typed is shown as typed: never as markdown, links, images or HTML."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$&:^=])")


def escape_markdown(text: str) -> str:
    """Every markdown-active character backslash-escaped; line breaks kept."""
    escaped = _SPECIAL.sub(r"\\\1", text)
    return escaped.replace("\n", "  \n")
