"""Citations under an answer: each one opens the passage it stands for, with where and when it was checked."""

from __future__ import annotations

import streamlit as st

from chatbot import Source
from ui.components.copy import text
from ui.components.safe_text import escape_markdown


def source_label(number: int, source: Source) -> str:
    """The citation number the answer uses ([1], [2], …), the document and the part of it cited."""
    section = f" — {source.section}" if source.section else ""
    return f"[{number}] {source.title}{section}"


def passage_text(snippet: str) -> str:
    """The cited passage as the knowledge base writes it; a passage cut short says so."""
    text = snippet.strip()
    return text if text.endswith((".", "!", "?", ":", ")")) else f"{text} …"


def render_sources(sources: list[Source]) -> None:
    if not sources:
        return
    st.markdown(f"**{text('sources_heading')}**")
    for number, source in enumerate(sources, start=1):
        with st.expander(source_label(number, source), icon=":material/menu_book:"):
            st.markdown(f"**{text('source_guideline')}:** {escape_markdown(source.citation)}")
            if source.reviewed:
                st.markdown(f"**{text('source_reviewed')}:** {escape_markdown(source.reviewed)}")
            st.markdown(passage_text(source.snippet))
            if source.url:
                st.link_button(text("source_link"), source.url, icon=":material/open_in_new:")
