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
                # Deleted conversations are overwritten with zeros, not left readable in free pages.
                conn.execute("PRAGMA secure_delete=ON")
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
    """Remove a thread's checkpoints and writes, and leave no copy of them in the write-ahead log."""
    saver = get_checkpointer(path)
    saver.delete_thread(thread_id)
    _flush(saver)


def delete_all_threads(path: Path) -> None:
    """Remove every conversation and shrink the file, so nothing of them stays on disk."""
    saver = get_checkpointer(path)
    with saver.cursor() as cur:
        cur.execute("DELETE FROM checkpoints")
        cur.execute("DELETE FROM writes")
    _flush(saver)
    with saver.lock:
        saver.conn.execute("VACUUM")
    _flush(saver)


def _flush(saver: SqliteSaver) -> None:
    """Copy the write-ahead log into the database and empty it: old page images hold deleted text."""
    with saver.lock:
        saver.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def list_threads(path: Path) -> list[str]:
    """Thread ids in the store, the most recently continued first (checkpoint ids grow with time)."""
    saver = get_checkpointer(path)
    with saver.cursor(transaction=False) as cur:
        cur.execute(
            "SELECT thread_id FROM checkpoints WHERE checkpoint_ns = '' "
            "GROUP BY thread_id ORDER BY MAX(checkpoint_id) DESC"
        )
        return [str(row[0]) for row in cur.fetchall()]
