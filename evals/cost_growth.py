"""Cost growth of the embedded index: turn latency and memory at 1k, 10k and 100k indexed chunks.

    nice .venv/bin/python -m evals.cost_growth [--sizes 1000,10000,100000] [--json out.json]

Each size runs in a fresh process: the real corpus is ingested, then synthetic chunks (sentences drawn from
the corpus's own words, with their real sparse vectors and random unit dense vectors, so the brute-force
dense scan and the sparse postings cost what real chunks would) fill the collection up to the size. Then
whole turns are timed through `Chatbot.ask` and the process's peak memory is read.

The collection is held in memory (qdrant-client local mode, `:memory:`): search and memory are those of the
on-disk embedded index, which also keeps every point in memory, but writing 100k points to the on-disk
folder takes about 15 ms a point (one SQLite commit each), so that build time is reported from a measured
sample instead of being paid in full. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

QUESTIONS = [
    "What is osimertinib?",
    "What are the side effects of immunotherapy?",
    "Who should get lung cancer screening?",
    "What is a biopsy?",
    "How can I cope with fatigue?",
    "What does stage III mean?",
    "What is palliative care?",
    "What helps with nausea?",
    "What is a PD-L1 test?",
    "How is small cell lung cancer treated?",
]
BATCH = 2048
DISK_SAMPLE = 500  # points written to an on-disk folder to time the embedded build


def _synthetic_texts(words: list[str], n: int, rng: random.Random) -> list[str]:
    return [
        " ".join(" ".join(rng.choices(words, k=rng.randint(8, 16))).capitalize() + "." for _ in range(5))
        for _ in range(n)
    ]


def measure(size: int, turns: int) -> dict[str, Any]:
    """One size, in this process: build, time the turns, read the memory."""
    import numpy as np
    from qdrant_client import QdrantClient, models

    from chatbot import Chatbot
    from chatbot.settings import get_settings
    from vectorstore import sparse, store
    from vectorstore.documents import load_corpus
    from vectorstore.embeddings import DIMENSION
    from vectorstore.ingest import ingest

    settings = get_settings()
    store._clients[store._key(settings)] = QdrantClient(location=":memory:")
    started = time.perf_counter()
    real = ingest(settings).chunks
    client = store.get_client(settings)
    words = sorted({w for d in load_corpus(settings.corpus_dir) for w in sparse.tokens(d.body) if len(w) > 3})
    rng = random.Random(size)
    nprng = np.random.default_rng(size)
    remaining = max(0, size - real)
    for offset in range(0, remaining, BATCH):
        n = min(BATCH, remaining - offset)
        texts = _synthetic_texts(words, n, rng)
        dense = nprng.standard_normal((n, DIMENSION)).astype(np.float32)
        dense /= np.linalg.norm(dense, axis=1, keepdims=True)
        client.upsert(
            settings.collection,
            points=[
                models.PointStruct(
                    id=real + offset + i + 1_000_000,
                    vector={store.DENSE: dense[i].tolist(), store.SPARSE: sparse.document_vector(t)},
                    payload={
                        "doc_id": f"synthetic-{(offset + i) // 8}",
                        "title": "Synthetic document",
                        "section": "Synthetic section",
                        "kind": "content",
                        "order": i % 8,
                        "text": t,
                        "topics": [],
                        "citation": "Synthetic, 2026",
                        "url": None,
                        "reviewed": "2026-01-01",
                        "drugs": [],
                        "histology": [],
                        "stages": [],
                    },
                )
                for i, t in enumerate(texts)
            ],
            wait=True,
        )
    build_s = time.perf_counter() - started
    count = client.count(settings.collection, exact=True).count

    bot = Chatbot(settings, build_index=False)
    bot.warm_up()
    latencies = []
    for i in range(turns):
        t0 = time.perf_counter()
        bot.ask(QUESTIONS[i % len(QUESTIONS)], thread_id=f"cost-{size}-{i}")
        latencies.append((time.perf_counter() - t0) * 1000)
    latencies.sort()
    return {
        "chunks": count,
        "build_s": round(build_s, 1),
        "turn_ms_p50": round(statistics.median(latencies)),
        "turn_ms_p95": round(latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def disk_write_ms_per_point() -> float:
    """Time writing points to an on-disk embedded folder, the way ingest writes them (batched upserts)."""
    import numpy as np
    from qdrant_client import QdrantClient, models

    with tempfile.TemporaryDirectory() as folder:
        client = QdrantClient(path=folder)
        client.create_collection(
            "sample", vectors_config=models.VectorParams(size=384, distance=models.Distance.COSINE)
        )
        vectors = np.random.default_rng(0).standard_normal((DISK_SAMPLE, 384)).astype(np.float32)
        started = time.perf_counter()
        client.upsert(
            "sample",
            points=[
                models.PointStruct(id=i, vector=v.tolist(), payload={"text": "x" * 800}) for i, v in enumerate(vectors)
            ],
        )
        elapsed = time.perf_counter() - started
        client.close()
    return elapsed * 1000 / DISK_SAMPLE


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--json", help="also write the table to this file")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child measuring one size
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.turns)))
        return 0
    import os
    import shutil

    from chatbot.settings import get_settings

    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as data:
            for model in get_settings().resolved_data_dir.glob("intent-model-*.npz"):  # not trained again
                shutil.copy(model, data)
            out = subprocess.run(
                [sys.executable, "-m", "evals.cost_growth", "--one", str(size), "--turns", str(args.turns)],
                env={**os.environ, "LUNG_CHAT_DATA_DIR": data, "OTEL_SDK_DISABLED": "true"},
                capture_output=True,
                text=True,
                check=True,
            )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    per_point = disk_write_ms_per_point()
    for row in rows:
        row["disk_build_min_estimate"] = round(row["chunks"] * per_point / 60000, 1)
    result = {"disk_write_ms_per_point": round(per_point, 1), "rows": rows}
    print("\n| chunks | turn p50 ms | turn p95 ms | peak memory MB | on-disk build, min (est.) |")
    print("|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['chunks']:,} | {r['turn_ms_p50']} | {r['turn_ms_p95']} | {r['peak_rss_mb']} | "
            f"{r['disk_build_min_estimate']} |"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
