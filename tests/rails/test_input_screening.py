"""Screening the input: the configured rails in order, switched by configuration, failing closed."""

from __future__ import annotations

import pytest

from rails.input_screening import INPUT_RAILS, InputScreening
from tests.rails.screening import risk


def test_rails_are_switched_by_configuration() -> None:
    assert InputScreening([], risk()).check("I want to die").found == {}
    assert InputScreening(["dosing"], risk()).rails == ["dosing"]
    with pytest.raises(ValueError, match="unknown input rails"):
        InputScreening(["no_such_rail"], risk())


@pytest.mark.parametrize("rail", sorted(INPUT_RAILS))
def test_a_failing_input_rail_fails_closed_through_the_graph(rail: str, bot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    guard = bot.context.input_screening
    index = guard.rails.index(rail)
    validator = guard.validators[index]  # fault injection into the real validator

    def broken(value: object, metadata: dict) -> None:
        raise RuntimeError("injected fault")

    monkeypatch.setattr(validator, "_validate", broken)
    reply = bot.ask("my email is jo@example.com, what is osimertinib?", thread_id=f"fault-in-{rail}")
    assert reply.safety.blocked and "rail_error" in reply.safety.flags
    assert "couldn't check" in reply.answer and "not medical advice" in reply.answer.lower()
    assert reply.sources == []
    assert all("jo@example.com" not in t["content"] for t in bot.history(f"fault-in-{rail}"))
