"""Emergencies and self-harm: real help first, nothing else in the way."""

from __future__ import annotations

from typing import Any

from chatbot.replies import get_replies

from .state import State

REASON_TEXT = {
    "coughing_blood": "Coughing up blood needs urgent care.",
    "breathing": "Severe trouble breathing needs urgent care.",
    "chest_pain": "Chest pain needs urgent care.",
    "confusion": "New or sudden confusion needs urgent care.",
    "face_neck_swelling": "New swelling of the face or neck needs urgent care.",
    "spinal_cord": "Sudden leg weakness or numbness, or losing control of the bladder or bowels, needs urgent care.",
    "fainting": "Fainting, collapse or a seizure needs urgent care.",
    "bleeding": "Bleeding that does not stop needs urgent care.",
    "blood_clot": "A swollen, painful leg with new breathlessness or chest pain can be a blood clot and needs urgent care.",
    "severe_headache": "A sudden, severe headache, especially with vomiting or changes in sight, needs urgent care.",
    "dehydration": "Vomiting that does not stop, or not keeping fluids down, needs urgent care.",
    "described_urgent_symptoms": "What you describe can be a sign of a serious problem that needs urgent care.",
    "fever_during_treatment": (
        "A fever during cancer treatment can be a sign of a serious infection when blood counts are low. "
        "Do not take fever medicine to hide it before you have called."
    ),
}


def escalate(state: State) -> dict[str, Any]:
    replies = get_replies()
    if "self_harm" in state.get("flags", []):
        answer = replies.text("self_harm")
    else:
        reasons = " ".join(REASON_TEXT[r] for r in state.get("emergency_reasons", []) if r in REASON_TEXT)
        answer = replies.text("emergency", reason=reasons)
    return {"answer": answer, "intent": "emergency", "followups": [], "sources": [], "grounding": [answer]}
