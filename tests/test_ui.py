"""The web chat through Streamlit's AppTest: ask, read sources, click a follow-up."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from chatbot.settings import PACKAGE_ROOT

APP = str(PACKAGE_ROOT / "ui" / "app.py")


def test_ask_shows_answer_notice_sources_and_followups(bot) -> None:  # type: ignore[no-untyped-def]
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert any("not medical advice" in i.value for i in at.info)
    at.chat_input[0].set_value("What is osimertinib?").run()
    text = " ".join(m.value for m in at.markdown)
    assert "EGFR" in text and "not medical advice" in text
    assert at.expander and "Sources" in at.expander[0].label
    assert len(at.button) >= 2


def test_clicking_a_followup_asks_it(bot) -> None:  # type: ignore[no-untyped-def]
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.chat_input[0].set_value("What is osimertinib?").run()
    followup = next(b for b in at.button if "side effects" in b.label.lower())
    followup.click().run()
    assert len(at.session_state.turns) == 2
    assert at.session_state.turns[1][0] == followup.label


def test_emergency_is_shown_as_an_alert(bot) -> None:  # type: ignore[no-untyped-def]
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.chat_input[0].set_value("I am coughing up blood").run()
    assert at.error and "emergency" in at.error[0].value.lower()
