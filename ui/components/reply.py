"""One turn of the chat: the question as typed, and the answer with its alert, sources, suggestions and rating."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from chatbot import Chatbot, Profile, Reply
from ui.components.answer_text import linked_answer
from ui.components.copy import text
from ui.components.page import needs_help
from ui.components.rating import render_rating
from ui.components.session import ChatTurn, ask_later
from ui.components.sources import render_sources

USER_AVATAR = ":material/person:"
ASSISTANT_AVATAR = ":material/pulmonology:"


def render_question(question: str) -> None:
    with st.chat_message("user", avatar=USER_AVATAR):
        st.text(question)  # shown as typed: no markdown, no HTML


def _alert(reply: Reply, slot: DeltaGenerator) -> None:
    """Emergencies get a red alert above everything else in the reply."""
    kind = needs_help(reply)
    if kind:
        slot.error(text(f"{kind}_alert"))


def _extras(turn: ChatTurn, key: str, bot: Chatbot, latest: bool) -> None:
    render_sources(turn.reply.sources, key)
    if latest and turn.reply.followups:
        st.markdown(f"#### {text('followups_heading')}")
        for j, question in enumerate(turn.reply.followups):
            st.button(question, key=f"followup-{key}-{j}", on_click=ask_later, args=(question,))
    render_rating(turn, key, bot.settings)


def render_turn(turn: ChatTurn, key: str, bot: Chatbot, latest: bool) -> None:
    """A turn from earlier in this session."""
    render_question(turn.question)
    with st.chat_message("assistant", avatar=ASSISTANT_AVATAR):
        _alert(turn.reply, st.container())
        st.markdown(linked_answer(turn.reply.answer, key, len(turn.reply.sources)))
        _extras(turn, key, bot, latest)


def stream_turn(question: str, key: str, bot: Chatbot, thread_id: str, profile: Profile) -> ChatTurn:
    """Ask, and show the answer piece by piece as it comes, then its sources and suggestions."""
    render_question(question)
    with st.chat_message("assistant", avatar=ASSISTANT_AVATAR):
        alert = st.empty()  # the top of the reply, kept for an emergency alert
        pieces = bot.stream(question, thread_id=thread_id, profile=profile)
        with st.spinner(text("thinking")):
            first = next(pieces)
        final: list[Reply] = []

        def answer_text() -> Iterator[str]:
            for item in chain([first], pieces):
                if isinstance(item, Reply):
                    final.append(item)
                else:
                    yield item

        shown = st.empty()
        with shown:
            st.write_stream(answer_text())
        reply = final[0]
        turn = ChatTurn(question=question, reply=reply)
        shown.markdown(linked_answer(reply.answer, key, len(reply.sources)))  # headings and links once complete
        _alert(reply, alert)
        _extras(turn, key, bot, latest=True)
    return turn
