"""New conversation, download the transcript, delete the conversation from this computer."""

from __future__ import annotations

import streamlit as st

from chatbot import Chatbot
from chatbot.transcript import transcript_markdown
from ui.components.copy import text
from ui.components.session import start_new_conversation

TRANSCRIPT_FILE = "lung-chat-transcript.md"


def _ask_to_delete(ask: bool) -> None:
    st.session_state.confirm_delete = ask


def _delete(bot: Chatbot) -> None:
    bot.delete(st.session_state.thread_id)
    st.session_state.confirm_delete = False
    start_new_conversation(flash=text("deleted"))


def render_conversation_controls(bot: Chatbot) -> None:
    has_turns = bool(st.session_state.turns)
    st.header(text("sidebar_conversation"))
    st.button(text("new_conversation"), on_click=start_new_conversation, icon=":material/add_comment:")
    history = bot.history(st.session_state.thread_id) if has_turns else []
    st.download_button(
        text("download_transcript"),
        data=transcript_markdown(history),
        file_name=TRANSCRIPT_FILE,
        mime="text/markdown",
        help=text("download_help"),
        disabled=not has_turns,
        icon=":material/download:",
        on_click="ignore",
    )
    if not st.session_state.get("confirm_delete"):
        st.button(
            text("delete_conversation"),
            on_click=_ask_to_delete,
            args=(True,),
            disabled=not has_turns,
            icon=":material/delete:",
        )
        return
    st.warning(text("delete_warning"))
    st.button(text("delete_confirm"), on_click=_delete, args=(bot,), type="primary")
    st.button(text("delete_cancel"), on_click=_ask_to_delete, args=(False,))
