"""Personal details never reach storage: the checkpoint database, the turn log, feedback and transcripts.

Details in many formats are planted through the public API over several threads and turns; then the
raw bytes of every file the product wrote are searched. The rail's formats are tested on their own too,
with the clinical words an answer needs, which must stay.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rails.pii import redact

ROOT = Path(__file__).resolve().parent.parent

# (thread, message, the personal details in it). Every detail must be absent from storage.
PLANTED: list[tuple[str, str, list[str]]] = [
    (
        "a",
        "Hi, my name is Margaret Okafor-Lindqvist, born 14/02/1956. What is osimertinib?",
        ["Margaret", "Okafor", "Lindqvist", "14/02/1956"],
    ),
    (
        "a",
        "You can reach me at 617-555-0143 or margaret.okafor@example.org. What are its side effects?",
        ["617-555-0143", "margaret.okafor@example.org"],
    ),
    (
        "a",
        "My MRN is 88231945 and I live at 1742 Wisteria Lane, Apt 5B. What does stage IV EGFR mean?",
        ["88231945", "1742 Wisteria Lane", "Wisteria"],
    ),
    ("a", "DOB: March 3, 1956. my oncologist dr vasquez said I might need SBRT", ["March 3, 1956", "vasquez"]),
    (
        "b",
        "my dad mcallister has stage 3 lung cancer and was born on 1949-07-22. What is immunotherapy?",
        ["mcallister", "1949-07-22"],
    ),
    (
        "b",
        "His phone is (212) 555-0187 and his email is j.mcallister49@mailbox.example.com",
        ["(212) 555-0187", "mcallister49@"],
    ),
    (
        "b",
        "My name is Priyanka Raghunathan, my mobile is +44 7700 900461, we live at 22 Baker Street, London NW1 6XE",
        ["Priyanka", "Raghunathan", "+44 7700 900461", "22 Baker Street", "NW1 6XE"],
    ),
    ("b", "my husband bartholomew keeps coughing, what is a bronchoscopy?", ["bartholomew"]),
    (
        "c",
        "I'm Tobias Wexler-Grunwald, SSN 219-09-9999, date of birth 5th of November 1962. What is radon?",
        ["Tobias", "Wexler", "Grunwald", "219-09-9999", "5th of November 1962"],
    ),
    (
        "c",
        "call me on 555.867.5309 or tobias_wexler@example.net; my wife Ingrid Thorsdottir wants to know about screening",
        ["555.867.5309", "tobias_wexler@example.net", "Ingrid", "Thorsdottir"],
    ),
    ("c", "patient id: ZX-4471902, hospital number 7781-2290. How is lung cancer staged?", ["4471902", "7781-2290"]),
    (
        "c",
        "We moved to 908 Juniper Hollow Road; my sister oluwaseun says quitting smoking is hard",
        ["908 Juniper Hollow Road", "Juniper", "oluwaseun"],
    ),
    (
        "d",
        "my mom eleanora (dob 02.09.1951) is on carboplatin, what side effects should we expect?",
        ["eleanora", "02.09.1951"],
    ),
    (
        "d",
        "text my son on 07911 123456 or email dara.obrien@example.co.uk",
        ["07911 123456", "dara.obrien@example.co.uk"],
    ),
    ("d", "Nurse Okonkwo gave me the record number: 55201877. What is a port?", ["Okonkwo", "55201877"]),
    (
        "d",
        "my grandfather Horatio Blumenthal born 12/30/1938, home phone 1-800-555-0199, lives at 55 Elm Court",
        ["Horatio", "Blumenthal", "12/30/1938", "1-800-555-0199", "55 Elm Court"],
    ),
    (
        "e",
        "Hello, this is Genevieve Abernathy, email gen.abernathy@example.com, phone 312 555 0123. What is chemotherapy?",
        ["Genevieve", "Abernathy", "gen.abernathy@example.com", "312 555 0123"],
    ),
    (
        "e",
        "I was born 1960-01-15, medical record number XK99812345, address 4 Quarry Hill Drive. What is a biopsy?",
        ["1960-01-15", "99812345", "4 Quarry Hill Drive", "Quarry"],
    ),
    (
        "e",
        "my brother fenwick and my daughter Saoirse Dunphy both want to help, what can caregivers do?",
        ["fenwick", "Saoirse", "Dunphy"],
    ),
    (
        "e",
        "my birthday is 21 June 1970 and my cell is 415-555-2671. Is radiation painful?",
        ["21 June 1970", "415-555-2671"],
    ),
]
FEEDBACK_COMMENT = "Thanks! Ruairi Dunleavy, ruairi.d@example.org, 646-555-0190"
FEEDBACK_DETAILS = ["Ruairi", "Dunleavy", "ruairi.d@example.org", "646-555-0190"]
# What the answers need stays in the stored question.
CLINICAL = ["osimertinib", "stage IV EGFR", "SBRT", "carboplatin", "immunotherapy", "bronchoscopy", "radon"]


def _details() -> list[str]:
    return [d for _, _, found in PLANTED for d in found] + FEEDBACK_DETAILS


def _found_in(data: bytes, details: list[str]) -> list[str]:
    lowered = data.lower()
    return [d for d in details if d.lower().encode() in lowered]


def test_at_least_fifty_details_are_planted() -> None:
    assert len(_details()) >= 50
    assert len({t for t, _, _ in PLANTED}) >= 4


def test_no_personal_detail_reaches_any_stored_byte(bot, data_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from chatbot import Chatbot
    from chatbot.feedback import read_feedback, record_feedback
    from chatbot.transcript import transcript_markdown
    from core.settings import Settings

    settings = Settings(
        data_dir=data_dir, conversations_path=tmp_path / "conversations.sqlite", log_file=tmp_path / "turns.log"
    )
    chat = Chatbot(settings)
    threads: dict[str, str] = {}
    replies = []
    for thread, message, _ in PLANTED:
        thread_id = threads.setdefault(thread, f"pii-storage-{thread}-{time.time_ns()}")
        profile = {"role": "caregiver"} if thread in ("b", "d") else {"role": "patient"}
        replies.append(chat.ask(message, thread_id=thread_id, profile=profile))
    assert all("not medical advice" in r.answer.lower() for r in replies)
    assert sum("pii_redacted" in r.safety.flags for r in replies) >= len(PLANTED) - 1
    # The questions are still answered from the knowledge base, from their redacted form.
    assert sum(bool(r.sources) for r in replies) >= len(PLANTED) // 3

    first = replies[0]
    feedback_file = tmp_path / "feedback.jsonl"
    record_feedback(
        thread_id=first.thread_id,
        question=PLANTED[0][1],
        answer=first.answer,
        intent=first.intent,
        sources=[s.id for s in first.sources],
        rating=1,
        comment=FEEDBACK_COMMENT,
        path=feedback_file,
    )
    transcripts = []
    for thread_id in threads.values():
        path = tmp_path / f"{thread_id}.md"
        path.write_text(transcript_markdown(chat.history(thread_id)), encoding="utf-8")
        transcripts.append(path)

    stored = [p for p in tmp_path.iterdir() if p.name.startswith("conversations.sqlite")]
    assert stored and any(p.stat().st_size for p in stored)
    files = [*stored, settings.log_path, feedback_file, *transcripts]
    leaks = {p.name: _found_in(p.read_bytes(), _details()) for p in files}
    assert {name: found for name, found in leaks.items() if found} == {}

    # What was stored is the redacted message, with its medical content whole.
    history = " ".join(t["content"] for tid in threads.values() for t in chat.history(tid) if t["role"] == "user")
    assert all(word.lower() in history.lower() for word in CLINICAL)
    assert "[NAME]" in history and "[PHONE]" in history and "[EMAIL]" in history and "[DATE]" in history
    assert read_feedback(feedback_file)[0]["comment"].count("[") >= 3


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("My name is John Smith, what is osimertinib?", "John Smith"),
        ("my name is rosalind and I have stage II", "rosalind"),
        ("my dad mcallister has lung cancer", "mcallister"),
        ("my wife, Beatrix, is on chemo", "Beatrix"),
        ("nurse okonkwo told us to wait", "okonkwo"),
        ("Dr. Nakamura-Hayes said it is adenocarcinoma", "Nakamura"),
        ("I'm caring for Walter Brennan, 81", "Walter Brennan"),
        ("call 555-123-4567", "555-123-4567"),
        ("call (555) 123-4567", "123-4567"),
        ("my number is 555.123.4567", "555.123.4567"),
        ("ring me on +1 555 123 4567", "555 123 4567"),
        ("mobile 07700 900123", "07700 900123"),
        ("phone +44 20 7946 0958", "7946 0958"),
        ("5551234567 is my cell", "5551234567"),
        ("email jo.smith+care@example.co.uk", "jo.smith+care@example.co.uk"),
        ("write to JO_SMITH@EXAMPLE.COM", "JO_SMITH@EXAMPLE.COM"),
        ("born on 03/04/1951", "03/04/1951"),
        ("DOB 1951-04-03", "1951-04-03"),
        ("date of birth: 3 April 1951", "3 April 1951"),
        ("born April 3rd, 1951", "April 3rd, 1951"),
        ("he was born in 1951 and is 72", "1951"),
        ("my birthday is June 5th", "June 5th"),
        ("the scan was on 12.03.2024", "12.03.2024"),
        ("I live at 42 Elm Street", "42 Elm Street"),
        ("send it to 1600 pennsylvania avenue", "1600 pennsylvania avenue"),
        ("P.O. Box 1234", "1234"),
        ("MRN 448812", "448812"),
        ("my medical record number is A1234567", "A1234567"),
        ("patient id: ZX-4471902", "4471902"),
        ("SSN 078-05-1120", "078-05-1120"),
        ("you can reach us, 555-0142, after six", "555-0142"),
        ("the clinic gave me 867.5309 for questions", "867.5309"),
        ("born 03-Feb-1957", "03-Feb-1957"),
        ("dob 3/feb/57, stage IV", "3/feb/57"),
        ("his appointment card says Feb-03-2024", "Feb-03-2024"),
    ],
)
def test_the_rail_redacts_each_format(text: str, secret: str) -> None:
    stored, changed = redact(text)
    assert changed and secret.lower() not in stored.lower(), stored


@pytest.mark.parametrize(
    "text",
    [
        "What is osimertinib?",
        "Is Tagrisso better than Alecensa for ALK?",
        "my dad has stage IV EGFR lung cancer, he is 72 years old",
        "What does a Pancoast tumor with Horner syndrome mean?",
        "ECOG 1, T2N1M0, PD-L1 80%",
        "carboplatin AUC 5 and pemetrexed 500 mg/m2 every 21 days",
        "Keytruda with chemo since January 2024",
        "How many people get lung cancer each year?",
        "my husband smokes and my mom coughs a lot",
        "What is SBRT for stage IIIA NSCLC?",
        "birth control during chemotherapy",
        "my wife is on lorlatinib",
        "is a count of 150-4000 cells normal?",
        "between 250-1000 mg of vitamin C",
        "the 2019-2023 trial results",
    ],
)
def test_clinical_words_are_not_personal_details(text: str) -> None:
    assert redact(text) == (text, False)


def test_a_redacted_text_is_left_as_it_is() -> None:
    stored, _ = redact("My name is Jo Smith, email jo@example.com, stage IV")
    assert redact(stored)[0] == stored and "stage IV" in stored


def test_the_language_model_is_loaded_once_and_fast_when_warm() -> None:
    redact("warm: my name is Ann Lee")
    started = time.perf_counter()
    for i in range(20):
        redact(f"My name is Ann Lee {i}, call 555-123-4567, what is osimertinib?")
    per_message_ms = (time.perf_counter() - started) * 1000 / 20
    assert per_message_ms < 100  # a loose bound: the bench measures the real cost under its load


def test_redaction_needs_no_network(tmp_path: Path) -> None:
    """The model comes from its package and the public-suffix list from tldextract's snapshot."""
    code = (
        "import socket\n"
        "tried = []\n"
        "def refuse(*args, **kwargs):\n"
        "    tried.append(args)\n"
        "    raise OSError('no network here')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from rails.pii import redact\n"
        "print(redact('write to jo@example.com, Jo Smith, 555-123-4567')[0])\n"
        "print('connections tried:', len(tried))\n"
    )
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"), "OTEL_SDK_DISABLED": "true"}
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "[EMAIL]" in run.stdout and "[NAME]" in run.stdout and "[PHONE]" in run.stdout
    assert "connections tried: 0" in run.stdout
    assert not (tmp_path / "cache" / "python-tldextract").exists()
