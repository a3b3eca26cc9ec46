"""Conversations on both stores: SQLite (the default) and a real PostgreSQL (LUNG_CHAT_CHECKPOINT_URL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from chatbot import Chatbot
from chatbot.checkpoint import redact_url


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, bot: Chatbot, tmp_path: Path) -> tuple[Chatbot, Path]:
    """A chatbot on the session's index whose conversations go to a fresh store of each kind."""
    from core.settings import Settings

    sqlite_file = tmp_path / "conversations.sqlite"
    if request.param == "postgres":
        settings = Settings(checkpoint_url=request.getfixturevalue("postgres_url"), conversations_path=sqlite_file)
    else:
        settings = Settings(conversations_path=sqlite_file)
    return Chatbot(settings, build_index=False), sqlite_file


def test_a_conversation_continues_and_only_the_chosen_store_is_written(store: tuple[Chatbot, Path]) -> None:
    chat, sqlite_file = store
    chat.ask("What is osimertinib?", thread_id="store-1")
    reply = chat.ask("What are its side effects?", thread_id="store-1")
    assert "osimertinib" in reply.answer.lower() or any("egfr" in s.id for s in reply.sources)
    history = chat.history("store-1")
    assert [t["role"] for t in history] == ["user", "assistant", "user", "assistant"]
    assert history[0]["content"] == "What is osimertinib?"
    assert sqlite_file.exists() == (chat.settings.checkpoint_url is None)


def test_deleting_a_conversation_leaves_the_others(store: tuple[Chatbot, Path]) -> None:
    chat, _ = store
    chat.ask("What is lung cancer screening?", thread_id="store-del-1")
    chat.ask("What is a biopsy?", thread_id="store-del-2")
    chat.delete("store-del-1")
    assert chat.history("store-del-1") == []
    assert chat.history("store-del-2")[0]["content"] == "What is a biopsy?"


QUESTIONS = [
    ("What is osimertinib?", "What are its side effects?"),
    ("What is a biopsy?", "Does it hurt?"),
    ("What is immunotherapy?", "How long does it last?"),
    ("What is lung cancer screening?", "Who should get it?"),
    ("What is palliative care?", "Is it the same as hospice?"),
    ("What is radiation therapy?", "What are its side effects?"),
]


def test_concurrent_conversations_keep_their_own_turns(store: tuple[Chatbot, Path]) -> None:
    chat, _ = store

    def converse(i: int) -> None:
        for question in QUESTIONS[i]:
            assert chat.ask(question, thread_id=f"store-conc-{i}").thread_id == f"store-conc-{i}"

    with ThreadPoolExecutor(max_workers=len(QUESTIONS)) as pool:
        list(pool.map(converse, range(len(QUESTIONS))))
    for i, questions in enumerate(QUESTIONS):
        asked = [t["content"] for t in chat.history(f"store-conc-{i}") if t["role"] == "user"]
        assert asked == list(questions)


def test_a_conversation_resumes_in_another_process_on_postgres(
    bot: Chatbot, postgres_url: str, index_copy: Path
) -> None:
    """A first process (the command line) answers, this process continues the same conversation."""
    from core.settings import Settings

    env = {
        **os.environ,
        "LUNG_CHAT_DATA_DIR": str(index_copy),
        "LUNG_CHAT_CHECKPOINT_URL": postgres_url,
        "OTEL_SDK_DISABLED": "true",
    }
    first = subprocess.run(
        [sys.executable, "-m", "cli.main", "ask", "What is osimertinib?", "--thread", "pg-resume", "--json"],
        env=env,
        capture_output=True,
        timeout=300,
    )
    assert first.returncode == 0, first.stderr.decode()
    assert json.loads(first.stdout)["thread_id"] == "pg-resume"
    assert not (index_copy / "conversations.sqlite").exists()

    here = Chatbot(Settings(checkpoint_url=postgres_url), build_index=False)
    reply = here.ask("What are its side effects?", thread_id="pg-resume")
    assert "osimertinib" in reply.answer.lower() or any("egfr" in s.id for s in reply.sources)
    assert [t["content"] for t in here.history("pg-resume") if t["role"] == "user"] == [
        "What is osimertinib?",
        "What are its side effects?",
    ]


def test_an_unreachable_database_gets_a_clear_message_without_the_password(bot: Chatbot) -> None:
    from core.settings import Settings

    url = "postgresql://clinic:s3cret@127.0.0.1:1/lung_chat"
    reply = Chatbot(Settings(checkpoint_url=url), build_index=False).ask("What is a biopsy?", thread_id="x")
    assert reply.safety.notes == ["storage_unavailable"]
    assert "could not be reached" in reply.answer and "s3cret" not in reply.answer
    assert "not medical advice" in reply.answer
    assert redact_url(url) == "postgresql://clinic:***@127.0.0.1:1/lung_chat"


def test_a_checkpoint_url_that_is_not_postgres_is_refused() -> None:
    from pydantic import ValidationError

    from core.settings import Settings

    with pytest.raises(ValidationError, match="postgresql://"):
        Settings(checkpoint_url="mysql://localhost/db")
