"""What one server process shares between browser sessions: the chatbot and nothing else."""

from __future__ import annotations

import uuid

import streamlit as st

from chatbot import Chatbot
from ui.components.copy import text


@st.cache_resource(show_spinner=text("opening"))
def get_bot() -> Chatbot:
    """One chatbot per process: it holds the only client of the embedded index and the compiled graph.

    Reading an unused thread compiles the graph and opens the conversation store now, while the page
    says the knowledge base is opening, instead of at the first question. Nothing is written.
    """
    bot = Chatbot()
    bot.history(f"warm-up-{uuid.uuid4().hex}")
    return bot
