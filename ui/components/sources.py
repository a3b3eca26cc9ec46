"""Citations under an answer: each is a link target for its [n] marker, lists every reference with its own link,
and opens the passage it stands for."""

from __future__ import annotations

import streamlit as st

from chatbot import Source
from chatbot.references import Reference, references
from ui.components.answer_text import source_anchor
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


def source_references(source: Source) -> list[Reference]:
    """The references behind a source, one per entry; the citation line itself when the document is unknown."""
    found = references(source.id)
    return found or [Reference(name=source.citation, url=source.url)]


def reference_line(reference: Reference) -> str:
    name = escape_markdown(reference.name + (f", {reference.year}" if reference.year else ""))
    return f"- [{name}]({reference.url})" if reference.url else f"- {name}"


def render_sources(sources: list[Source], key: str) -> None:
    if not sources:
        return
    st.markdown(f"#### {text('sources_heading')}")
    for number, source in enumerate(sources, start=1):
        st.html(f'<span id="{source_anchor(key, number)}" class="source-anchor"></span>')
        with st.expander(source_label(number, source)):
            st.markdown(f"**{text('source_guideline')}:**")
            st.markdown("\n".join(reference_line(r) for r in source_references(source)))
            if source.reviewed:
                st.markdown(f"**{text('source_reviewed')}:** {escape_markdown(source.reviewed)}")
            st.markdown(passage_text(source.snippet))
