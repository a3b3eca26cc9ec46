"""The web chat through Streamlit's AppTest: every interaction a person has with it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

import chatbot.api
from chatbot.feedback import read_feedback
from core.paths import PACKAGE_ROOT
from evals.ui_timing import stop_server as stop
from tests.pdf_builder import text_pdf

APP = str(PACKAGE_ROOT / "ui" / "app.py")
REPORT = (
    "Diagnosis: invasive adenocarcinoma of the lung.\n"
    "Stage IV.\n"
    "EGFR: exon 19 deletion detected\n"
    "ALK: negative\n"
    "PD-L1 (22C3) TPS: 80%\n"
)


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    return at


def _ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception
    return at


def _messages(at: AppTest, name: str) -> list[Block]:
    return [m for m in at.chat_message if m.name == name]


def _text(block: Block) -> str:
    return " ".join(str(getattr(node, "value", "")) for node in block)


def _button(at: AppTest, label: str) -> Any:
    return next(b for b in at.button if b.label == label)


@pytest.fixture()
def asked_profiles(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The profile every question reaches the chatbot with."""
    seen: list[Any] = []
    original = chatbot.api.Chatbot.stream

    def spy(self: chatbot.api.Chatbot, text: Any, thread_id: Any = None, profile: Any = None) -> Iterator[Any]:
        seen.append(profile)
        return original(self, text, thread_id, profile)

    monkeypatch.setattr(chatbot.api.Chatbot, "stream", spy)
    return seen


def test_ask_shows_answer_notice_sources_and_followups(bot) -> None:  # type: ignore[no-untyped-def]
    at = _app()
    assert any("not medical advice" in i.value for i in at.info)
    _ask(at, "What is osimertinib?")
    [answer] = _messages(at, "assistant")
    text = _text(answer)
    assert "EGFR" in text and "not medical advice" in text
    sources = [e for e in answer.expander if e.label.startswith("[1] ")]
    assert sources, "the first citation opens as its own panel"
    passage = _text(sources[0])
    assert "Source guideline" in passage and "Reviewed" in passage
    cited = at.session_state.turns[0].reply.sources[0]
    assert cited.snippet.strip()[:60] in passage  # the cited passage itself
    followups = [b for b in answer.button if "?" in b.label]
    assert 2 <= len(followups) <= 4


def test_clicking_a_followup_asks_it(bot) -> None:  # type: ignore[no-untyped-def]
    at = _ask(_app(), "What is osimertinib?")
    followup = next(b for b in at.button if b.label.endswith("?"))
    label = followup.label
    followup.click().run()
    assert not at.exception
    questions = [m.text[0].value for m in _messages(at, "user")]
    assert questions == ["What is osimertinib?", label]
    second = _messages(at, "assistant")[1]
    assert "not medical advice" in _text(second) and second.expander
    assert not any(b.label == label for b in at.button), "suggestions of an earlier answer are gone"


@pytest.mark.parametrize(
    ("question", "alert_says"),
    [("I am coughing up a lot of blood right now", "emergency"), ("I want to end my life", "988")],
    ids=["red-flag-symptom", "self-harm"],
)
def test_emergency_alert_is_at_the_top_of_the_reply(bot, question: str, alert_says: str) -> None:  # type: ignore[no-untyped-def]
    at = _ask(_app(), question)
    for _ in range(2):  # as it streams in, and when the page is drawn again from the stored turns
        reply = _messages(at, "assistant")[0]
        first = next(node for node in reply if not isinstance(node, Block) and node.type != "empty")
        assert first.type == "error" and alert_says in first.value.lower()
        at.run()


def test_user_text_is_shown_as_typed_never_as_markup(bot) -> None:  # type: ignore[no-untyped-def]
    question = "<b>bold</b> **stars** [link](http://example.org) what is osimertinib?"
    at = _ask(_app(), question)
    [asked] = _messages(at, "user")
    assert len(asked.text) == 1 and asked.text[0].value == question
    assert not asked.markdown


def test_profile_reaches_the_chatbot(bot, asked_profiles) -> None:  # type: ignore[no-untyped-def]
    at = _app()
    at.radio(key="role").set_value("caregiver")
    at.selectbox(key="profile_histology").set_value("nsclc")
    at.selectbox(key="profile_stage").set_value("IV")
    at.multiselect(key="profile_biomarkers").set_value(["EGFR"])
    at.number_input(key="profile_pdl1").set_value(60)
    at.run()
    assert any("stage IV" in c.value and "EGFR" in c.value for c in at.caption)
    _ask(at, "What treatments are there?")
    profile = asked_profiles[-1]
    assert (profile.role, profile.histology, profile.stage) == ("caregiver", "nsclc", "IV")
    assert profile.biomarkers == ["EGFR"] and profile.pdl1_tps == 60


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("report.txt", REPORT.encode(), "text/plain"),
        ("report.pdf", text_pdf(REPORT.splitlines()), "application/pdf"),
    ],
    ids=["text", "pdf"],
)
def test_uploaded_report_is_shown_then_used_once_confirmed(bot, asked_profiles, name, data, mime) -> None:  # type: ignore[no-untyped-def]
    at = _app()
    at.file_uploader[0].set_value((name, data, mime)).run()
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown)
    assert "EGFR" in shown and "exon 19 deletion" in shown and "ALK" in shown and "80%" in shown
    assert at.selectbox(key="profile_histology").value is None, "nothing is used before confirmation"
    _button(at, "Use these details").click().run()
    assert at.selectbox(key="profile_histology").value == "nsclc"
    assert at.selectbox(key="profile_stage").value == "IV"
    assert at.multiselect(key="profile_biomarkers").value == ["EGFR"]
    assert at.number_input(key="profile_pdl1").value == 80
    assert any("now in your profile" in s.value for s in at.success)
    _ask(at, "Which treatments target EGFR?")
    assert asked_profiles[-1].biomarkers == ["EGFR"] and asked_profiles[-1].stage == "IV"


def test_unreadable_upload_explains_why(bot) -> None:  # type: ignore[no-untyped-def]
    at = _app()
    at.file_uploader[0].set_value(("scan.pdf", text_pdf([]), "application/pdf")).run()
    assert at.error and "scanned image" in at.error[0].value


def test_new_conversation_starts_empty_and_keeps_the_old_one(bot) -> None:  # type: ignore[no-untyped-def]
    at = _ask(_app(), "What is osimertinib?")
    old_thread = at.session_state.thread_id
    _button(at, "New conversation").click().run()
    assert not at.chat_message
    assert at.session_state.thread_id != old_thread
    assert len(bot.history(old_thread)) == 2


def test_delete_removes_the_conversation_from_storage(bot) -> None:  # type: ignore[no-untyped-def]
    at = _ask(_app(), "What is osimertinib?")
    thread = at.session_state.thread_id
    assert bot.history(thread)
    _button(at, "Delete this conversation").click().run()
    assert any("cannot be undone" in w.value for w in at.sidebar.warning)
    assert bot.history(thread), "nothing is deleted before it is confirmed"
    _button(at, "Yes, delete it").click().run()
    assert bot.history(thread) == []
    assert not at.chat_message
    assert any("deleted" in s.value for s in at.success)


class _RecordingStorage(MemoryMediaFileStorage):
    """The files the app hands to the browser, kept so the test can read a download."""

    files: dict[str, bytes] = {}

    def load_and_get_id(self, path_or_data: Any, mimetype: str, kind: Any, filename: str | None = None) -> str:
        file_id = super().load_and_get_id(path_or_data, mimetype, kind, filename)
        if filename and isinstance(path_or_data, bytes):
            _RecordingStorage.files[filename] = path_or_data
        return file_id


def test_download_gives_a_redacted_markdown_transcript(bot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("streamlit.testing.v1.app_test.MemoryMediaFileStorage", _RecordingStorage)
    _RecordingStorage.files.clear()
    at = _app()
    assert at.get("download_button")[0].proto.disabled, "nothing to download before the first question"
    _ask(at, "My name is Maria Lopez and my email is maria@example.org. What is osimertinib?")
    assert not at.get("download_button")[0].proto.disabled
    transcript = _RecordingStorage.files["lung-chat-transcript.md"].decode()
    assert "What is osimertinib?" in transcript and "EGFR" in transcript and "not medical advice" in transcript
    assert "Maria Lopez" not in transcript and "maria@example.org" not in transcript


def test_feedback_is_saved_for_the_evals(bot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    at = _ask(_app(), "What is osimertinib?")
    thread = at.session_state.thread_id
    answer = _messages(at, "assistant")[0]
    answer.button_group[0].set_value("-1")
    answer.text_input[0].set_value("Too technical for me")
    _button(at, "Send feedback").click().run()
    assert not at.exception
    records = [r for r in read_feedback(data_dir / "feedback.jsonl") if r["thread_id"] == thread]
    assert len(records) == 1
    record = records[0]
    assert record["rating"] == -1 and record["comment"] == "Too technical for me"
    assert record["question"] == "What is osimertinib?" and record["intent"] == "treatment"
    assert record["sources"] and all(isinstance(s, str) for s in record["sources"])
    assert any("feedback was saved" in c.value for c in _messages(at, "assistant")[0].success)
    at.run()
    answer = _messages(at, "assistant")[0]
    assert any("feedback was saved" in c.value for c in answer.caption) and not answer.button_group


def test_two_sessions_never_see_each_other(bot) -> None:  # type: ignore[no-untyped-def]
    first, second = _app(), _app()
    _ask(first, "What is osimertinib?")
    _ask(second, "What is radon and why does it matter?")
    first.run()
    assert first.session_state.thread_id != second.session_state.thread_id
    assert [m.text[0].value for m in _messages(first, "user")] == ["What is osimertinib?"]
    assert [m.text[0].value for m in _messages(second, "user")] == ["What is radon and why does it matter?"]
    assert "radon" not in _text(_messages(first, "assistant")[0]).lower()
    assert len(bot.history(first.session_state.thread_id)) == 2
    assert len(bot.history(second.session_state.thread_id)) == 2


def _listening_addresses(port: int) -> set[str]:
    """Local IPv4/IPv6 addresses with a socket listening on the port, from the kernel's tables."""
    found: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.add(address)
    return found


def test_server_listens_on_this_machine_only_by_default(tmp_path: Path) -> None:
    """`streamlit run ui/app.py` with no address given, from any folder, is not reachable from the network."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-m", "streamlit", "run", APP, "--server.port", str(port)]
    env = {**os.environ, "LUNG_CHAT_DATA_DIR": str(tmp_path / "data"), "OTEL_SDK_DISABLED": "true"}
    server = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.25)
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1 only
    finally:
        stop(server)


def test_a_reload_reopens_the_conversation_with_its_details_and_lists_it(bot) -> None:  # type: ignore[no-untyped-def]
    at = _app()
    at.radio(key="role").set_value("caregiver")
    at.selectbox(key="profile_stage").set_value("IV").run()
    _ask(at, "What is osimertinib?")
    thread = at.session_state.thread_id
    assert at.query_params["c"] in (thread, [thread]), "the address names the conversation"
    reloaded = AppTest.from_file(APP, default_timeout=120)
    reloaded.query_params["c"] = thread
    reloaded.run()
    assert [m.text[0].value for m in _messages(reloaded, "user")] == ["What is osimertinib?"]
    answer = _messages(reloaded, "assistant")[0]
    assert "EGFR" in _text(answer) and any(e.label.startswith("[1] ") for e in answer.expander)
    assert reloaded.radio(key="role").value == "caregiver" and reloaded.selectbox(key="profile_stage").value == "IV"
    assert any(b.label == "What is osimertinib?" for b in reloaded.sidebar.button), "listed as a past conversation"


def test_starter_questions_fit_who_is_asking(bot) -> None:  # type: ignore[no-untyped-def]
    at = _app()
    patient = [b.label for b in at.main.button if b.key and b.key.startswith("starter-")]
    at.radio(key="role").set_value("caregiver").run()
    caregiver = [b.label for b in at.main.button if b.key and b.key.startswith("starter-")]
    assert patient and caregiver and set(patient).isdisjoint(caregiver)
    next(b for b in at.main.button if b.label == caregiver[0]).click().run()
    assert [m.text[0].value for m in _messages(at, "user")] == [caregiver[0]]


def test_delete_clears_the_details_on_screen_and_delete_everything_empties_the_list(bot) -> None:  # type: ignore[no-untyped-def]
    at = _app()
    at.selectbox(key="profile_stage").set_value("IIIA").run()
    _ask(at, "What is osimertinib?")
    _button(at, "Delete this conversation").click().run()
    _button(at, "Yes, delete it").click().run()
    assert at.selectbox(key="profile_stage").value is None and at.radio(key="role").value == "patient"
    _ask(at, "What is radon?")
    _button(at, "Delete everything").click().run()
    assert any("every conversation" in w.value for w in at.sidebar.warning)
    _button(at, "Yes, delete it").click().run()
    assert bot.conversations() == [] and not at.chat_message
    assert any("Everything you told" in s.value for s in at.success)


def test_a_second_upload_keeps_what_was_found_in_view(bot) -> None:  # type: ignore[no-untyped-def]
    at = _app()
    at.file_uploader[0].set_value(("report.txt", REPORT.encode(), "text/plain")).run()
    _button(at, "Use these details").click().run()
    at.file_uploader[0].set_value(("second.txt", REPORT.replace("80%", "55%").encode(), "text/plain")).run()
    panel = next(e for e in at.expander if e.label == "Upload a report")
    assert panel.proto.expanded, "the panel stays open on the second report"
    assert any("Found in your report" in m.value and "55%" in m.value for m in panel.markdown)


def test_transcript_lists_the_sources_of_each_answer(bot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("streamlit.testing.v1.app_test.MemoryMediaFileStorage", _RecordingStorage)
    _RecordingStorage.files.clear()
    at = _ask(_app(), "<img src=x onerror=alert(1)> What is osimertinib?")
    transcript = _RecordingStorage.files["lung-chat-transcript.md"].decode()
    first = at.session_state.turns[0].reply.sources[0]
    assert "**Sources**" in transcript and f"1. {first.title}" in transcript
    assert "<img" not in transcript


def test_answer_sections_are_headings_and_citations_are_links(bot) -> None:  # type: ignore[no-untyped-def]
    at = _ask(_app(), "What is osimertinib?")
    shown = " ".join(m.value for m in _messages(at, "assistant")[0].markdown)
    assert "### Questions to ask your care team" in shown
    assert "](#source-" in shown and "**Questions to ask" not in shown
    assert "[National Cancer Institute (cancer.gov)](https://cancer.gov)" in shown
