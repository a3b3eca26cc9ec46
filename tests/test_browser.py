"""The web chat in a real browser: `streamlit run` on a loopback port, driven by Chromium through Playwright.

Asks a question, clicks a suggested follow-up, and checks what a person sees: both answers, their sources
and the "not medical advice" notice. Leaves a screenshot and the measured times in `artifacts/`.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.paths import PACKAGE_ROOT
from evals.ui_timing import stop_server as stop
from evals.ui_timing import wait_healthy

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PACKAGE_ROOT / "artifacts"
SCREENSHOT = ARTIFACTS / "screenshots" / "two_turn_conversation.png"
TIMING = ARTIFACTS / "browser_timing.json"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT_S = 120
ANSWER_TIMEOUT_MS = 90_000
QUESTION = "What is osimertinib?"
ASSISTANT = '[data-testid="stChatMessage"]:has([aria-label="Chat message from assistant"])'
USER = '[data-testid="stChatMessage"]:has([aria-label="Chat message from user"])'

pytestmark = [
    pytest.mark.slow,  # a served chat in Chromium
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium (.ci/run installs it)"
    ),
]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    try:
        wait_healthy(url, server, timeout_s=START_TIMEOUT_S)
    except RuntimeError as exc:
        pytest.fail(f"{exc}:\n{log.read_text()[-3000:]}")


@pytest.fixture()
def served_app(index_copy: Path, tmp_path: Path) -> Iterator[tuple[str, float]]:
    """The app served on a free loopback port over a copy of the test index; yields its URL and ready time."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "streamlit.log"
    env = {**os.environ, "LUNG_CHAT_DATA_DIR": str(index_copy), "OTEL_SDK_DISABLED": "true"}
    # `lung-chat ui` warms the chatbot up, then runs `streamlit run` on the app in the same process.
    command = [sys.executable, "-m", "cli.main", "ui", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=PACKAGE_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait_healthy(url, server, log)
            yield url, time.monotonic()
        finally:
            stop(server)


def _save_screenshot(page: Any) -> None:
    """The whole conversation in one picture: the window grows until nothing needs scrolling."""
    tallest = "() => Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))"
    for _ in range(3):
        needed = int(page.evaluate(tallest)) + 300  # room for the chat box pinned at the bottom
        if needed <= page.viewport_size["height"]:
            break
        page.set_viewport_size({"width": 1280, "height": min(needed, 9000)})
        page.wait_for_timeout(500)
    page.evaluate("() => document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })")
    page.wait_for_timeout(300)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_two_turn_conversation_in_chromium(served_app: tuple[str, float], tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, healthy_at = served_app
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 1000},
        )
        try:
            page = context.new_page()
            opened_at = time.monotonic()
            page.goto(url)
            chat_box = page.get_by_test_id("stChatInputTextArea")
            expect(chat_box).to_be_editable(timeout=ANSWER_TIMEOUT_MS)
            page_ready_at = time.monotonic()

            chat_box.fill(QUESTION)
            chat_box.press("Enter")
            replies = page.locator(ASSISTANT)
            expect(replies).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
            first = replies.nth(0)
            expect(first).to_contain_text("not medical advice", timeout=ANSWER_TIMEOUT_MS)
            expect(first).to_contain_text("EGFR")
            first_answer_at = time.monotonic()
            expect(first.get_by_text("Sources", exact=True)).to_be_visible(timeout=ANSWER_TIMEOUT_MS)

            followup = first.get_by_role("button").filter(has_text="?").first
            expect(followup).to_be_visible()
            followup_text = followup.inner_text().strip()
            followup.focus()
            page.keyboard.press("Enter")  # the suggestions work from the keyboard
            expect(replies).to_have_count(2, timeout=ANSWER_TIMEOUT_MS)
            second = replies.nth(1)
            expect(second).to_contain_text("not medical advice", timeout=ANSWER_TIMEOUT_MS)
            second_answer_at = time.monotonic()
            questions = page.locator(USER)
            expect(questions).to_have_count(2)
            expect(questions.nth(1)).to_contain_text(followup_text)

            # The sources of the second answer: the first citation opens its passage.
            expect(second.get_by_text("Sources", exact=True)).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
            citation = second.get_by_test_id("stExpander").filter(has_text="[1]").first
            _open(page, citation, citation.get_by_text("Source guideline"))
            expect(citation.get_by_text("Reviewed")).to_be_visible()
            # The notice at the top of the page.
            notice = page.get_by_test_id("stAlert").filter(has_text="not medical advice")
            expect(notice).to_be_visible()
            expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=ANSWER_TIMEOUT_MS)

            _save_screenshot(page)

            # A second tab is a second session: it starts empty, and the first keeps its conversation.
            other = context.new_page()
            other.goto(url)
            expect(other.get_by_test_id("stChatInputTextArea")).to_be_editable(timeout=ANSWER_TIMEOUT_MS)
            expect(other.get_by_text("Ask anything about lung cancer")).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
            expect(other.locator(ASSISTANT)).to_have_count(0)
            expect(other.locator(USER)).to_have_count(0)
            expect(replies).to_have_count(2)
        finally:
            context.close()

    timing = {
        "health_to_browser_open_s": round(opened_at - healthy_at, 2),
        "browser_open_to_page_ready_s": round(page_ready_at - opened_at, 2),
        "page_ready_to_first_answer_s": round(first_answer_at - page_ready_at, 2),
        "health_to_first_answer_s": round(first_answer_at - healthy_at, 2),
        "followup_click_to_second_answer_s": round(second_answer_at - first_answer_at, 2),
        "question": QUESTION,
        "followup": followup_text,
    }
    TIMING.parent.mkdir(parents=True, exist_ok=True)
    TIMING.write_text(json.dumps(timing, indent=2) + "\n", encoding="utf-8")
    assert SCREENSHOT.stat().st_size > 10_000


LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


def _contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours."""

    def luminance(css: str) -> float:
        r, g, b = (int(float(v)) for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3])

        def channel(c: int) -> float:
            s = c / 255
            return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _in_view(page: Any, locator: Any) -> bool:
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"] - 100


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_help_in_view_memory_and_no_request_leaves_the_machine(
    served_app: tuple[str, float], tmp_path: Path, index_copy: Path, width: int, height: int
) -> None:
    from urllib.parse import urlsplit

    from playwright.sync_api import expect, sync_playwright

    url, _ = served_app
    requested: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            context.on("request", lambda request: requested.append(request.url))
            context.on("websocket", lambda socket: requested.append(socket.url))
            page = context.new_page()
            page.goto(url)
            chat_box = page.get_by_test_id("stChatInputTextArea")
            expect(chat_box).to_be_editable(timeout=ANSWER_TIMEOUT_MS)
            # The start: title and notice in view, role and details in the main view, the sidebar closed on a phone.
            title = page.get_by_role("heading", name="Lung cancer information chat", level=1)
            expect(title).to_be_visible()
            expect(page.locator(".stMain").get_by_text("a caregiver")).to_be_visible()
            expect(page.locator(".stMain").get_by_text("My details (optional)")).to_be_visible()
            if width < 500:
                expect(page.get_by_test_id("stSidebarContent")).not_to_be_in_viewport()
            subtitle = page.get_by_text("Plain-language answers from a reviewed knowledge base")
            colours = subtitle.evaluate(
                "e => [getComputedStyle(e).color, getComputedStyle(document.querySelector('.stApp')).backgroundColor]"
            )
            assert _contrast(*colours) >= 4.5, colours

            # An answer scrolls to its first line; its citations and reading tips are links.
            chat_box.fill(QUESTION)
            chat_box.press("Enter")
            replies = page.locator(ASSISTANT)
            expect(replies).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
            expect(replies.nth(0)).to_contain_text("not medical advice", timeout=ANSWER_TIMEOUT_MS)
            page.wait_for_timeout(2500)
            assert _in_view(page, replies.nth(0)), "the answer's first line is in view"
            answer = replies.nth(0)
            marker = answer.locator('a[href^="#source-"]').first
            target = marker.get_attribute("href") or ""
            assert page.locator(target).count() == 1, "a citation leads to its source"
            expect(answer.get_by_role("heading", name="Questions to ask your care team")).to_be_visible()
            expect(answer.get_by_role("link", name="National Cancer Institute (cancer.gov)").first).to_be_visible()
            assert "c=" in page.url, "the address names the conversation"

            # An emergency asked while scrolled up lands in view, under a banner with tap-to-call links.
            page.evaluate("() => document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })")
            chat_box.fill("I am coughing up a lot of blood right now")
            chat_box.press("Enter")
            expect(replies).to_have_count(2, timeout=ANSWER_TIMEOUT_MS)
            expect(replies.nth(1)).to_contain_text("emergency", timeout=ANSWER_TIMEOUT_MS)
            page.wait_for_timeout(2500)
            assert _in_view(page, replies.nth(1).get_by_test_id("stAlert")), "the emergency reply is in view"
            banner = page.locator(".help-banner")
            expect(banner).to_be_in_viewport()
            calls = [banner.locator(f'a[href="tel:{n}"]') for n in ("911", "988")]
            for call in calls:
                expect(call).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "screenshots" / f"emergency_{width}x{height}.png"))

            # A reload keeps the conversation (and the banner can be dismissed).
            page.reload()
            expect(page.get_by_test_id("stChatInputTextArea")).to_be_editable(timeout=ANSWER_TIMEOUT_MS)
            expect(page.locator(ASSISTANT)).to_have_count(2, timeout=ANSWER_TIMEOUT_MS)
            expect(page.locator(USER).nth(0)).to_contain_text(QUESTION)
            page.screenshot(path=str(ARTIFACTS / "screenshots" / f"reloaded_{width}x{height}.png"))
        finally:
            browser.close()
    outside = sorted({urlsplit(u).hostname or u for u in requested if not u.startswith(("data:", "blob:"))})
    assert requested and set(outside) <= {h.strip("[]") for h in LOOPBACK}, outside


AXE_DIR = PACKAGE_ROOT / "tests"
AXE_SCRIPT = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
CAREGIVER_LEAD = "For you as a caregiver"
# Each violation as one line a person can act on: rule, impact, where, and axe's own summary.
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact,
    nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\\s+/g, ' ')),
  }));
}"""


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core as pinned in tests/package-lock.json; installed with `npm ci` when missing (make test does it too)."""
    if not AXE_SCRIPT.exists():
        try:
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=AXE_DIR, check=True, timeout=300)
        except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            pytest.fail(f"axe-core is not installed and `npm ci` in tests/ failed ({exc}); install Node.js and npm")
    return AXE_SCRIPT.read_text(encoding="utf-8")


def _settled(page: Any) -> None:
    """Wait until Streamlit is idle: no script running, no element faded as stale (which axe would read as grey)."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=ANSWER_TIMEOUT_MS)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=ANSWER_TIMEOUT_MS)
    page.wait_for_timeout(800)  # fades and the scroll to a new answer end


def _axe(
    page: Any, source: str, state: str, size: str, found: dict[str, list[str]], blocking: dict[str, list[str]]
) -> None:
    """Run axe-core on the page as it is; note every violation and save a screenshot of the state."""
    _settled(page)
    page.evaluate(source)
    violations = page.evaluate(AXE_RUN)
    found[state] = [f"{v['id']} ({v['impact']}): {node}" for v in violations for node in v["nodes"]]
    blocking[state] = [f"{v['id']}: {node}" for v in violations if v["impact"] in BLOCKING for node in v["nodes"]]
    page.screenshot(path=str(ARTIFACTS / "screenshots" / f"axe_{state}_{size}.png"))


def _open(page: Any, panel: Any, inside: Any) -> None:
    """Open an expander and see what it holds. A rerun still finishing when it was clicked can draw it
    closed again, so once the app is idle it is clicked again."""
    from playwright.sync_api import expect

    for attempt in range(3):
        _settled(page)
        panel.locator("summary").click()
        try:
            expect(inside).to_be_visible(timeout=5_000)
            return
        except AssertionError:
            if attempt == 2:
                raise


def _ask(page: Any, question: str, count: int) -> Any:
    from playwright.sync_api import expect

    chat_box = page.get_by_test_id("stChatInputTextArea")
    chat_box.fill(question)
    chat_box.press("Enter")
    replies = page.locator(ASSISTANT)
    expect(replies).to_have_count(count, timeout=ANSWER_TIMEOUT_MS)
    reply = replies.nth(count - 1)
    expect(reply).to_contain_text("not medical advice", timeout=ANSWER_TIMEOUT_MS)
    return reply


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_accessible_states_and_the_latest_role_wins(
    served_app: tuple[str, float], axe_source: str, width: int, height: int
) -> None:
    """axe-core finds nothing serious or critical on the first page, after answers and with every panel open;
    moving the role switch back to "patient" stops the caregiver wording from the next reply."""
    from playwright.sync_api import expect, sync_playwright

    url, _ = served_app
    size = f"{width}x{height}"
    found: dict[str, list[str]] = {}
    blocking: dict[str, list[str]] = {}
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": width, "height": height}).new_page()
            page.goto(url)
            expect(page.get_by_test_id("stChatInputTextArea")).to_be_editable(timeout=ANSWER_TIMEOUT_MS)
            main = page.locator(".stMain")
            expect(main.get_by_text("You could start with")).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
            _axe(page, axe_source, "first", size, found, blocking)

            # As a caregiver who names their dad: addressed as a caregiver.
            main.get_by_text("a caregiver").click()
            _settled(page)
            first = _ask(page, "My dad has lung cancer. What are the side effects of chemotherapy?", 1)
            expect(first).to_contain_text(CAREGIVER_LEAD)
            expect(first).to_contain_text("your dad's care team")
            _axe(page, axe_source, "answer", size, found, blocking)

            # The switch moved back to patient: the next reply speaks to the patient.
            main.get_by_text("a patient").click()
            _settled(page)
            second = _ask(page, "What are the side effects of immunotherapy?", 2)
            expect(second).not_to_contain_text(CAREGIVER_LEAD)
            expect(second).not_to_contain_text("your dad's")
            expect(second).to_contain_text("Questions to ask your care team")

            # Panels open, each in view (axe judges the colours of what is on screen): my details, the report upload.
            details = main.get_by_test_id("stExpander").filter(has_text="My details (optional)")
            _open(page, details, details.get_by_text("Stage", exact=True))
            details.scroll_into_view_if_needed()
            _axe(page, axe_source, "details", size, found, blocking)
            report = main.get_by_test_id("stExpander").filter(has_text="Upload a report")
            _open(page, report, report.get_by_text("Pathology or biomarker report (text or PDF)"))
            report.scroll_into_view_if_needed()
            _axe(page, axe_source, "report", size, found, blocking)

            # The sidebar (opened on a phone, where it starts closed), with the delete confirmation showing.
            sidebar = page.get_by_test_id("stSidebarContent")
            if width < 500:
                page.get_by_test_id("stExpandSidebarButton").click()
            expect(sidebar).to_be_in_viewport()
            sidebar.get_by_role("button", name="Delete this conversation").click()
            expect(sidebar.get_by_text("It cannot be undone")).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
            _axe(page, axe_source, "sidebar", size, found, blocking)
        finally:
            browser.close()
    (ARTIFACTS / f"axe_{size}.json").write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    assert not any(blocking.values()), json.dumps(blocking, indent=2)
