"""The packages form one-way layers: a package imports only from the layers below it (or itself).

Run alone with `python -m pytest tests/test_layers.py -q`. Every import counts, also one inside a
function, so a cycle cannot hide behind a late import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Bottom first. Packages on one line are peers: neither may import the other.
LAYERS: list[tuple[str, ...]] = [
    ("core",),  # settings, data paths, the drug lexicon, stage names, fixed replies, the public models
    ("vectorstore",),  # the corpus, embeddings, the index and the retriever
    ("rails",),  # input screening and the validators that guard what goes in and out
    ("answer",),  # intent, composition of answers, suggestions, personalisation
    ("graph",),  # nodes, routes and wiring
    ("chatbot",),  # the API: Chatbot.ask, storage, logs, feedback, transcripts
    ("ui", "evals"),  # the web chat and the eval suites
    ("cli",),  # `lung-chat`: runs the chat, ingests, evaluates
]
LEVEL = {package: level for level, names in enumerate(LAYERS) for package in names}
# Settings are read from the environment only at the API and above; lower layers get them handed in.
READS_GLOBAL_SETTINGS = {"chatbot", "ui", "evals", "cli"}


def _python_files(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "__pycache__" not in p.parts)


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(LEVEL)


def _violations() -> list[str]:
    out = []
    for package, level in LEVEL.items():
        for path in _python_files(package):
            for target in sorted(_imported_packages(path)):
                if target != package and LEVEL[target] >= level:
                    out.append(f"{path.relative_to(ROOT)} imports {target} (layer {LEVEL[target]} >= {level})")
    return out


def test_every_top_level_package_has_a_layer() -> None:
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests"}
    assert packages == set(LEVEL), f"give these a layer: {sorted(packages ^ set(LEVEL))}"


def test_imports_run_one_way() -> None:
    assert _violations() == []


@pytest.mark.parametrize("package", [p for p in LEVEL if p not in READS_GLOBAL_SETTINGS])
def test_lower_layers_do_not_read_global_settings(package: str) -> None:
    readers = [
        str(path.relative_to(ROOT)) for path in _python_files(package) if "get_settings" in path.read_text("utf-8")
    ]
    if package == "core":
        readers.remove("core/settings.py")  # where it is defined
    assert readers == []


def test_the_check_sees_a_cycle(tmp_path: Path) -> None:
    """A late import upward is found like any other."""
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from chatbot import Chatbot\n    return Chatbot\n", encoding="utf-8")
    assert _imported_packages(module) == {"chatbot"}
