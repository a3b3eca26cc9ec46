"""The conversation store: one checkpointer per process, so threads survive restarts.

A SQLite file on one machine by default; a PostgreSQL database (`LUNG_CHAT_CHECKPOINT_URL`) when several
processes or machines must serve the same conversations.
"""

from __future__ import annotations

import atexit
import re
import sqlite3
import threading
from pathlib import Path
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.checkpoint.sqlite import SqliteSaver

_savers: dict[str, BaseCheckpointSaver[Any]] = {}
_pools: list[Any] = []
_lock = threading.Lock()
BUSY_TIMEOUT_S = 10.0
CONNECT_TIMEOUT_S = 10.0
SETUP_LOCK_KEY = 0x1C4A7  # serialises the schema migrations of processes starting together
# The only classes of our own a checkpoint holds; anything else in a stored checkpoint is not revived.
STORED_TYPES = (("vectorstore.retriever", "Passage"),)


def _serializer() -> JsonPlusSerializer:
    return JsonPlusSerializer(allowed_msgpack_modules=STORED_TYPES)


class StorageUnavailable(RuntimeError):
    """The conversation database cannot be opened or is locked."""


def is_postgres(target: str | Path) -> bool:
    return str(target).startswith(("postgresql://", "postgres://"))


def redact_url(url: str) -> str:
    """The URL without its password, for messages a person may paste into a ticket."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def get_checkpointer(target: str | Path, pool_size: int = 10) -> BaseCheckpointSaver[Any]:
    """The process's checkpointer for a SQLite path or a PostgreSQL URL, opened once."""
    key = str(target) if is_postgres(target) else str(Path(target).expanduser().resolve())
    with _lock:
        if key not in _savers:
            _savers[key] = _open_postgres(key, pool_size) if is_postgres(key) else _open_sqlite(Path(key))
        return _savers[key]


def _open_sqlite(path: Path) -> SqliteSaver:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_S)
        conn.execute("PRAGMA journal_mode=WAL")
        # Deleted conversations are overwritten with zeros, not left readable in free pages.
        conn.execute("PRAGMA secure_delete=ON")
        saver = SqliteSaver(conn, serde=_serializer())
        saver.setup()
    except sqlite3.DatabaseError as exc:
        raise StorageUnavailable(
            f"The conversation store at {path} could not be opened ({exc}). "
            "If another program holds it, close it and try again."
        ) from exc
    return saver


def _open_postgres(url: str, pool_size: int) -> BaseCheckpointSaver[Any]:
    """A pooled PostgresSaver: the pool lets the UI's concurrent sessions write at once."""
    import psycopg
    from langgraph.checkpoint.postgres import PostgresSaver
    from psycopg.rows import dict_row
    from psycopg_pool import ConnectionPool, PoolTimeout

    pool: ConnectionPool[Any] = ConnectionPool(
        conninfo=url,
        min_size=1,
        max_size=max(2, pool_size),
        kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
        timeout=CONNECT_TIMEOUT_S,
        open=False,
    )
    try:
        # One plain connection first: it fails at once with the server's own reason (refused, unknown
        # database, bad password), where the pool would retry quietly until its timeout.
        psycopg.connect(url, connect_timeout=int(CONNECT_TIMEOUT_S)).close()
        pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)
        saver = PostgresSaver(pool, serde=_serializer())  # type: ignore[arg-type]
        with pool.connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (SETUP_LOCK_KEY,))
            try:
                saver.setup()
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (SETUP_LOCK_KEY,))
    except (psycopg.Error, PoolTimeout) as exc:
        pool.close()
        raise StorageUnavailable(
            f"The conversation database at {redact_url(url)} could not be reached ({type(exc).__name__}: "
            f"{redact_url(str(exc)).strip()}). Check LUNG_CHAT_CHECKPOINT_URL and that PostgreSQL is running."
        ) from exc
    _pools.append(pool)
    return saver


def delete_thread(target: str | Path, thread_id: str, pool_size: int = 10) -> None:
    """Remove a thread's checkpoints and writes, and leave no copy of them in a write-ahead log."""
    saver = get_checkpointer(target, pool_size)
    saver.delete_thread(thread_id)
    if isinstance(saver, SqliteSaver):
        _flush(saver)


def delete_all_threads(target: str | Path, pool_size: int = 10) -> None:
    """Remove every conversation; a SQLite file is shrunk, so nothing of them stays on disk."""
    saver = get_checkpointer(target, pool_size)
    if not isinstance(saver, SqliteSaver):
        for thread_id in list_threads(target, pool_size):
            saver.delete_thread(thread_id)
        return
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


LIST_THREADS = (
    "SELECT thread_id FROM checkpoints WHERE checkpoint_ns = '' GROUP BY thread_id ORDER BY MAX(checkpoint_id) DESC"
)


def list_threads(target: str | Path, pool_size: int = 10) -> list[str]:
    """Thread ids in the store, the most recently continued first (checkpoint ids grow with time)."""
    saver = get_checkpointer(target, pool_size)
    if isinstance(saver, SqliteSaver):
        with saver.cursor(transaction=False) as cur:
            cur.execute(LIST_THREADS)
            return [str(row[0]) for row in cur.fetchall()]
    with saver.conn.connection() as conn:  # type: ignore[attr-defined]
        rows = conn.execute(LIST_THREADS).fetchall()
    return [str(row["thread_id"]) for row in rows]


@atexit.register
def close_all() -> None:
    """Give PostgreSQL connections back cleanly at exit (the server logs dropped ones as errors)."""
    with _lock:
        pools = list(_pools)
        _pools.clear()
        for key in [k for k in _savers if is_postgres(k)]:
            del _savers[key]
    for pool in pools:
        try:
            pool.close()
        except Exception:  # noqa: BLE001, S110 - best effort at exit
            pass
