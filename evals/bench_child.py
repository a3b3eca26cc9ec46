"""What the bench times in a fresh process: ours and the naive baseline, each building and answering.

`python -m evals.bench_child <step> [question]` prints one JSON line. The data folder comes from
`LUNG_CHAT_DATA_DIR`, so the parent gives every child its own folder (the index admits one process).

- `ingest`: the product's index build (`lung-chat ingest`): hybrid index plus the intent model. The command
  also trains the safety and language models; the bench times that apart, as the first start after an ingest.
- `naive-ingest`: the same chunks embedded into a dense-only collection, nothing else.
- `cold`: import the chatbot and answer one question on a built index.
- `naive-cold`: import the embedder and the client, search dense-only, join the first chunks.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

NAIVE_COLLECTION = "naive_dense"
STARTED = time.perf_counter()


def ingest() -> dict[str, Any]:
    from answer.intent_model import get_intent_model
    from core.settings import get_settings
    from vectorstore.ingest import ingest as build

    report = build(get_settings())
    get_intent_model(get_settings().built_dir)
    return {"chunks": report.chunks}


def _naive_client() -> Any:
    from qdrant_client import QdrantClient

    from core.settings import get_settings

    return QdrantClient(path=str(get_settings().resolved_index_path))


def naive_ingest() -> dict[str, Any]:
    from qdrant_client import models

    from core.settings import get_settings
    from vectorstore.documents import chunk_document, load_corpus
    from vectorstore.embeddings import DIMENSION, get_embedder
    from vectorstore.ingest import UPSERT_BATCH

    settings = get_settings()
    chunks = [c for d in load_corpus(settings.corpus_dir) for c in chunk_document(d)]
    client = _naive_client()
    client.create_collection(
        NAIVE_COLLECTION, vectors_config=models.VectorParams(size=DIMENSION, distance=models.Distance.COSINE)
    )
    embedder = get_embedder()
    for start in range(0, len(chunks), UPSERT_BATCH):
        batch = chunks[start : start + UPSERT_BATCH]
        vectors = embedder.embed([c.embed_text for c in batch])
        points = [
            models.PointStruct(id=start + i, vector=v.tolist(), payload={"text": c.text})
            for i, (v, c) in enumerate(zip(vectors, batch, strict=True))
        ]
        client.upsert(NAIVE_COLLECTION, points=points, wait=True)
    client.close()
    return {"chunks": len(chunks)}


def cold(question: str) -> dict[str, Any]:
    from chatbot import Chatbot

    reply = Chatbot().ask(question)
    return {"answered": "not medical advice" in reply.answer.lower(), "sources": len(reply.sources)}


def naive_cold(question: str) -> dict[str, Any]:
    from core.settings import get_settings
    from vectorstore.embeddings import get_embedder

    client = _naive_client()
    vector = get_embedder().embed_one(question)
    hits = client.query_points(NAIVE_COLLECTION, query=vector.tolist(), limit=get_settings().top_k).points
    answer = "\n\n".join(str((h.payload or {}).get("text", "")) for h in hits)
    client.close()
    return {"answered": bool(answer.strip()), "sources": len(hits)}


def peak_rss_mb() -> float | None:
    """This process's own high-water mark. `ru_maxrss` is no use here: Linux carries it across
    exec, so a child would report at least the size of the eval process that started it."""
    try:
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def main(argv: list[str]) -> int:
    step, question = argv[0], (argv[1] if len(argv) > 1 else "What is lung cancer?")
    steps = {
        "ingest": ingest,
        "naive-ingest": naive_ingest,
        "cold": lambda: cold(question),
        "naive-cold": lambda: naive_cold(question),
    }
    result = steps[step]()
    result["inside_s"] = round(time.perf_counter() - STARTED, 3)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
