"""Cost growth of the embedded index: warm turn latency, memory, disk and open time as the index grows.

    nice .venv/bin/python -m evals.cost_growth [--sizes 3000,10000,100000] [--turns 40] [--json out.json]
        [--baseline-from DATA_DIR]  # reuse a data folder whose index holds the corpus; its ingest is not re-timed

Why it is built this way:

- The index is the on-disk embedded one (qdrant-client local mode, `path=`), as one machine runs it. The real
  corpus is ingested once by the real `ingest` (timed); each size is a copy of that folder topped up with
  synthetic chunks, then opened and served by a fresh process through `Chatbot.ask`, so open time and memory
  are a serving process's, not the builder's.
- Synthetic chunks are sections, and the questions each answers, in the corpus's own ratio, with the payload
  fields ingest writes, made of the corpus's own words. Their sparse vectors come from their text; their dense
  vectors are real embeddings of a pool of synthetic texts plus a little noise (embedding 100k texts would take
  over 10 minutes on two idle cores). Brute-force scoring costs the same either way, and the chunks sit where
  real text would, so they compete in the ranking: the table says how often they reach the top 8, and a probe
  question taken from a synthetic section must find it first.
- qdrant-client commits every point to SQLite on its own, so the top-up turns SQLite's sync off for the
  synthetic points only (same file format); the real ingest's cost a point gives the estimate for a real
  corpus of each size.
- The machine is shared and noisy: each size is served beside a baseline (the real corpus alone), both
  processes open at once and driven turn by turn in alternation, so only one works at a time and a change of
  load falls on both; ratios to the baseline (of the percentiles, and the median of turn-by-turn ratios) are
  reported beside the raw numbers, with the load average over the timed turns.

Not part of `make test` (tests/test_cost_growth.py runs the small path).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from core.model_cache import copy_built

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
SYNTHETIC = "synthetic-"  # every synthetic document id starts so
POOL = 256  # synthetic texts of each kind embedded for real; each synthetic chunk is one of them, with noise
NOISE = 0.35  # norm of the noise added to a pool vector: cosine about 0.94 to the text's own embedding
BATCH = 1024
SECTIONS_PER_DOC = 8
NAMESPACE = uuid.UUID("0c6f3f4e-6a51-4d0e-9a57-2f4c1b8d7e11")
QUESTION_FORMS = (
    "What does {a} {b} mean?",
    "How is {a} {b} treated?",
    "Can {a} help with {b}?",
    "Is {a} {b} a sign of {c}?",
    "Why does {a} cause {b}?",
)


# ---------------------------------------------------------------- synthetic chunks


def corpus_words(corpus_dir: Path) -> list[str]:
    """The corpus's own words, so synthetic chunks share its vocabulary and its sparse postings."""
    from vectorstore.documents import load_corpus

    return sorted({w for d in load_corpus(corpus_dir) for w in re.findall(r"[a-z]{4,}", d.body.lower())})


def _section_text(words: list[str], rng: random.Random) -> str:
    sentences = (" ".join(rng.choices(words, k=rng.randint(8, 16))).capitalize() + "." for _ in range(5))
    return " ".join(sentences)


def _question_text(words: list[str], rng: random.Random) -> str:
    a, b, c = rng.choices(words, k=3)
    return rng.choice(QUESTION_FORMS).format(a=a, b=b, c=c)


def _noisy(vectors: Any, rows: int, nprng: Any) -> Any:
    """Pool vectors with noise of norm NOISE, back on the unit sphere."""
    import numpy as np

    noise = nprng.standard_normal((rows, vectors.shape[1])).astype(np.float32) * (NOISE / np.sqrt(vectors.shape[1]))
    out = vectors + noise
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def synthetic_batches(
    count: int, question_share: float, words: list[str], seed: int = 0
) -> tuple[str, Iterator[list[Any]]]:
    """`count` synthetic points (sections and the questions they answer) in batches, and a probe question.

    The probe is the first section's first question, word for word: searching it must find a synthetic section.
    """
    import numpy as np
    from qdrant_client import models

    from vectorstore import sparse
    from vectorstore.embeddings import get_embedder
    from vectorstore.store import DENSE, SPARSE

    sections = max(1, round(count * (1 - question_share)))
    questions = count - sections
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    section_pool = [_section_text(words, rng) for _ in range(min(POOL, sections))]
    question_pool = [_question_text(words, rng) for _ in range(min(POOL, max(1, questions)))]
    embedder = get_embedder()
    section_vectors = embedder.embed(section_pool)
    question_vectors = embedder.embed(question_pool)

    def asked_by(section: int) -> list[int]:
        return list(range(section, questions, sections))

    def batches() -> Iterator[list[models.PointStruct]]:
        batch: list[models.PointStruct] = []
        for start in range(0, sections, BATCH):
            rows = range(start, min(sections, start + BATCH))
            dense = _noisy(section_vectors[[i % len(section_pool) for i in rows]], len(rows), nprng)
            for i, vector in zip(rows, dense, strict=True):
                doc_id = f"{SYNTHETIC}{i // SECTIONS_PER_DOC:05d}"
                section = f"Synthetic section {i}"
                text = f"{section_pool[i % len(section_pool)]} {_section_text(words, rng).split('. ')[0]}."
                asked = [question_pool[j % len(question_pool)] for j in asked_by(i)]
                payload = {
                    "doc_id": doc_id,
                    "title": f"Synthetic document {i // SECTIONS_PER_DOC}",
                    "section": section,
                    "key": f"{doc_id}#{section}",
                    "kind": "content",
                    "question": None,
                    "questions": asked,
                    "order": i % SECTIONS_PER_DOC,
                    "text": text,
                    "topics": [],
                    "citation": "Synthetic chunk for the cost-growth measurement, 2026",
                    "url": None,
                    "reviewed": "2026-01-01",
                    "drugs": [],
                    "histology": [],
                    "stages": [],
                }
                batch.append(_point(f"section:{seed}:{i}", vector, sparse.document_vector(text), payload))
                if asked:
                    q_dense = _noisy(question_vectors[[j % len(question_pool) for j in asked_by(i)]], len(asked), nprng)
                    for n, (question, q_vector) in enumerate(zip(asked, q_dense, strict=True)):
                        batch.append(
                            _point(
                                f"question:{seed}:{i}:{n}",
                                q_vector,
                                sparse.document_vector(question),
                                {**payload, "kind": "question", "question": question},
                            )
                        )
                if len(batch) >= BATCH:
                    yield batch
                    batch = []
        if batch:
            yield batch

    def _point(name: str, dense: Any, lexical: Any, payload: dict[str, Any]) -> models.PointStruct:
        return models.PointStruct(
            id=str(uuid.uuid5(NAMESPACE, name)), vector={DENSE: dense.tolist(), SPARSE: lexical}, payload=payload
        )

    probe = question_pool[0] if questions else section_pool[0]
    return probe, batches()


# ---------------------------------------------------------------- the steps, each in its own process


def ingest_corpus() -> dict[str, Any]:
    """The real ingest of the real corpus into the data folder of this process, timed."""
    from core.settings import get_settings
    from vectorstore.ingest import ingest
    from vectorstore.store import close_client

    started = time.perf_counter()
    report = ingest(get_settings())
    elapsed = time.perf_counter() - started
    close_client(get_settings())
    return {"points": report.chunks, "ingest_s": round(elapsed, 1)}


def top_up(total: int, seed: int = 0) -> dict[str, Any]:
    """Add synthetic points to the index of this process's data folder until it holds `total`."""
    from core.settings import get_settings
    from vectorstore.store import close_client, get_client

    settings = get_settings()
    client = get_client(settings)
    kinds: Counter[str] = Counter()
    offset = None
    while True:
        points, offset = client.scroll(settings.collection, limit=BATCH, offset=offset, with_payload=["kind"])
        kinds.update(str((p.payload or {}).get("kind")) for p in points)
        if offset is None:
            break
    real = sum(kinds.values())
    if total <= real:
        raise SystemExit(f"{total} chunks asked, but the real corpus alone holds {real}")
    share = kinds["question"] / max(1, kinds["question"] + kinds["content"])
    probe, batches = synthetic_batches(total - real, share, corpus_words(settings.corpus_dir), seed)
    storage = _sqlite(client, settings.collection)
    storage.execute("PRAGMA synchronous=OFF")  # one commit a point otherwise; the file format is the same
    started = time.perf_counter()
    for batch in batches:
        client.upsert(settings.collection, points=batch, wait=True)
    elapsed = time.perf_counter() - started
    storage.execute("PRAGMA synchronous=FULL")
    count = client.count(settings.collection, exact=True).count
    close_client(settings)
    return {"points": count, "real": real, "synthetic": count - real, "fill_s": round(elapsed, 1), "probe": probe}


def _sqlite(client: Any, collection: str) -> Any:
    """The SQLite connection under an embedded collection (qdrant-client local mode internals)."""
    return client._client.collections[collection].storage.storage  # noqa: SLF001 - no public handle exists


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Server:
    """The index of this process's data folder, opened and warmed up, answering whole turns on demand."""

    def __init__(self, probe: str | None = None) -> None:
        from chatbot import Chatbot
        from core.settings import get_settings
        from vectorstore.store import get_client

        self.probe = probe
        self.settings = get_settings()
        started = time.perf_counter()
        self.client = get_client(self.settings)
        opened = time.perf_counter()
        rss_opened = _status_mb("VmRSS")  # qdrant-client's own copy of the index (gone with a server)
        self.bot = Chatbot(self.settings, build_index=False)
        self.retriever = self.bot.context.retriever
        self.retriever.point_sets()
        loaded = time.perf_counter()
        rss_loaded = _status_mb("VmRSS")  # the retriever's vectors and payloads (kept with a server too)
        self.bot.warm_up()
        for i, question in enumerate(QUESTIONS):  # every question once: the per-document caches fill here
            self.bot.ask(question, thread_id=f"warm-{i}")
        self.timings = {
            "open_index_s": round(opened - started, 2),
            "load_vectors_s": round(loaded - opened, 2),
            "warm_up_s": round(time.perf_counter() - loaded, 2),
            "rss_after_open_mb": round(rss_opened),
            "rss_after_vectors_mb": round(rss_loaded),
        }
        self.cited = 0

    def turn(self, i: int) -> float:
        """One timed turn, in milliseconds."""
        started = time.perf_counter()
        reply = self.bot.ask(QUESTIONS[i % len(QUESTIONS)], thread_id=f"turn-{i}")
        elapsed = (time.perf_counter() - started) * 1000
        self.cited += any(s.id.startswith(SYNTHETIC) for s in reply.sources)
        return round(elapsed, 2)

    def report(self) -> dict[str, Any]:
        """Memory, and whether the synthetic chunks are in the vectors and reach the ranking (untimed)."""
        sets = self.retriever.point_sets()
        found = [p for q in QUESTIONS for p in self.retriever.search(q)]
        row: dict[str, Any] = {
            "points": self.client.count(self.settings.collection, exact=True).count,
            "synthetic_loaded": sum(
                str(p.get("doc_id", "")).startswith(SYNTHETIC) for s in sets.values() for p in s.payloads
            ),
            **self.timings,
            "rss_mb": round(_status_mb("VmRSS")),
            "peak_rss_mb": round(_status_mb("VmHWM")),
            "synthetic_in_top_share": round(sum(p.doc_id.startswith(SYNTHETIC) for p in found) / max(1, len(found)), 3),
            "synthetic_cited_turns": self.cited,
        }
        if self.probe:
            top = self.retriever.search(self.probe)[0]
            row["probe_found"] = top.doc_id.startswith(SYNTHETIC) and top.matched == self.probe
        return row


PROTOCOL = "@cost-growth "  # marks the serving child's answers among anything else it prints


def serve_loop(probe: str | None) -> None:
    """A serving child: ready once warm, then one turn per `turn N` line on stdin, and `report` last."""
    server = Server(probe)
    print(PROTOCOL + json.dumps(server.timings), flush=True)
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command == "turn":
            print(PROTOCOL + json.dumps(server.turn(int(arg))), flush=True)
        elif command == "report":
            print(PROTOCOL + json.dumps(server.report()), flush=True)
            return


# ---------------------------------------------------------------- the run


def _env(data: Path) -> dict[str, str]:
    env = {**os.environ, "LUNG_CHAT_DATA_DIR": str(data), "OTEL_SDK_DISABLED": "true"}
    for name in ("QDRANT_URL", "INDEX_PATH", "CONVERSATIONS_PATH", "LOG_FILE", "DOCUMENTS_DIR"):
        env.pop(f"LUNG_CHAT_{name}", None)  # everything in the step's own folder, on the embedded index
    return env


def _child(data: Path, *args: str) -> dict[str, Any]:
    """One step in a fresh process on its own data folder: the embedded index admits one process."""
    out = subprocess.run(
        [sys.executable, "-m", "evals.cost_growth", *args], env=_env(data), capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise RuntimeError(f"cost_growth {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


class Serving:
    """A serving child driven turn by turn, so two indexes can be timed in lock-step: only one works at a time,
    and a change in the machine's load falls on both alike."""

    def __init__(self, data: Path, probe: str | None = None) -> None:
        self.log = (data / "serve.stderr").open("w")
        args = ["--serve", *(["--probe", probe] if probe else [])]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "evals.cost_growth", *args],
            env=_env(data),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            bufsize=1,
        )
        self.data = data
        self.timings: dict[str, Any] = self._answer()

    def _answer(self) -> Any:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith(PROTOCOL):
                return json.loads(line[len(PROTOCOL) :])
        self.log.flush()
        tail = (self.data / "serve.stderr").read_text()[-3000:]
        raise RuntimeError(f"the serving child on {self.data} stopped:\n{tail}")

    def ask(self, command: str) -> Any:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self._answer()

    def close(self) -> dict[str, Any]:
        report: dict[str, Any] = self.ask("report")
        self.process.wait(timeout=120)
        self.log.close()
        return report


def paired(base: Path, data: Path, turns: int, probe: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Time the baseline and a size turn by turn in alternation (which goes first alternates too)."""
    baseline = Serving(base)
    try:
        size = Serving(data, probe)
    except BaseException:
        baseline.close()
        raise
    load = [os.getloadavg()[0]]
    times: dict[str, list[float]] = {"base": [], "size": []}
    for i in range(turns):
        order = [("base", baseline), ("size", size)]
        for name, server in order if i % 2 == 0 else order[::-1]:
            times[name].append(server.ask(f"turn {i}"))
    load.append(os.getloadavg()[0])
    results = []
    for name, server in (("base", baseline), ("size", size)):
        ms = times[name]
        row = {
            **server.close(),
            "turns": turns,
            "turn_ms_p50": round(statistics.median(ms), 1),
            "turn_ms_p95": round(percentile(ms, 0.95), 1),
            "load_avg_1min": [round(x, 2) for x in load],
        }
        results.append(row)
    pair_ratios = [s / b for s, b in zip(times["size"], times["base"], strict=True) if b > 0]
    results[1]["paired_turn_ratio_median"] = round(statistics.median(pair_ratios), 2)
    return results[0], results[1]


def disk_mb(folder: Path) -> float:
    return round(sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20, 1)


def _ratio(value: float, base: float) -> float | None:
    return round(value / base, 2) if base else None


def run(
    sizes: list[int], turns: int, work: Path, baseline_from: Path | None = None, say: Callable[[str], None] = print
) -> dict[str, Any]:
    """Build the baseline once, then for each size: top up a copy, serve the baseline, serve the size."""
    from core.settings import get_settings

    base = work / "baseline"
    if baseline_from:  # an index built already (the test's): its ingest is not timed here
        copy_built(baseline_from, base, index=baseline_from / "index")
        ingest = {"points": None, "ingest_s": None}
    else:
        copy_built(get_settings().built_dir, base)  # the trained models: not trained again
        ingest = _child(base, "--ingest")
        say(f"ingest of the real corpus: {json.dumps(ingest)}")
    rows = []
    for size in sizes:
        data = work / f"chunks-{size}"
        copy_built(base, data, index=base / "index")
        filled = _child(data, "--top-up", str(size))
        baseline, measured = paired(base, data, turns, filled["probe"])
        row = {
            **measured,
            "real": filled["real"],
            "synthetic": filled["synthetic"],
            "fill_s": filled["fill_s"],
            "index_disk_mb": disk_mb(data / "index"),
            "baseline": {**baseline, "index_disk_mb": disk_mb(base / "index")},
        }
        for key in ("turn_ms_p50", "turn_ms_p95", "rss_mb", "open_index_s", "load_vectors_s"):
            row[f"{key}_ratio"] = _ratio(row[key], baseline[key])
        if ingest["ingest_s"] and ingest["points"]:
            row["ingest_estimate_min"] = round(row["points"] * ingest["ingest_s"] / ingest["points"] / 60, 1)
        rows.append(row)
        shutil.rmtree(data)  # a 100k folder is large; its size is recorded
        say(json.dumps(row))
    return {"ingest": ingest, "rows": rows}


def table(result: dict[str, Any]) -> str:
    """The Markdown table the README quotes: raw numbers, the baseline served beside them, and ratios."""
    lines = [
        "| chunks (real + synthetic) | turn p50 ms (baseline, ×) | turn p95 ms (baseline, ×) | RSS MB (baseline, ×) "
        "| index on disk MB | open s (index + vectors) | top-up s | load avg 1 min | synthetic in top 8 | probe |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    if result["rows"]:  # the real corpus alone, as served beside the first size
        b = result["rows"][0]["baseline"]
        lines.append(
            f"| {b['points']:,} (real corpus alone) | {b['turn_ms_p50']:.0f} | {b['turn_ms_p95']:.0f} | {b['rss_mb']} "
            f"| {b['index_disk_mb']} | {b['open_index_s'] + b['load_vectors_s']:.1f} "
            f"({b['open_index_s']} + {b['load_vectors_s']}) | – "
            f"| {b['load_avg_1min'][0]}→{b['load_avg_1min'][1]} | {b['synthetic_in_top_share']:.0%} | – |"
        )
    for r in result["rows"]:
        b = r["baseline"]
        lines.append(
            f"| {r['points']:,} ({r['real']:,} + {r['synthetic']:,}) "
            f"| {r['turn_ms_p50']:.0f} ({b['turn_ms_p50']:.0f}, {r['turn_ms_p50_ratio']}×; "
            f"paired {r.get('paired_turn_ratio_median', '–')}×) "
            f"| {r['turn_ms_p95']:.0f} ({b['turn_ms_p95']:.0f}, {r['turn_ms_p95_ratio']}×) "
            f"| {r['rss_mb']} ({b['rss_mb']}, {r['rss_mb_ratio']}×) "
            f"| {r['index_disk_mb']} ({b['index_disk_mb']}) "
            f"| {r['open_index_s'] + r['load_vectors_s']:.1f} ({r['open_index_s']} + {r['load_vectors_s']}) "
            f"| {r['fill_s']} "
            f"| {r['load_avg_1min'][0]}→{r['load_avg_1min'][1]} "
            f"| {r['synthetic_in_top_share']:.0%} "
            f"| {'found' if r.get('probe_found') else 'MISSED'} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--sizes", default="3000,10000,100000", help="total indexed chunks, real + synthetic (the corpus holds 2.6k)"
    )
    parser.add_argument("--turns", type=int, default=40, help="timed turns of each index, after one warm pass")
    parser.add_argument("--json", help="also write the result to this file")
    parser.add_argument("--work", help="folder for the indexes (default: a temporary one)")
    parser.add_argument(
        "--baseline-from", help="a data folder whose index holds the corpus already: its ingest is not re-timed"
    )
    step = parser.add_mutually_exclusive_group()  # the steps a child process runs
    step.add_argument("--ingest", action="store_true", help=argparse.SUPPRESS)
    step.add_argument("--top-up", type=int, help=argparse.SUPPRESS)
    step.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--probe", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ingest:
        print(json.dumps(ingest_corpus()))
        return 0
    if args.top_up:
        print(json.dumps(top_up(args.top_up)))
        return 0
    if args.serve:
        serve_loop(args.probe)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(dir=args.work) as work:
        result = run(sizes, args.turns, Path(work), Path(args.baseline_from) if args.baseline_from else None)
    ingest = result["ingest"]
    if ingest["ingest_s"] is not None:
        print(f"\nReal corpus: {ingest['points']} chunks ingested in {ingest['ingest_s']} s.")
    print("\n" + table(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
