"""Streamlit chat: ask, read the cited answer, follow a suggestion. Runs on the local knowledge base."""

from __future__ import annotations

import uuid

import streamlit as st

from chatbot import Chatbot, Reply

NOTICE = (
    "This chat gives general information about lung cancer from a reviewed knowledge base. "
    "It is **not medical advice** and does not replace your care team. "
    "In an emergency, call your local emergency number (911 in the US)."
)


@st.cache_resource(show_spinner="Opening the knowledge base…")
def get_bot() -> Chatbot:
    """One chatbot per server process: it holds the only client of the embedded index."""
    return Chatbot()


def _init_session() -> None:
    st.session_state.setdefault("thread_id", uuid.uuid4().hex)
    st.session_state.setdefault("turns", [])  # list of (question, Reply)
    st.session_state.setdefault("pending", None)


def _show_reply(reply: Reply, key: str) -> None:
    if reply.intent == "emergency":
        st.error("This may be an emergency. Call your local emergency number now.", icon="🚨")
    st.markdown(reply.answer)
    if reply.sources:
        with st.expander(f"Sources ({len(reply.sources)})"):
            for i, source in enumerate(reply.sources, start=1):
                st.markdown(f"**[{i}] {source.title}** — {source.section}")
                st.caption(f"{source.citation} · reviewed {source.reviewed}")
                st.text(source.snippet)
    for j, question in enumerate(reply.followups):
        if st.button(question, key=f"{key}-followup-{j}"):
            st.session_state.pending = question


def _sidebar() -> dict[str, str]:
    with st.sidebar:
        st.header("About you")
        role = st.radio("I am", ["patient", "caregiver"], format_func=lambda r: f"a {r}", key="role")
        if st.button("New conversation"):
            st.session_state.thread_id = uuid.uuid4().hex
            st.session_state.turns = []
    return {"role": role}


def main() -> None:
    st.set_page_config(page_title="Lung cancer information chat", page_icon="🫁")
    _init_session()
    st.title("Lung cancer information chat")
    st.info(NOTICE)
    profile = _sidebar()
    bot = get_bot()

    for i, (question, reply) in enumerate(st.session_state.turns):
        with st.chat_message("user"):
            st.text(question)
        with st.chat_message("assistant"):
            _show_reply(reply, key=f"turn-{i}")

    typed = st.chat_input("Ask a question about lung cancer")
    question = typed or st.session_state.pending
    st.session_state.pending = None
    if question:
        with st.chat_message("user"):
            st.text(question)
        with st.chat_message("assistant"), st.spinner("Looking in the knowledge base…"):
            reply = bot.ask(question, thread_id=st.session_state.thread_id, profile=profile)
            _show_reply(reply, key=f"turn-{len(st.session_state.turns)}")
        st.session_state.turns.append((question, reply))


main()
