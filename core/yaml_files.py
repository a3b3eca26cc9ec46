"""YAML data files, read with libyaml's parser when PyYAML has it: the labelled examples run to
thousands of lines, and the pure-Python parser took seconds of every start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)  # noqa: S506 - a safe loader
