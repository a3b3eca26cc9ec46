"""Ratings of answers, kept on this machine as JSON lines that the eval suite can read back.

Append-only: a record is never rewritten, so a crash can at worst leave one torn last line,
which the reader skips. Question, answer and comment are redacted before they are written.
"""

from __future__ import annotations

import fcntl
import json
import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.settings import Settings, get_settings
from rails.pii import redact

FILE_NAME = "feedback.jsonl"
KEYS = ("ts", "thread_id", "question", "answer", "intent", "sources", "rating", "comment")
_lock = threading.Lock()


def feedback_path(settings: Settings | None = None) -> Path:
    return (settings or get_settings()).resolved_data_dir / FILE_NAME


def record_feedback(
    *,
    thread_id: str,
    question: str,
    answer: str,
    intent: str,
    sources: Iterable[str],
    rating: int,
    comment: str = "",
    path: Path | None = None,
) -> dict[str, Any]:
    """Append one rating; returns the record as written."""
    if rating not in (1, -1):
        raise ValueError("rating must be +1 (helpful) or -1 (not helpful)")
    record = {
        "ts": datetime.now(UTC).isoformat(timespec="seconds"),
        "thread_id": thread_id,
        "question": redact(question)[0],
        "answer": redact(answer)[0],
        "intent": intent,
        "sources": [str(s) for s in sources],
        "rating": rating,
        "comment": redact(comment.strip())[0],
    }
    target = path or feedback_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with _lock, target.open("a", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)  # other processes writing the same file wait their turn
        try:
            fh.write(line)
            fh.flush()
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
    return record


def read_feedback(path: Path | str) -> list[dict[str, Any]]:
    """Every complete record in the file, oldest first; a missing file has none."""
    target = Path(path)
    if not target.exists():
        return []
    records: list[dict[str, Any]] = []
    for line in target.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line torn by a crash mid-write
        if isinstance(record, dict) and all(k in record for k in KEYS):
            records.append(record)
    return records


def forget_feedback(path: Path | str, thread_id: str | None = None) -> int:
    """Remove the ratings of one conversation (all of them when `thread_id` is None); returns how many went.

    Rewritten in place under the same lock writers take, so no rating of another conversation is lost.
    """
    target = Path(path)
    if not target.exists():
        return 0
    with _lock, target.open("r+", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            lines = fh.readlines()
            kept = [line for line in lines if thread_id is not None and not _belongs(line, thread_id)]
            fh.seek(0)
            fh.writelines(kept)
            fh.truncate()
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
    return len(lines) - len(kept)


def _belongs(line: str, thread_id: str) -> bool:
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return thread_id in line  # a torn line: dropped if it names the conversation at all
    return isinstance(record, dict) and record.get("thread_id") == thread_id
