"""The web chat: ask, read the cited answer as it comes, follow a suggestion. Runs on the local knowledge base."""

from __future__ import annotations

import streamlit as st

from ui.components.conversation_controls import render_conversation_controls
from ui.components.copy import text
from ui.components.reply import render_turn, stream_turn
from ui.components.resources import get_bot
from ui.components.session import add_turn, init_session, take_pending, turn_key, turns
from ui.components.sidebar import render_about_you


def main() -> None:
    st.set_page_config(page_title=text("title"), page_icon=":material/pulmonology:", initial_sidebar_state="expanded")
    init_session()
    profile = render_about_you()

    st.title(text("title"))
    st.caption(text("subtitle"))
    st.info(text("notice"), icon=":material/info:")
    flash = st.session_state.flash
    if flash:
        st.success(flash)
        st.session_state.flash = None

    bot = get_bot()
    typed = st.chat_input(text("chat_placeholder"))
    question = typed or take_pending()

    earlier = turns()
    for i, turn in enumerate(earlier):
        render_turn(turn, turn_key(i), bot, latest=question is None and i == len(earlier) - 1)
    if question:
        add_turn(stream_turn(question, turn_key(len(earlier)), bot, st.session_state.thread_id, profile))
    elif not earlier:
        st.markdown(text("empty_chat"))

    with st.sidebar:
        render_conversation_controls(bot)


main()
