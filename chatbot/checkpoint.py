"""The conversation store: one SQLite checkpointer per process, so threads survive restarts."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from langgraph.checkpoint.sqlite import SqliteSaver

_savers: dict[Path, SqliteSaver] = {}
_lock = threading.Lock()
BUSY_TIMEOUT_S = 10.0


class StorageUnavailable(RuntimeError):
    """The conversation database cannot be opened or is locked."""


def get_checkpointer(path: Path) -> SqliteSaver:
    path = path.expanduser().resolve()
    with _lock:
        if path not in _savers:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_S)
                conn.execute("PRAGMA journal_mode=WAL")
                saver = SqliteSaver(conn)
                saver.setup()
            except sqlite3.DatabaseError as exc:
                raise StorageUnavailable(
                    f"The conversation store at {path} could not be opened ({exc}). "
                    "If another program holds it, close it and try again."
                ) from exc
            _savers[path] = saver
        return _savers[path]


def delete_thread(path: Path, thread_id: str) -> None:
    get_checkpointer(path).delete_thread(thread_id)
