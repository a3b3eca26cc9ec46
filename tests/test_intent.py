"""Intent: the held-out accuracy a person sees, total recall where it must be total, the model cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from answer.greeting import is_greeting
from answer.intent import from_ranking, rule_intent
from answer.intent_model import cached_model, load_examples, split_examples
from core.models import INTENTS
from tests.eval_support import suite_run


@pytest.fixture(scope="module")
def intent_run(bot: object) -> object:
    from evals.suites.intent import SUITE

    return suite_run(bot, SUITE)


def test_held_out_accuracy_of_rules_plus_classifier(intent_run) -> None:  # type: ignore[no-untyped-def]
    metrics = intent_run.metrics
    assert metrics["accuracy"] >= 0.92, intent_run.failures
    assert metrics["classifier_accuracy"] >= 0.85


def test_no_dose_question_or_emergency_is_missed_on_the_held_out_split(intent_run) -> None:  # type: ignore[no-untyped-def]
    assert intent_run.metrics["recall.dosing"] == 1.0
    assert intent_run.metrics["recall.emergency"] == 1.0
    for case in intent_run.cases:  # nor by the whole agent (a dose taken by mistake may escalate: safer)
        if case.details["expected"] in ("dosing", "emergency"):
            assert case.details["agent"] in (case.details["expected"], "emergency"), case.details["text"]


def test_report_has_every_label_and_a_confusion_matrix(intent_run) -> None:  # type: ignore[no-untyped-def]
    for label in INTENTS:
        assert f"recall.{label}" in intent_run.metrics and f"precision.{label}" in intent_run.metrics
    confusion = intent_run.extra["confusion"]
    assert sum(sum(row.values()) for row in confusion.values()) == len(intent_run.cases)


def test_rules_catch_every_labelled_dose_question_and_emergency() -> None:
    for text, label in load_examples():
        if label in ("dosing", "emergency"):
            assert rule_intent(text) == label, text


def test_split_is_stratified_seeded_and_disjoint() -> None:
    examples = load_examples()
    train, held_out = split_examples(examples)
    assert split_examples(examples) == (train, held_out)
    assert not {t for t, _ in train} & {t for t, _ in held_out}
    for label in INTENTS:
        total = sum(lbl == label for _, lbl in examples)
        assert total >= 60
        assert abs(sum(lbl == label for _, lbl in held_out) - 0.2 * total) <= 1


def test_an_unsure_guess_at_a_safety_label_falls_to_the_topic() -> None:
    assert from_ranking([("emergency", 0.3), ("side_effects", 0.28), ("treatment", 0.2)]) == ("side_effects", 0.28)
    assert from_ranking([("side_effects", 0.5), ("dosing", 0.45)]) == ("dosing", 0.45)


def test_changed_examples_retrain_and_unchanged_load_from_cache(data_dir: Path) -> None:
    base = [(f"what is drug number {i}", "treatment") for i in range(6)]
    base += [(f"how many pills of drug {i} do i take", "dosing") for i in range(6)]
    first = cached_model(base, "unit", data_dir, c=1.0)
    again = cached_model(base, "unit", data_dir, c=1.0)
    assert np.array_equal(first.coef, again.coef)
    changed = cached_model([*base, ("what is a new drug", "treatment")], "unit", data_dir, c=1.0)
    assert len(list(data_dir.glob("intent-model-unit-*.npz"))) == 2
    assert changed.predict("how many pills should i take")[0] == "dosing"


def test_small_talk_is_a_greeting_and_a_question_is_not() -> None:
    assert is_greeting("hi there!") and is_greeting("thank you so much!")
    assert not is_greeting("hi, what is lung cancer?")
