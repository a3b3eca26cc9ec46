"""One index per test session, from the real corpus, in a temporary data folder.

The index and the trained models a session built are kept in `.cache/test-data` and copied into the
next session's folder: the index carries the fingerprint of the documents it was built from (a changed
corpus is ingested again on opening) and each model's file name is the digest of what it learned from.
Conversations, logs and feedback are never kept.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.model_cache import copy_built

os.environ.setdefault("OTEL_SDK_DISABLED", "true")

_SESSION_DATA = Path(os.environ.get("LUNG_CHAT_TEST_DIR", "")) if os.environ.get("LUNG_CHAT_TEST_DIR") else None
BUILT_CACHE = Path(__file__).resolve().parent.parent / ".cache" / "test-data"
_built_here: list[Path] = []  # the session's own data folder, when it built into a temporary one


# A test that uses one of these needs the built index of the real corpus (or the models trained beside it).
NEEDS_INDEX = {"data_dir", "bot", "retriever", "index_copy", "eval_ctx"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tiers by what a test uses: `slow` is marked in its module; the rest is unit or integration."""
    for item in items:
        if "postgres_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)  # a throwaway PostgreSQL cluster
        if item.get_closest_marker("slow"):
            continue
        needs_index = NEEDS_INDEX & set(getattr(item, "fixturenames", ()))
        item.add_marker(pytest.mark.integration if needs_index else pytest.mark.unit)


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = _SESSION_DATA or tmp_path_factory.mktemp("lung-chat-data")
    if _SESSION_DATA is None:
        _built_here.append(path)
        if BUILT_CACHE.is_dir():
            copy_built(BUILT_CACHE, path, index=BUILT_CACHE / "index")
    os.environ["LUNG_CHAT_DATA_DIR"] = str(path)
    from core.settings import get_settings

    get_settings.cache_clear()
    return path


@pytest.fixture(scope="session")
def bot(data_dir: Path) -> Iterator[object]:
    from chatbot import Chatbot

    yield Chatbot()


@pytest.fixture(scope="session")
def retriever(bot: object) -> object:
    return bot.context.retriever  # type: ignore[attr-defined]


@pytest.fixture()
def index_copy(bot: object, data_dir: Path, tmp_path: Path) -> Path:
    """A copy of the session's data folder for a separate process (the embedded index admits one)."""
    target = tmp_path / "data"
    copy_built(
        data_dir, target, index=data_dir / "index"
    )  # the trained models and question vectors too: a second process reuses them
    return target


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Keep what this session built for the next one (replaced whole, so a half-written copy is never read)."""
    if not _built_here or not (_built_here[0] / "index").is_dir():
        return
    from core.settings import get_settings
    from vectorstore.store import close_client

    close_client(get_settings())
    fresh = BUILT_CACHE.with_name(f"test-data.{os.getpid()}")
    copy_built(_built_here[0], fresh, index=_built_here[0] / "index")
    old = BUILT_CACHE.with_name(f"test-data.old.{os.getpid()}")
    if BUILT_CACHE.exists():
        BUILT_CACHE.rename(old)
    fresh.rename(BUILT_CACHE)
    shutil.rmtree(old, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real, empty PostgreSQL database for the session (a throwaway cluster; see tests/postgres.py)."""
    from tests.postgres import skip_reason, throwaway_cluster

    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    with throwaway_cluster() as url:
        yield url
