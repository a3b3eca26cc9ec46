"""The product's log: one line per turn, with personal details redacted before anything is written."""

from __future__ import annotations

import logging
from pathlib import Path

from chatbot.privacy import redact

LOGGER_NAME = "lung_chat"


class RedactingFilter(logging.Filter):
    """Whatever a log line holds (message and arguments), it is stored redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, _ = redact(record.getMessage())
        record.args = None
        return True


def get_logger() -> logging.Logger:
    return logging.getLogger(LOGGER_NAME)


def log_to(path: Path) -> None:
    """Write the product's log to `path` (once per file per process)."""
    logger = get_logger()
    target = str(path)
    if any(isinstance(h, logging.FileHandler) and h.baseFilename == target for h in logger.handlers):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(target, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    handler.addFilter(RedactingFilter())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
