"""The first answer on a warm server, as a person sees it: from Enter to the answer on screen.

`lung-chat ui` serves the web chat on a loopback port over a copy of the bench's index (the served
process warms the chatbot up before it listens). One visit asks a question first, so the server is
warm; then each timed visit is a new browser session that opens the page, types a question and
presses Enter. Chromium (Debian's, at /usr/bin/chromium) is driven by Playwright; without either
the measure is reported as skipped, with the reason.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from core.model_cache import copy_built
from core.paths import PACKAGE_ROOT
from core.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT_S = 300
ANSWER_TIMEOUT_MS = 120_000
TARGET_S = 2.0  # issue 16: the first answer at most 2 s after Enter
ASSISTANT = '[data-testid="stChatMessage"]:has([aria-label="Chat message from assistant"])'
DISCLAIMER = "not medical advice"
# The reply's first words on screen: text in the assistant's message that is not the "thinking" spinner.
ANSWER_SHOWN = """selector => {
  const message = document.querySelector(selector);
  return !!message && [...message.querySelectorAll('[data-testid="stMarkdownContainer"]')]
    .some(e => !e.closest('[data-testid="stSpinner"]') && e.innerText.trim().length > 0);
}"""


def skip_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, server: subprocess.Popen[bytes], timeout_s: float = START_TIMEOUT_S) -> None:
    """Until the chat server answers its health check; raises when it exits or stays silent."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"lung-chat ui exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"lung-chat ui was not healthy within {timeout_s} s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Ask the process to end; force it when it does not within 15 s."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _visit(browser: Any, url: str, question: str) -> dict[str, float]:
    """One new session: open the page, ask, and time Enter -> first answer text -> the whole answer."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url)
        chat_box = page.get_by_test_id("stChatInputTextArea")
        expect(chat_box).to_be_editable(timeout=ANSWER_TIMEOUT_MS)
        chat_box.fill(question)
        pressed = time.perf_counter()
        chat_box.press("Enter")
        page.wait_for_function(ANSWER_SHOWN, arg=ASSISTANT, polling="raf", timeout=ANSWER_TIMEOUT_MS)
        shown = time.perf_counter()
        expect(page.locator(ASSISTANT).first).to_contain_text(DISCLAIMER, timeout=ANSWER_TIMEOUT_MS)
        whole = time.perf_counter()
        return {"first_text_s": round(shown - pressed, 3), "whole_answer_s": round(whole - pressed, 3)}
    finally:
        context.close()


def first_answers(settings: Settings, questions: list[str], runs: int) -> dict[str, Any]:
    """Serve the chat, warm it with one visit, then time `runs` new visits; with the machine's load.

    A server or browser that fails gives {"error": ...} naming it; no Chromium gives {"skipped": ...}.
    """
    reason = skip_reason()
    if reason:
        return {"skipped": reason}
    from playwright.sync_api import Error as BrowserError

    try:
        return _timed(settings, questions, runs)
    except (BrowserError, RuntimeError, OSError) as exc:
        return {"error": f"{type(exc).__name__}: {exc}"[:2000]}


def _timed(settings: Settings, questions: list[str], runs: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="lung-chat-ui-bench-") as folder:
        data = Path(folder)
        # The embedded index admits one process: the server gets a copy, with the trained models.
        copy_built(settings.built_dir, data, index=settings.resolved_index_path)
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if k not in {"LUNG_CHAT_INDEX_PATH", "LUNG_CHAT_QDRANT_URL"}}
        env.update(
            LUNG_CHAT_DATA_DIR=str(data), LUNG_CHAT_CORPUS_DIR=str(settings.corpus_dir), OTEL_SDK_DISABLED="true"
        )
        command = [sys.executable, "-m", "cli.main", "ui", "--host", "127.0.0.1", "--port", str(port)]
        with (data / "server.log").open("wb") as log:
            server = subprocess.Popen(command, cwd=PACKAGE_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_healthy(url, server)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
                try:
                    warm = _visit(browser, url, questions[0])
                    load_before = os.getloadavg()
                    visits = [_visit(browser, url, questions[(i + 1) % len(questions)]) for i in range(runs)]
                    load_after = os.getloadavg()
                finally:
                    browser.close()
        finally:
            stop_server(server)
    shown = [v["first_text_s"] for v in visits]
    return {
        "first_answer_s": round(statistics.median(shown), 3),
        "first_answer_max_s": max(shown),
        "whole_answer_s": round(statistics.median(v["whole_answer_s"] for v in visits), 3),
        "target_s": TARGET_S,
        "met": statistics.median(shown) <= TARGET_S,
        "warm_up_visit": warm,
        "visits": visits,
        "load_avg_1m": [round(load_before[0], 2), round(load_after[0], 2)],
        "cpus": os.cpu_count() or 0,
    }
