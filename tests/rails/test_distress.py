"""The distress rail: fear, grief or hopelessness get support, not the crisis reply."""

from __future__ import annotations

import pytest

from tests.rails.screening import verdict


@pytest.mark.parametrize("text", ["I'm so scared. Am I going to die?", "Am I going to die from lung cancer?"])
def test_fear_of_dying_is_distress_not_a_crisis(text: str) -> None:
    assert "self_harm" not in verdict("self_harm", text)
    assert "distress" in verdict("distress", text)
