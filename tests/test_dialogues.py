"""Scripted conversations, turn by turn, through the public API."""

from __future__ import annotations

import pytest

from evals.suites.dialogues import load_cases
from tests.eval_support import suite_run


@pytest.fixture(scope="module")
def dialogue_run(bot: object) -> object:
    from evals.suites.dialogues import SUITE

    return suite_run(bot, SUITE)


def test_dataset_covers_the_conversations_that_matter() -> None:
    cases = load_cases()
    assert len(cases) >= 40
    said = " ".join(t["user"].lower() for c in cases for t in c["turns"])
    for phrase in ("its side effects", "and for stage 3", "the same as keytruda"):
        assert phrase in said
    assert any((c.get("profile") or {}).get("role") == "caregiver" for c in cases)
    assert any(t["expect"].get("clarifies") for c in cases for t in c["turns"])


def test_turns_are_right_in_intent_and_topic(dialogue_run) -> None:  # type: ignore[no-untyped-def]
    failing = [
        (r.id, t["user"], t["checks"]) for r in dialogue_run.cases for t in r.details["turns"] if not t["correct"]
    ]
    assert dialogue_run.metrics["turn_accuracy"] >= 0.84, failing


def test_most_dialogues_pass_every_check(dialogue_run) -> None:  # type: ignore[no-untyped-def]
    assert dialogue_run.metrics["dialogues_passed"] >= 0.7, [r.id for r in dialogue_run.failures]
    assert dialogue_run.metrics["check.followups"] >= 0.95
    assert dialogue_run.metrics["check.caregiver"] >= 0.75
