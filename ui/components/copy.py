"""The chat's own wording, kept in `ui/copy.yaml` so it can be reviewed without reading code."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

COPY_FILE = Path(__file__).resolve().parent.parent / "copy.yaml"


@lru_cache(maxsize=1)
def _copy() -> dict[str, Any]:
    return dict(yaml.safe_load(COPY_FILE.read_text(encoding="utf-8")))


def text(key: str) -> str:
    return str(_copy()[key])


def options(key: str) -> Any:
    """A list or mapping of choices (labels for a widget)."""
    return _copy()[key]
