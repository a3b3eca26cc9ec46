"""Who is asking and what they chose to tell about their diagnosis: in the main view, above the chat,
so it is reachable on a phone where the sidebar starts closed."""

from __future__ import annotations

import streamlit as st

from chatbot import Profile
from ui.components.profile_form import render_profile_form
from ui.components.report_upload import render_report_upload


def render_about_you() -> Profile:
    with st.container(key="about-you"):
        profile = render_profile_form()
        render_report_upload()
    return profile
