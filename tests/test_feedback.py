"""Feedback on answers: one redacted JSON line per rating, readable back by the evals."""

from __future__ import annotations

import json
import threading
from datetime import datetime
from pathlib import Path

import pytest

from chatbot.feedback import KEYS, feedback_path, read_feedback, record_feedback
from core.settings import Settings


def _rate(path: Path, rating: int = 1, comment: str = "", question: str = "What is osimertinib?") -> None:
    record_feedback(
        thread_id="t1",
        question=question,
        answer="Osimertinib is an EGFR tyrosine kinase inhibitor. [1]",
        intent="treatment",
        sources=["targeted-therapy-egfr"],
        rating=rating,
        comment=comment,
        path=path,
    )


def test_record_has_the_agreed_keys_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    _rate(path, 1)
    _rate(path, -1, comment="Too long")
    records = read_feedback(path)
    assert [r["rating"] for r in records] == [1, -1]
    assert set(records[0]) == set(KEYS)
    assert records[0]["sources"] == ["targeted-therapy-egfr"] and records[0]["intent"] == "treatment"
    assert records[1]["comment"] == "Too long"
    assert datetime.fromisoformat(records[0]["ts"]).utcoffset() is not None
    assert len(path.read_text().splitlines()) == 2  # append-only, one line each


def test_personal_details_are_redacted_before_writing(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    _rate(path, 1, comment="call me on 555-123-4567 or jane@example.org", question="My name is Jane Doe. Help?")
    raw = path.read_text()
    assert "555-123-4567" not in raw and "jane@example.org" not in raw and "Jane Doe" not in raw
    record = read_feedback(path)[0]
    assert "[PHONE]" in record["comment"] and "[EMAIL]" in record["comment"] and "[NAME]" in record["question"]


def test_rating_must_be_plus_or_minus_one(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        _rate(tmp_path / "feedback.jsonl", 5)
    assert not (tmp_path / "feedback.jsonl").exists()


def test_reader_skips_a_torn_last_line_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    assert read_feedback(path) == []
    _rate(path, 1)
    with path.open("a") as fh:
        fh.write('{"ts": "2026-01-01T00:00:00+00:00", "rating": ')
    assert len(read_feedback(path)) == 1


def test_concurrent_writers_never_interleave(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    long_comment = "x" * 20_000
    threads = [threading.Thread(target=_rate, args=(path, 1, long_comment)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = path.read_text().splitlines()
    assert len(lines) == 8 and all(json.loads(line)["comment"] == long_comment for line in lines)


def test_default_file_is_in_the_data_folder(tmp_path: Path) -> None:
    assert feedback_path(Settings(data_dir=tmp_path)) == tmp_path / "feedback.jsonl"
