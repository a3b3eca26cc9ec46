"""The web chat: ask, read the cited answer as it comes, follow a suggestion. Runs on the local knowledge base."""

from __future__ import annotations

import streamlit as st

from ui.components.conversation_controls import render_conversation_controls
from ui.components.copy import options, text
from ui.components.page import announce, needs_help, render_help_banner, render_style, scroll_to
from ui.components.reply import render_turn, stream_turn
from ui.components.resources import get_bot
from ui.components.session import add_turn, ask_later, init_session, take_pending, turn_key, turns
from ui.components.sidebar import render_about_you

# An emoji icon is drawn by the browser; a ":material/...:" page icon would be fetched from Google's servers.
PAGE_ICON = "🫁"


def render_starters(role: str) -> None:
    """A few first questions that fit who is asking."""
    st.markdown(text("empty_chat"))
    starters: dict[str, list[str]] = options("starters")
    st.markdown(f"#### {text('starters_heading')}")
    for i, question in enumerate(starters.get(role, starters["patient"])):
        st.button(question, key=f"starter-{role}-{i}", on_click=ask_later, args=(question,))


def main() -> None:
    # "auto": the sidebar (conversations) starts closed on a phone; the role and details are in the main view.
    st.set_page_config(page_title=text("title"), page_icon=PAGE_ICON, initial_sidebar_state="auto")
    render_style()
    bot = get_bot()
    first_run = "thread_id" not in st.session_state
    init_session(bot)

    st.title(text("title"))
    st.markdown(text("subtitle"))
    banner = st.container(key="help-banner")  # filled at the end of the run: this turn may need help now
    st.info(text("notice"))
    flash = st.session_state.flash
    if flash:
        st.success(flash)
        st.session_state.flash = None
    profile = render_about_you()

    typed = st.chat_input(text("chat_placeholder"))
    question = typed or take_pending()

    earlier = turns()
    for i, turn in enumerate(earlier):
        render_turn(turn, turn_key(i), bot, latest=question is None and i == len(earlier) - 1)
    if question:
        turn = stream_turn(question, turn_key(len(earlier)), bot, st.session_state.thread_id, profile)
        add_turn(turn)
        st.session_state.help_banner = needs_help(turn.reply) or st.session_state.help_banner
        announce(turn.reply)
        scroll_to(len(earlier), st.session_state.help_banner is not None, turn_key(len(earlier)))
    elif not earlier:
        render_starters(profile.role)
        if first_run:
            scroll_to(None, False, st.session_state.thread_id)
    elif first_run:  # a reopened conversation: where its last answer starts
        scroll_to(len(earlier) - 1, False, st.session_state.thread_id)
    with banner:
        render_help_banner(st.session_state.help_banner)

    with st.sidebar:
        render_conversation_controls(bot)


main()
