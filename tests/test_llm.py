"""The optional LLM under the same rails, with LangChain's fake chat models in place of a real one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage


class BrokenModel(GenericFakeChatModel):
    """A model whose every call fails, as a lost connection would."""

    def _generate(self, *args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("model unreachable")


def fake(*answers: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=a) for a in answers]))


@pytest.fixture()
def use_model(bot: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    def install(model: Any) -> None:
        monkeypatch.setattr(bot, "_context", replace(bot.context, chat_model=model))

    yield install


GOOD = "Osimertinib is an EGFR tyrosine kinase inhibitor, a kind of targeted therapy. [1]"
DOSE = "Osimertinib is an EGFR tyrosine kinase inhibitor. [1] Take 80 mg once a day. [1]"


def test_a_grounded_cited_llm_answer_is_shown(bot, use_model) -> None:  # type: ignore[no-untyped-def]
    retriever_text = bot.ask("What is osimertinib?", thread_id="llm-probe").sources[0].snippet
    sentence = retriever_text.split(". ")[0].rstrip(".") + ". [1]"
    use_model(fake(sentence))
    reply = bot.ask("What is osimertinib?", thread_id="llm-good")
    assert reply.answer.startswith(sentence)
    assert "not medical advice" in reply.answer.lower()
    assert reply.sources and any("llm answer on attempt 1" in n for n in reply.safety.notes)


def test_an_llm_that_emits_a_dose_is_re_asked_then_replaced(bot, use_model) -> None:  # type: ignore[no-untyped-def]
    use_model(fake(DOSE, DOSE))
    reply = bot.ask("What is osimertinib?", thread_id="llm-dose")
    assert "80 mg" not in reply.answer and "once a day" not in reply.answer
    assert "### " in reply.answer  # the grounded composer's answer
    notes = " ".join(reply.safety.notes)
    assert "attempt 1" in notes and "attempt 2" in notes and "llm fallback" in notes


def test_an_llm_that_makes_things_up_is_replaced(bot, use_model) -> None:  # type: ignore[no-untyped-def]
    made_up = "Osimertinib cures every lung cancer within a month and has no side effects. [1]"
    use_model(fake(made_up, made_up))
    reply = bot.ask("What is osimertinib?", thread_id="llm-made-up")
    assert "cures every lung cancer" not in reply.answer
    assert "llm fallback" in " ".join(reply.safety.notes)


def test_one_re_ask_is_enough_when_the_second_answer_is_clean(bot, use_model) -> None:  # type: ignore[no-untyped-def]
    probe = bot.ask("What is osimertinib?", thread_id="llm-probe-2").sources[0].snippet
    clean = probe.split(". ")[0].rstrip(".") + ". [1]"
    use_model(fake(DOSE, clean))
    reply = bot.ask("What is osimertinib?", thread_id="llm-reask")
    assert reply.answer.startswith(clean) and "80 mg" not in reply.answer
    assert any("llm answer on attempt 2" in n for n in reply.safety.notes)


def test_an_llm_error_falls_back_to_the_grounded_composer(bot, use_model) -> None:  # type: ignore[no-untyped-def]
    use_model(BrokenModel(messages=iter([])))
    reply = bot.ask("What is osimertinib?", thread_id="llm-broken")
    assert "### " in reply.answer and not reply.safety.blocked
    assert "ConnectionError" in " ".join(reply.safety.notes)


def test_dose_questions_never_reach_the_llm(bot, use_model) -> None:  # type: ignore[no-untyped-def]
    calls: list[Any] = []

    class Spy(GenericFakeChatModel):
        def _generate(self, *args: Any, **kwargs: Any) -> Any:
            calls.append(args)
            raise AssertionError("the model was asked")

    use_model(Spy(messages=iter([])))
    reply = bot.ask("how much osimertinib should I take?", thread_id="llm-dosing")
    assert reply.intent == "dosing" and calls == []
