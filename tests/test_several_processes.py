"""Several processes: the embedded index admits one; a second one is told so plainly, with what to do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from chatbot import Chatbot


def test_a_second_process_on_the_embedded_index_gets_a_clear_message(bot: Chatbot, data_dir: Path) -> None:
    env = {**os.environ, "LUNG_CHAT_DATA_DIR": str(data_dir), "OTEL_SDK_DISABLED": "true"}
    env.pop("LUNG_CHAT_QDRANT_URL", None)
    second = subprocess.run(
        [sys.executable, "-m", "cli.main", "ask", "What is a biopsy?"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert second.returncode == 2
    assert "is in use by another lung-chat process" in second.stderr
    assert "LUNG_CHAT_DATA_DIR" in second.stderr and "Traceback" not in second.stderr


def test_the_compose_file_wires_two_chats_to_one_postgres_and_one_qdrant() -> None:
    import yaml

    from core.paths import PACKAGE_ROOT
    from core.settings import Settings

    services = yaml.safe_load((PACKAGE_ROOT / "compose.yaml").read_text())["services"]
    assert {"qdrant", "postgres", "app", "app-2"} <= set(services)
    for name in ("app", "app-2"):
        env = services[name]["environment"]
        assert env["LUNG_CHAT_QDRANT_URL"] == "http://qdrant:6333"
        assert (
            env["LUNG_CHAT_CHECKPOINT_URL"].startswith("postgresql://")
            and "@postgres:5432/" in env["LUNG_CHAT_CHECKPOINT_URL"]
        )
        fields = {f"LUNG_CHAT_{f.upper()}" for f in Settings.model_fields}
        assert {k for k in env if k.startswith("LUNG_CHAT_")} <= fields
