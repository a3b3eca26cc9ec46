"""Thumbs up or down on an answer, with an optional comment, saved on this computer for the evals."""

from __future__ import annotations

import streamlit as st

from chatbot.feedback import feedback_path, record_feedback
from core.settings import Settings
from ui.components.copy import options, text
from ui.components.session import ChatTurn


def render_rating(turn: ChatTurn, key: str, settings: Settings) -> None:
    rated: dict[str, int] = st.session_state.rated
    if key in rated:
        st.caption(text("rate_thanks"))
        return
    labels: dict[str, str] = options("rate_options")
    with st.expander(text("rate_label"), icon=":material/thumbs_up_down:"):
        with st.form(f"rate-{key}", border=False):
            choice = st.segmented_control(
                text("rate_question"), list(labels), format_func=lambda v: labels[v], key=f"rate-choice-{key}"
            )
            comment = st.text_input(
                text("rate_comment"), help=text("rate_comment_help"), max_chars=1000, key=f"rate-comment-{key}"
            )
            sent = st.form_submit_button(text("rate_send"))
        if sent:
            if choice is None:
                st.warning(text("rate_missing"))
                return
            record_feedback(
                thread_id=turn.reply.thread_id,
                question=turn.question,
                answer=turn.reply.answer,
                intent=turn.reply.intent,
                sources=[s.id for s in turn.reply.sources],
                rating=int(choice),
                comment=comment or "",
                path=feedback_path(settings),
            )
            rated[key] = int(choice)
            st.success(text("rate_thanks"))
