"""'Upload a report': read it on this computer, show what was found, and use it only once confirmed."""

from __future__ import annotations

import streamlit as st

from chatbot.report_reader import ReportProfile, ReportUnreadable, read_report
from ui.components.copy import options, text
from ui.components.profile_form import apply_profile
from ui.components.safe_text import escape_markdown


def _reset_uploader() -> None:
    """A new uploader key empties it; the file's bytes are dropped with the old widget."""
    st.session_state.report_round = st.session_state.get("report_round", 0) + 1
    st.session_state.report = None
    st.session_state.report_error = None
    st.session_state.report_file_id = None


def _confirm(report: ReportProfile) -> None:
    apply_profile(report.profile_fields())
    _reset_uploader()
    st.session_state.report_applied = True


def _read(data: bytes, file_id: str) -> None:
    st.session_state.report_file_id = file_id
    try:
        st.session_state.report = read_report(data)
        st.session_state.report_error = None
    except ReportUnreadable as exc:
        st.session_state.report = None
        st.session_state.report_error = str(exc)


def _show(report: ReportProfile) -> None:
    if report.empty:
        st.info(text("report_nothing"))
        return
    histologies: dict[str, str] = options("histology_options")
    lines: list[str] = []
    if report.histology:
        name = histologies.get(report.histology, report.histology)
        detail = f" ({report.histology_detail})" if report.histology_detail and report.histology == "nsclc" else ""
        lines.append(f"- **{text('histology_label')}:** {escape_markdown(name + detail)}")
    if report.stage:
        lines.append(f"- **{text('stage_label')}:** {escape_markdown(report.stage)}")
    for finding in report.findings:
        status = text(f"report_{finding.status}")
        detail = f" ({finding.detail})" if finding.detail else ""
        lines.append(f"- **{escape_markdown(finding.marker)}:** {escape_markdown(status + detail)}")
    if report.pdl1_text:
        lines.append(f"- **PD-L1:** {escape_markdown(report.pdl1_text)}")
    st.markdown(f"{text('report_found')}\n\n" + "\n".join(lines))
    st.caption(text("report_check"))
    st.button(text("report_confirm"), on_click=_confirm, args=(report,), type="primary", key="report_confirm")
    st.button(text("report_discard"), on_click=_reset_uploader, key="report_discard")


def render_report_upload() -> None:
    st.session_state.setdefault("report_round", 0)
    if st.session_state.pop("report_applied", False):
        st.success(text("report_applied"))
    # Open while a file is in it: a second upload must not fold away what was found in it.
    in_use = st.session_state.get(f"report-file-{st.session_state.report_round}") is not None
    with st.expander(text("report_label"), expanded=in_use):
        st.caption(text("report_help"))
        uploaded = st.file_uploader(
            text("report_uploader"), type=["txt", "pdf"], key=f"report-file-{st.session_state.report_round}"
        )
        if uploaded is None:
            return
        if st.session_state.get("report_file_id") != uploaded.file_id:
            _read(uploaded.getvalue(), uploaded.file_id)
        if st.session_state.get("report_error"):
            st.error(st.session_state.report_error)
        elif st.session_state.get("report") is not None:
            _show(st.session_state.report)
