"""The command line, in separate processes, as a developer or a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def _run(
    data: Path, *args: str, input_bytes: bytes | None = None, home: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "LUNG_CHAT_DATA_DIR": str(data), "OTEL_SDK_DISABLED": "true"}
    if home is not None:  # a person's own home, with none of the switches this machine may have set
        env.pop("ORT_DISABLE_TELEMETRY", None)
        env["HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args], env=env, capture_output=True, timeout=300, input=input_bytes
    )


@pytest.mark.slow  # another process
def test_ask_json_and_thread_across_processes(index_copy: Path) -> None:
    first = _run(index_copy, "ask", "What is osimertinib?", "--thread", "cli-1", "--json")
    assert first.returncode == 0, first.stderr.decode()
    reply = json.loads(first.stdout)
    assert "EGFR" in reply["answer"] and "not medical advice" in reply["answer"] and reply["sources"]

    second = _run(index_copy, "ask", "What are its side effects?", "--thread", "cli-1", "--json")
    assert second.returncode == 0, second.stderr.decode()
    follow = json.loads(second.stdout)
    assert follow["intent"] == "side_effects"
    assert follow["sources"][0]["id"] == "targeted-therapy-egfr" and "side effects" in follow["answer"].lower()


@pytest.mark.slow  # another process
def test_answering_writes_nothing_to_the_users_home(index_copy: Path, tmp_path: Path) -> None:
    """Private means on this machine and in the data folder only: no library leaves a device
    identifier or an event cache in the person's home (onnxruntime's wheels do unless told not to)."""
    home = tmp_path / "home"
    home.mkdir()
    out = _run(index_copy, "ask", "What is osimertinib?", home=home)
    assert out.returncode == 0, out.stderr.decode()
    assert b"not medical advice" in out.stdout
    assert sorted(str(p.relative_to(home)) for p in home.rglob("*")) == []


@pytest.mark.slow  # another process
def test_dosing_question_from_the_command_line(index_copy: Path) -> None:
    out = _run(index_copy, "ask", "How many mg of osimertinib should I take?", "--json")
    reply = json.loads(out.stdout)
    assert reply["intent"] == "dosing"
    assert "mg" not in reply["answer"].replace("**", "")


@pytest.mark.slow  # another process
def test_bad_input_from_the_command_line_never_shows_a_traceback(index_copy: Path) -> None:
    for payload in (b"", b"x" * 100_000, b"\xff\xfe\x00\x81"):
        out = _run(index_copy, "ask", "-", input_bytes=payload)
        assert out.returncode == 0
        assert b"Traceback" not in out.stderr
        assert b"not medical advice" in out.stdout


@pytest.mark.slow  # another process
def test_ingest_reports_counts_and_writes_nothing_twice(index_copy: Path) -> None:
    out = _run(index_copy, "ingest")
    assert out.returncode == 0, out.stderr.decode()
    assert b"0 added, 0 removed" in out.stdout


@pytest.mark.slow  # another process
def test_ingest_prepares_the_models_a_start_reads(index_copy: Path) -> None:
    """After an ingest the chat starts without training: the models are stored beside the index."""
    for stored in index_copy.glob("language-model-*.npz"):
        stored.unlink()
    out = _run(index_copy, "ingest")
    assert out.returncode == 0, out.stderr.decode()
    assert list(index_copy.glob("language-model-*.npz")) and list(index_copy.glob("risk-model-*.npz"))
    assert list(index_copy.glob("intent-model-*.npz"))
