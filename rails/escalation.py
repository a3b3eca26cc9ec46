"""The reply of the escalating rails: real help first, nothing else in the way."""

from __future__ import annotations

from core.replies import get_replies, in_language

from .text import split_sentences

VENA_CAVA = (
    "A tumor in the chest can press on the large vein that carries blood from the head and arms to the heart "
    "(the superior vena cava)."
)
# Facts as the knowledge base states them (coughing-and-coughing-up-blood, when-to-seek-urgent-care).
REASON_TEXT = {
    "coughing_blood": (
        "Coughing up more than a small streak of blood, or coughing up clots, is an emergency. "
        "Even a small streak is a reason to call your care team."
    ),
    "breathing": "Severe trouble breathing needs urgent care.",
    "chest_pain": "Chest pain needs urgent care.",
    "confusion": "New or sudden confusion needs urgent care.",
    "face_neck_swelling": ("New swelling of the face or neck needs urgent care. " + VENA_CAVA),
    "spinal_cord": "Sudden leg weakness or numbness, or losing control of the bladder or bowels, needs urgent care.",
    "fainting": "Fainting, collapse or a seizure needs urgent care.",
    "bleeding": "Bleeding that does not stop needs urgent care.",
    "blood_clot": "A swollen, painful leg with new breathlessness or chest pain can be a blood clot and needs urgent care.",
    "severe_headache": "A sudden, severe headache, especially with vomiting or changes in sight, needs urgent care.",
    "dehydration": "Vomiting that does not stop, or not keeping fluids down, needs urgent care.",
    "coughing_blood_more": "Coughing up blood, or bleeding that does not stop, needs urgent care.",
    "low_oxygen": "A low oxygen reading needs urgent care.",
    "allergic_reaction": "Swelling of the lips, tongue or throat, or an allergic reaction, needs urgent care.",
    "stroke_signs": "Sudden weakness, numbness, a drooping face, slurred speech or a sudden severe headache needs urgent care.",
    "drowsy_confused": "Being very drowsy, hard to wake or not making sense needs urgent care.",
    "swelling_more": (
        "New swelling of the face or neck, or swollen veins in the neck or chest, needs urgent care. " + VENA_CAVA
    ),
    "severe_gut": "Severe diarrhoea or vomiting, especially if you cannot keep fluids down, needs urgent care.",
    "bladder_bowel": "Losing control of the bladder or bowels needs urgent care.",
    "clot_signs": "A swollen leg with new breathlessness or chest pain can be a blood clot and needs urgent care.",
    "breathing_more": "Very fast or hard breathing, or blue lips, needs urgent care.",
    "described_urgent_symptoms": "What you describe can be a sign of a serious problem that needs urgent care.",
    "poisoning": (
        "If a child, another adult or a pet swallowed or chewed a medicine that is not theirs, call Poison Control "
        "now at 1-800-222-1222 (US, any time); for a pet, call your vet or the ASPCA Animal Poison Control Center "
        "at 888-426-4435. Call the emergency number at once if they are very sleepy, struggle to breathe or have a "
        "seizure. Keep the medicine package to show what was taken."
    ),
    "fever_during_treatment": (
        "A fever during cancer treatment can be a sign of a serious infection when blood counts are low. "
        "Do not take fever medicine to hide it before you have called."
    ),
}


def escalation_reply(flags: list[str], reasons: list[str], language: str = "en") -> str:
    """What the person reads when the emergency or self-harm rails fired.

    What to do now comes first, then (for self-harm) the crisis line; one disclaimer, at the end; a
    first line in the person's own language when they wrote in another one.
    """
    replies = get_replies()
    urgent = "emergency" in flags or "poisoning" in flags
    kind = "poisoning" if "poisoning" in flags else "emergency" if urgent else "self_harm"
    parts = []
    if urgent:
        texts = [REASON_TEXT.get(r, REASON_TEXT["described_urgent_symptoms"]) for r in reasons]
        said = " ".join(dict.fromkeys(s for text in texts for s in split_sentences(text)))  # each said once
        parts.append(replies.text("emergency", reason=said).strip())
    if "self_harm" in flags:
        parts.append(replies.text("self_harm").strip())
    answer = "\n\n".join([*(p.removesuffix(replies.disclaimer).strip() for p in parts[:-1]), parts[-1]])
    first = in_language(language, kind)
    return f"{first}\n\n{answer}" if first else answer
