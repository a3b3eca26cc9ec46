"""The public data contract: what `Chatbot.ask` takes and returns."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Intent = Literal[
    "treatment",
    "side_effects",
    "diagnosis_staging",
    "biomarkers",
    "clinical_trials",
    "screening_prevention",
    "living_with_cancer",
    "dosing",
    "emergency",
    "greeting",
    "off_topic",
]
INTENTS: tuple[str, ...] = Intent.__args__  # type: ignore[attr-defined]
# Labels the input rails settle; the rest are answered from the knowledge base.
ROUTED_INTENTS: tuple[str, ...] = ("dosing", "emergency", "greeting", "off_topic")
CONTENT_INTENTS: tuple[str, ...] = tuple(i for i in INTENTS if i not in ROUTED_INTENTS)


class Profile(BaseModel):
    """What the person chose to tell about themselves; every field is optional."""

    role: Literal["patient", "caregiver"] = "patient"
    histology: str | None = None
    stage: str | None = None
    biomarkers: list[str] = Field(default_factory=list)
    treatments: list[str] = Field(default_factory=list)
    pdl1_tps: int | None = Field(default=None, ge=0, le=100, description="PD-L1 tumor proportion score, %.")


class Source(BaseModel):
    id: str
    title: str
    citation: str
    url: str | None = None
    snippet: str
    score: float
    section: str | None = None
    reviewed: str | None = None


class SafetyReport(BaseModel):
    flags: list[str] = Field(default_factory=list)
    blocked: bool = False
    notes: list[str] = Field(default_factory=list)


class Reply(BaseModel):
    answer: str
    intent: Intent
    sources: list[Source] = Field(default_factory=list)
    followups: list[str] = Field(default_factory=list)
    safety: SafetyReport = Field(default_factory=SafetyReport)
    thread_id: str
    latency_ms: float = 0.0


class Conversation(BaseModel):
    """A stored conversation as a list of past conversations shows it."""

    thread_id: str
    title: str  # the first question, as stored (personal details redacted)
    updated: str  # ISO time of the last turn, UTC
    turns: int
