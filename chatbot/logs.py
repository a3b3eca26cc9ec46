"""The product's log: one line per turn, with personal details redacted before anything is written."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from core.privacy import redact_patterns
from rails.pii import redact

LOGGER_NAME = "lung_chat"


class RedactingFilter(logging.Filter):
    """Whatever a log line holds (message and arguments), it is stored redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            # Field by field, so a short field (an intent, a thread id) is not read as part of a
            # sentence; the whole line then passes the patterns once more.
            # A field of one token (a thread id, a label) holds no sentence a name could sit in: the
            # patterns (emails, phone numbers, dates) read it; the language model reads free text.
            record.args = tuple(
                (redact(a)[0] if len(a.split()) > 1 else redact_patterns(a)[0]) if isinstance(a, str) else a
                for a in record.args
            )
            record.msg = redact_patterns(record.getMessage())[0]
        else:
            record.msg = redact(record.getMessage())[0]
        record.args = None
        return True


def log_to(path: Path) -> logging.Logger:
    """The product's log written to `path`: one logger per file, so the eval's turns never reach a
    person's own log even in the same process."""
    logger = logging.getLogger(f"{LOGGER_NAME}.{path}")
    if logger.handlers:
        return logger
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(str(path), encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    handler.addFilter(RedactingFilter())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger


def forget_lines(path: Path, drop: Callable[[str], bool]) -> int:
    """Rewrite the log in place without the lines `drop` picks; returns how many went.

    In place (same file, truncated), so an open handler keeps appending to it.
    """
    if not path.exists():
        return 0
    handlers = logging.getLogger(f"{LOGGER_NAME}.{path}").handlers
    for handler in handlers:
        handler.acquire()
    try:
        with path.open("r+", encoding="utf-8") as fh:
            lines = fh.readlines()
            kept = [line for line in lines if not drop(line)]
            fh.seek(0)
            fh.writelines(kept)
            fh.truncate()
        return len(lines) - len(kept)
    finally:
        for handler in handlers:
            handler.release()
