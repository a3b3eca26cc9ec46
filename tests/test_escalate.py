"""The escalation reply: what to do now first, the crisis line whenever self-harm is read, one disclaimer."""

from __future__ import annotations

from rails.escalation import escalation_reply as _reply


def test_harm_already_done_gets_the_emergency_number_first_and_the_crisis_line() -> None:
    answer = _reply(["self_harm", "emergency"], ["described_urgent_symptoms"])
    assert answer.startswith("**This could be an emergency")
    assert "988" in answer and "911" in answer
    assert answer.lower().count("not medical advice") == 1


def test_thoughts_of_self_harm_alone_open_with_the_crisis_reply() -> None:
    answer = _reply(["self_harm"], [])
    assert answer.startswith("**I'm really sorry")
    assert "988" in answer
    assert "This could be an emergency" not in answer


def test_a_poisoning_names_poison_control_in_the_persons_language_first() -> None:
    answer = _reply(["emergency", "poisoning"], ["poisoning"], language="es")
    assert "Toxicolog" in answer.split("\n")[0]
    assert "1-800-222-1222" in answer
    assert answer.lower().count("not medical advice") == 1
