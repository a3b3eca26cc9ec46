"""One Qdrant client per process: the embedded index by default, a server when configured."""

from __future__ import annotations

import atexit
import threading
from pathlib import Path

from qdrant_client import QdrantClient, models

from core.settings import Settings

from .embeddings import DIMENSION

DENSE = "dense"
SPARSE = "sparse"

_clients: dict[str, QdrantClient] = {}
_lock = threading.Lock()


class IndexUnavailable(RuntimeError):
    """The index cannot be opened: missing, corrupt, or held by another process."""


def _key(settings: Settings) -> str:
    return settings.qdrant_url or str(settings.resolved_index_path)


def get_client(settings: Settings) -> QdrantClient:
    """The shared client: the embedded folder admits one client per process and none in parallel."""
    key = _key(settings)
    with _lock:
        if key not in _clients:
            _clients[key] = _open(settings)
        return _clients[key]


def _open(settings: Settings) -> QdrantClient:
    if settings.qdrant_url:
        client = QdrantClient(url=settings.qdrant_url, api_key=settings.qdrant_api_key, timeout=10)
        try:
            client.get_collections()  # one round trip now, so a wrong URL or key is named at start-up
        except Exception as exc:  # noqa: BLE001 - refused, timed out, unauthorised: all mean no index
            client.close()
            raise IndexUnavailable(
                f"The Qdrant server at {settings.qdrant_url} could not be reached ({type(exc).__name__}). "
                "Check LUNG_CHAT_QDRANT_URL, LUNG_CHAT_QDRANT_API_KEY and that the server is running."
            ) from exc
        return client
    path: Path = settings.resolved_index_path
    path.mkdir(parents=True, exist_ok=True)
    try:
        return QdrantClient(path=str(path))
    except RuntimeError as exc:  # raised when another process holds the folder
        raise IndexUnavailable(
            f"The knowledge-base index at {path} is in use by another lung-chat process. "
            "Close it (or set LUNG_CHAT_DATA_DIR to another folder) and try again."
        ) from exc
    except Exception as exc:  # noqa: BLE001 - any failure to read the folder means a damaged index
        raise IndexUnavailable(
            f"The knowledge-base index at {path} could not be read ({type(exc).__name__}). "
            "Rebuild it with: lung-chat ingest --rebuild"
        ) from exc


@atexit.register
def _close_all() -> None:
    """Close embedded clients before the interpreter tears down the modules they need."""
    with _lock:
        clients = list(_clients.values())
        _clients.clear()
    for client in clients:
        try:
            client.close()
        except Exception:  # noqa: BLE001, S110 - best effort at exit
            pass


def close_client(settings: Settings) -> None:
    with _lock:
        client = _clients.pop(_key(settings), None)
    if client is not None:
        client.close()


def ensure_collection(client: QdrantClient, name: str) -> None:
    if client.collection_exists(name):
        return
    client.create_collection(
        name,
        vectors_config={DENSE: models.VectorParams(size=DIMENSION, distance=models.Distance.COSINE)},
        sparse_vectors_config={SPARSE: models.SparseVectorParams(modifier=models.Modifier.IDF)},
    )


def collection_ready(client: QdrantClient, name: str) -> bool:
    return client.collection_exists(name) and client.count(name, exact=True).count > 0
