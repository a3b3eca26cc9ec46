"""Output rail: no instruction to start, stop or change a medicine; that is decided with the care team.

"Do not stop taking it without talking to your care team" is safe and stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from core.drugs import get_lexicon

from ..own_data import own_data, rx
from ..runtime import register_validator
from ..sentence_filter import SentenceFilter

OBJECT_WINDOW = 70  # characters after the verb in which the medicine must be named
MARKUP = re.compile(r"[*_`>#]+")


@dataclass(frozen=True)
class ChangePatterns:
    verb: re.Pattern[str]
    object: re.Pattern[str]  # a medicine named without its name ("it", "your treatment")
    safe: re.Pattern[str]  # "do not ... without talking to your care team"


@lru_cache(maxsize=1)
def _patterns() -> ChangePatterns:
    raw = own_data(__file__, "patterns.yaml")
    change = raw["medication_change"]
    return ChangePatterns(rx(change["verb"]), rx(change["object"]), rx(raw["safe"]))


def is_medication_instruction(sentence: str) -> bool:
    lex = _patterns()
    plain = MARKUP.sub("", sentence).strip()
    for m in lex.verb.finditer(plain):
        window = plain[m.end() : m.end() + OBJECT_WINDOW]
        names_medicine = bool(lex.object.match(window.lstrip()) or get_lexicon().find(window))
        if names_medicine and not lex.safe.search(plain[: m.end()]):
            return True
    return False


@register_validator(name="lung-chat/no-medication-change", data_type="string")
class NoMedicationChange(SentenceFilter):
    what = "an instruction to start, stop or change a medicine"

    def offends(self, sentence: str, metadata: dict[str, Any]) -> bool:
        return is_medication_instruction(sentence)
