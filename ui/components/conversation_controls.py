"""New conversation, past conversations on this computer, transcript download, delete one or everything."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from chatbot import Chatbot
from chatbot.transcript import transcript_markdown
from ui.components.copy import text
from ui.components.profile_form import clear_profile
from ui.components.session import ChatTurn, open_conversation, start_new_conversation

TRANSCRIPT_FILE = "lung-chat-transcript.md"


def _ask(key: str, ask: bool) -> None:
    st.session_state[key] = ask


def _delete(bot: Chatbot) -> None:
    bot.delete(st.session_state.thread_id)
    clear_profile()
    start_new_conversation(flash=text("deleted"))


def _delete_everything(bot: Chatbot) -> None:
    bot.delete_everything()
    clear_profile()
    start_new_conversation(flash=text("deleted_all"))


def transcript_turns(turns: list[ChatTurn]) -> list[dict[str, object]]:
    """This conversation as the transcript takes it: each answer with its numbered sources."""
    entries: list[dict[str, object]] = []
    for turn in turns:
        entries.append({"role": "user", "content": turn.question})
        sources = [s.model_dump() for s in turn.reply.sources]
        entries.append({"role": "assistant", "content": turn.reply.answer, "sources": sources})
    return entries


def render_past_conversations(bot: Chatbot) -> None:
    past = bot.conversations()
    st.subheader(text("past_heading"))
    if not past:
        st.markdown(text("past_none"))
        return
    for conversation in past:
        current = conversation.thread_id == st.session_state.thread_id
        st.button(
            conversation.title,
            key=f"open-{conversation.thread_id}",
            on_click=open_conversation,
            args=(bot, conversation.thread_id),
            disabled=current,
            help=f"{conversation.updated[:16].replace('T', ' ')} UTC · {conversation.turns} {text('past_questions')}",
            width="stretch",
        )


def _confirm(
    key: str, warning: str, label: str, action: Callable[[Chatbot], None], bot: Chatbot, disabled: bool
) -> None:
    if not st.session_state.get(key):
        st.button(label, on_click=_ask, args=(key, True), disabled=disabled, key=f"{key}-ask")
        return
    st.warning(warning)
    st.button(text("delete_confirm"), on_click=action, args=(bot,), type="primary", key=f"{key}-yes")
    st.button(text("delete_cancel"), on_click=_ask, args=(key, False), key=f"{key}-no")


def render_conversation_controls(bot: Chatbot) -> None:
    turns: list[ChatTurn] = st.session_state.turns
    st.header(text("sidebar_conversation"))
    st.button(text("new_conversation"), on_click=start_new_conversation)
    st.download_button(
        text("download_transcript"),
        data=transcript_markdown(transcript_turns(turns)),
        file_name=TRANSCRIPT_FILE,
        mime="text/markdown",
        help=text("download_help"),
        disabled=not turns,
        on_click="ignore",
    )
    _confirm("confirm_delete", text("delete_warning"), text("delete_conversation"), _delete, bot, not turns)
    render_past_conversations(bot)
    _confirm("confirm_delete_all", text("delete_all_warning"), text("delete_all"), _delete_everything, bot, False)
