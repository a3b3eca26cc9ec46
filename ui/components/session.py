"""Per-browser-session state: this tab's conversation id, its turns and what is waiting to be asked.

Everything here lives in `st.session_state`, which Streamlit keeps apart for each browser session,
so two people chatting at once never see each other's messages. The conversation id is also in the
page address (`?c=...`), so a reload, a bookmark or the list of past conversations reopens it.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import streamlit as st

from chatbot import Chatbot, Reply
from core.models import INTENTS, Intent

URL_KEY = "c"
_THREAD_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class ChatTurn:
    question: str
    reply: Reply


def init_session(bot: Chatbot) -> None:
    """Start this tab's session: reopen the conversation the address names, or begin a new one."""
    if "thread_id" not in st.session_state:
        asked = str(st.query_params.get(URL_KEY, ""))
        if _THREAD_ID.match(asked) and bot.history(asked):
            open_conversation(bot, asked)
        else:
            _set_thread(uuid.uuid4().hex)
            st.session_state.turns = []
    st.session_state.setdefault("pending", None)
    st.session_state.setdefault("rated", {})
    st.session_state.setdefault("flash", None)
    st.session_state.setdefault("help_banner", None)
    if st.query_params.get(URL_KEY) != st.session_state.thread_id:
        st.query_params[URL_KEY] = st.session_state.thread_id


def _set_thread(thread_id: str) -> None:
    st.session_state.thread_id = thread_id
    st.query_params[URL_KEY] = thread_id


def stored_turns(bot: Chatbot, thread_id: str) -> list[ChatTurn]:
    """A stored conversation as turns; the last answer keeps its sources (earlier ones are stored as text)."""
    history = bot.history(thread_id)
    last_sources = bot.last_sources(thread_id)
    found: list[ChatTurn] = []
    for asked, answered in zip(history[::2], history[1::2], strict=False):
        if asked["role"] != "user" or answered["role"] != "assistant":
            continue
        stored = answered.get("intent")
        intent: Intent = stored if stored in INTENTS else "off_topic"  # type: ignore[assignment]
        reply = Reply(answer=answered["content"], intent=intent, thread_id=thread_id)
        found.append(ChatTurn(question=asked["content"], reply=reply))
    if found:
        last = found[-1]
        found[-1] = ChatTurn(question=last.question, reply=last.reply.model_copy(update={"sources": last_sources}))
    return found


def open_conversation(bot: Chatbot, thread_id: str) -> None:
    """Show a stored conversation, with the details it was asked with (a callback or the first run)."""
    from ui.components.profile_form import set_profile

    _set_thread(thread_id)
    st.session_state.turns = stored_turns(bot, thread_id)
    st.session_state.pending = None
    st.session_state.rated = {}
    st.session_state.confirm_delete = False
    profile = bot.profile(thread_id)
    if profile is not None:
        set_profile(profile)


def turns() -> list[ChatTurn]:
    return list(st.session_state.turns)


def add_turn(turn: ChatTurn) -> None:
    st.session_state.turns = [*st.session_state.turns, turn]


def turn_key(index: int) -> str:
    """A widget key unique to this conversation and turn, stable across reruns."""
    return f"{st.session_state.thread_id}-{index}"


def ask_later(question: str) -> None:
    """Button callback: the question is asked in the run this click starts."""
    st.session_state.pending = question


def take_pending() -> str | None:
    question = st.session_state.pending
    st.session_state.pending = None
    return str(question) if question else None


def start_new_conversation(flash: str | None = None) -> None:
    _set_thread(uuid.uuid4().hex)
    st.session_state.turns = []
    st.session_state.pending = None
    st.session_state.rated = {}
    st.session_state.confirm_delete = False
    st.session_state.confirm_delete_all = False
    st.session_state.flash = flash
