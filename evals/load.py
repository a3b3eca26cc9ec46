"""Load: many conversations at once through the public API, checking that no turn is lost or crossed.

    nice .venv/bin/python -m evals.load --conversations 50 --turns 3 [--json out.json]

Each conversation is a thread of its own with its own sequence of questions, asked from its own worker
thread; afterwards every stored conversation must hold exactly its own questions in order, each answered.
Conversations go wherever the settings say (SQLite, or PostgreSQL with LUNG_CHAT_CHECKPOINT_URL). Not part of
`make test`: on two cores it takes minutes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

QUESTIONS = [
    "What is osimertinib?",
    "What is a biopsy?",
    "What is immunotherapy?",
    "Who should get lung cancer screening?",
    "What is palliative care?",
    "What are the side effects of radiation therapy?",
    "What does stage III mean?",
    "How can I cope with fatigue?",
    "What is a PD-L1 test?",
    "What is a clinical trial?",
    "How is small cell lung cancer treated?",
    "What helps with nausea?",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(conversations: int, turns: int) -> dict[str, Any]:
    from chatbot import Chatbot

    bot = Chatbot()
    bot.warm_up()
    run_id = uuid.uuid4().hex[:8]
    plans = {
        f"load-{run_id}-{i}": [QUESTIONS[(i + 5 * t) % len(QUESTIONS)] for t in range(turns)]
        for i in range(conversations)
    }
    latencies: list[float] = []
    wrong_thread: list[str] = []

    def converse(thread: str) -> None:
        for question in plans[thread]:
            started = time.perf_counter()
            reply = bot.ask(question, thread_id=thread)
            latencies.append((time.perf_counter() - started) * 1000)
            if reply.thread_id != thread or "not medical advice" not in reply.answer:
                wrong_thread.append(thread)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=conversations) as pool:
        list(pool.map(converse, plans))
    wall = time.perf_counter() - started

    lost = crossed = 0
    for thread, asked in plans.items():
        history = bot.history(thread)
        users = [t["content"] for t in history if t["role"] == "user"]
        answers = [t for t in history if t["role"] == "assistant"]
        if users != asked and users != asked[: len(users)]:
            crossed += 1  # a turn of another conversation, or out of order
        lost += max(0, len(asked) - min(len(users), len(answers)))
        bot.delete(thread)
    return {
        "store": "postgresql" if bot.settings.checkpoint_url else "sqlite",
        "conversations": conversations,
        "turns": conversations * turns,
        "lost_turns": lost,
        "crossed_conversations": crossed + len(set(wrong_thread)),
        "wall_s": round(wall, 1),
        "turns_per_s": round(conversations * turns / wall, 2),
        "latency_ms": {
            "p50": round(statistics.median(latencies)),
            "p95": round(percentile(latencies, 0.95)),
            "max": round(max(latencies)),
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--json", help="also write the result to this file")
    args = parser.parse_args()
    result = run(args.conversations, args.turns)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n")
    return 0 if result["lost_turns"] == 0 and result["crossed_conversations"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
