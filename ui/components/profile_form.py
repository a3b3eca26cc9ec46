"""'I am a patient / a caregiver' and the optional details of the diagnosis, as one `Profile`."""

from __future__ import annotations

from typing import Any

import streamlit as st

from chatbot import Profile
from chatbot.report_reader import biomarker_names
from ui.components.copy import options, text
from ui.components.safe_text import escape_markdown

KEYS = {
    "histology": "profile_histology",
    "stage": "profile_stage",
    "biomarkers": "profile_biomarkers",
    "pdl1_tps": "profile_pdl1",
    "treatments": "profile_treatments",
}
LISTS = ("biomarkers", "treatments")


def init_profile_state() -> None:
    """Widget values start in session state, so a confirmed report or a reopened conversation can fill them in."""
    for key, value in _empty().items():
        st.session_state.setdefault(key, value)


def _empty() -> dict[str, Any]:
    return {"role": "patient", **{key: [] if field in LISTS else None for field, key in KEYS.items()}}


def set_profile(profile: Profile) -> None:
    """Fill the form with the details a stored conversation was asked with (before the widgets exist)."""
    st.session_state["role"] = profile.role
    for field, key in KEYS.items():
        st.session_state[key] = getattr(profile, field)


def clear_profile() -> None:
    """Forget every detail the person gave: after Delete nothing of them stays on screen either."""
    for key, value in _empty().items():
        st.session_state[key] = value


def _stage_options() -> list[str | None]:
    base: list[str | None] = [None, *options("stage_options")]
    current = st.session_state.get(KEYS["stage"])
    return base if current in base else [*base, current]


def apply_profile(fields: dict[str, Any]) -> None:
    """Fill the form from confirmed details (a button callback, so it runs before the widgets exist)."""
    known = set(biomarker_names())
    if fields.get("histology") in options("histology_options"):
        st.session_state[KEYS["histology"]] = fields["histology"]
    if fields.get("stage"):
        st.session_state[KEYS["stage"]] = fields["stage"]
    markers = [m for m in fields.get("biomarkers", []) if m in known]
    if markers:
        current = list(st.session_state.get(KEYS["biomarkers"], []))
        st.session_state[KEYS["biomarkers"]] = current + [m for m in markers if m not in current]
    if fields.get("pdl1_tps") is not None:
        st.session_state[KEYS["pdl1_tps"]] = int(fields["pdl1_tps"])


def render_profile_form() -> Profile:
    init_profile_state()
    roles: dict[str, str] = options("role_options")
    role = st.radio(text("role_label"), list(roles), format_func=lambda r: roles[r], key="role", horizontal=True)
    histologies: dict[str, str] = options("histology_options")
    with st.expander(text("profile_label")):
        st.caption(text("profile_help"))
        histology = st.selectbox(
            text("histology_label"),
            [None, *histologies],
            format_func=lambda h: histologies[h] if h else text("not_set"),
            key=KEYS["histology"],
        )
        stage = st.selectbox(
            text("stage_label"),
            _stage_options(),
            format_func=lambda s: s if s else text("not_set"),
            key=KEYS["stage"],
        )
        biomarkers = st.multiselect(text("biomarkers_label"), biomarker_names(), key=KEYS["biomarkers"])
        pdl1 = st.number_input(text("pdl1_label"), min_value=0, max_value=100, step=1, key=KEYS["pdl1_tps"])
        treatments = st.multiselect(text("treatments_label"), options("treatment_options"), key=KEYS["treatments"])
    profile = Profile(
        role="caregiver" if role == "caregiver" else "patient",
        histology=histology,
        stage=stage,
        biomarkers=list(biomarkers),
        treatments=list(treatments),
        pdl1_tps=int(pdl1) if pdl1 is not None else None,
    )
    summary = profile_summary(profile)
    if summary:
        st.caption(f"{text('profile_in_use')} {escape_markdown(summary)}")
    return profile


def profile_summary(profile: Profile) -> str:
    """The details in use, in words, so a person sees what the answers take into account."""
    histologies: dict[str, str] = options("histology_options")
    parts: list[str] = []
    if profile.histology:
        parts.append(histologies.get(profile.histology, profile.histology))
    if profile.stage:
        parts.append(f"stage {profile.stage}")
    parts += profile.biomarkers
    if profile.pdl1_tps is not None:
        parts.append(f"PD-L1 {profile.pdl1_tps}%")
    parts += profile.treatments
    return " · ".join(parts)
