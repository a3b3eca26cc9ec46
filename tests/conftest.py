"""One index per test session, built from the real corpus in a temporary data folder."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("OTEL_SDK_DISABLED", "true")

_SESSION_DATA = Path(os.environ.get("LUNG_CHAT_TEST_DIR", "")) if os.environ.get("LUNG_CHAT_TEST_DIR") else None


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = _SESSION_DATA or tmp_path_factory.mktemp("lung-chat-data")
    os.environ["LUNG_CHAT_DATA_DIR"] = str(path)
    from chatbot.settings import get_settings

    get_settings.cache_clear()
    return path


@pytest.fixture(scope="session")
def bot(data_dir: Path) -> Iterator[object]:
    from chatbot import Chatbot

    yield Chatbot()


@pytest.fixture(scope="session")
def retriever(bot: object) -> object:
    from graph.resources import get_retriever

    return get_retriever()


@pytest.fixture()
def index_copy(bot: object, data_dir: Path, tmp_path: Path) -> Path:
    """A copy of the session's data folder for a separate process (the embedded index admits one)."""
    target = tmp_path / "data"
    shutil.copytree(data_dir / "index", target / "index", ignore=shutil.ignore_patterns(".lock"))
    # The trained models and the multilingual question vectors go too: a second process reuses them.
    for pattern in ("intent-model-*.npz", "risk-model-*.npz", "questions-multilingual-*.npy"):
        for model in data_dir.glob(pattern):
            shutil.copy(model, target / model.name)
    return target


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real, empty PostgreSQL database for the session (a throwaway cluster; see tests/postgres.py)."""
    from tests.postgres import skip_reason, throwaway_cluster

    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    with throwaway_cluster() as url:
        yield url
