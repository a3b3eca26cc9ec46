"""Where the shared data files live: the one place another package looks into `core/data`."""

from __future__ import annotations

from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
CORE_DATA = PACKAGE_ROOT / "core" / "data"
CORPUS_DIR = PACKAGE_ROOT / "vectorstore" / "corpus"  # the reviewed knowledge base the product ships


def core_data(name: str) -> Path:
    """A shared data file: the drug lexicon, the stop words, the intent examples, the fixed replies."""
    return CORE_DATA / name
