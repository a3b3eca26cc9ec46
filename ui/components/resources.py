"""What one server process shares between browser sessions: the chatbot and nothing else."""

from __future__ import annotations

import streamlit as st

from chatbot import Chatbot
from ui.components.copy import text


@st.cache_resource(show_spinner=text("opening"))
def get_bot() -> Chatbot:
    """One chatbot per process: it holds the only client of the embedded index and the compiled graph."""
    return Chatbot()
