"""The self-harm-or-distress separator: a crisis reply needs both readings to say self-harm."""

from __future__ import annotations

from dataclasses import replace

from rails.risk_model import SEPARATOR_RANGE, RiskModel
from tests.rails.screening import risk, verdict

PLAN = "I've been saving up my pain pills so I can take them all at once"


def _with_separator_bias(model: RiskModel, bias: float) -> RiskModel:
    separator = replace(model.separator, bias=bias)
    return RiskModel(
        model.weights, model.bias, model.thresholds, model.vectorizers, separator, model.instruction, model.scope
    )


def test_the_trained_separator_has_a_threshold_in_range() -> None:
    low, high = SEPARATOR_RANGE
    assert low <= risk().separator.threshold <= high


def test_a_message_the_separator_reads_as_distress_gets_no_crisis_reading() -> None:
    model = risk()
    assert "self_harm" in model.read(PLAN)
    reads_distress = _with_separator_bias(model, -50.0)
    reading = reads_distress.read(PLAN)
    assert "self_harm" not in reading
    assert reading.scores["self_harm"] < model.thresholds["self_harm"]


def test_a_message_both_read_as_self_harm_keeps_its_reading() -> None:
    model = risk()
    reads_harm = _with_separator_bias(model, 50.0)
    assert reads_harm.read(PLAN).scores["self_harm"] == model.read(PLAN).scores["self_harm"]


def test_grief_and_the_wish_to_stop_treatment_get_support_not_the_crisis_reply() -> None:
    for text in (
        "My husband passed on Sunday. I don't know what to do with myself now.",
        "I don't want my last months to be nothing but chemo and throwing up. What if I just stopped?",
    ):
        assert "self_harm" not in verdict("self_harm", text)
