"""The sidebar's top half: who is asking and what they chose to tell about their diagnosis."""

from __future__ import annotations

import streamlit as st

from chatbot import Profile
from ui.components.copy import text
from ui.components.profile_form import render_profile_form
from ui.components.report_upload import render_report_upload


def render_about_you() -> Profile:
    with st.sidebar:
        st.header(text("sidebar_about"))
        profile = render_profile_form()
        render_report_upload()
    return profile
