"""`requires-python` shuts out a Python version only where a pinned package does, and says which one:
a bound of our own would turn away people whose interpreter works, or promise one that cannot install."""

from __future__ import annotations

import importlib.metadata as metadata
import re
import tomllib

from packaging.specifiers import SpecifierSet

from core.paths import PACKAGE_ROOT

VERSIONS = [f"3.{minor}" for minor in range(8, 16)]


def _pins() -> dict[str, str]:
    lines = (PACKAGE_ROOT / "requirements.lock").read_text().splitlines()
    return dict(line.split("==", 1) for line in (x.split("#")[0].strip() for x in lines) if "==" in line)


def _excluders(version: str) -> list[str]:
    """The pinned packages, as installed, whose Requires-Python shuts out this version."""
    found = []
    for name, pinned in _pins().items():
        dist = metadata.distribution(name)
        assert dist.version == pinned, f"{name} {dist.version} is installed, the lock pins {pinned}"
        declared = dist.metadata.json.get("requires_python")
        if declared and not SpecifierSet(declared).contains(version):
            found.append(f"{name}=={pinned}")
    return found


def test_requires_python_excludes_only_what_a_pinned_package_excludes() -> None:
    text = (PACKAGE_ROOT / "pyproject.toml").read_text()
    ours = SpecifierSet(tomllib.loads(text)["project"]["requires-python"])
    comment = re.search(r"^requires-python = .*#(.*)$", text, re.M)
    assert comment, "the requires-python line names the packages that set its bounds"
    for version in VERSIONS:
        excluders = _excluders(version)
        if ours.contains(version):
            assert not excluders, f"Python {version} is allowed, but {excluders} cannot install on it"
        else:
            assert excluders, f"Python {version} is shut out, but every pinned package allows it"
            assert any(e.split("==")[0] in comment.group(1) for e in excluders), (
                f"the comment should name one of {excluders} for Python {version}"
            )
