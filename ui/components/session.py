"""Per-browser-session state: this tab's conversation id, its turns and what is waiting to be asked.

Everything here lives in `st.session_state`, which Streamlit keeps apart for each browser session,
so two people chatting at once never see each other's messages.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import streamlit as st

from chatbot import Reply


@dataclass(frozen=True)
class ChatTurn:
    question: str
    reply: Reply


def init_session() -> None:
    st.session_state.setdefault("thread_id", uuid.uuid4().hex)
    st.session_state.setdefault("turns", [])
    st.session_state.setdefault("pending", None)
    st.session_state.setdefault("rated", {})
    st.session_state.setdefault("flash", None)


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
    st.session_state.thread_id = uuid.uuid4().hex
    st.session_state.turns = []
    st.session_state.pending = None
    st.session_state.rated = {}
    st.session_state.confirm_delete = False
    st.session_state.flash = flash
