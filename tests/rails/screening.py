"""One input rail at a time, over the learned risk model of the test session's data folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.settings import get_settings
from rails.input_screening import InputScreening
from rails.risk_model import RiskModel, RiskReading, get_risk_model


def models_dir() -> Path:
    return get_settings().built_dir


def risk() -> RiskModel:
    return get_risk_model(models_dir())


def read_risk(text: str) -> RiskReading:
    return risk().read(text)


def verdict(rail: str, text: str, previous: str | None = None) -> dict[str, Any]:
    """What the one configured rail found: {rail name: its details}, empty when it let the message pass."""
    return InputScreening([rail], risk()).check(text, previous=previous).found
