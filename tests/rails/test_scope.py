"""The scope rail: messages about something other than lung cancer get the scope reply."""

from __future__ import annotations

import pytest

from tests.rails.screening import verdict


@pytest.mark.parametrize("text", ["write me a poem about cats"])
def test_the_rail_finds_what_it_guards(text: str) -> None:
    assert "scope" in verdict("scope", text)


@pytest.mark.parametrize("text", ["what does T2N1M0 mean"])
def test_ordinary_questions_pass(text: str) -> None:
    assert "scope" not in verdict("scope", text)
