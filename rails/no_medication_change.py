"""Output rail: no instruction to start, stop or change a medicine; that is decided with the care team.

"Do not stop taking it without talking to your care team" is safe and stays.
"""

from __future__ import annotations

import re
from typing import Any

from core.drugs import get_lexicon

from .output_lexicon import get_output_lexicon
from .runtime import register_validator
from .sentence_filter import SentenceFilter

OBJECT_WINDOW = 70  # characters after the verb in which the medicine must be named
MARKUP = re.compile(r"[*_`>#]+")


def is_medication_instruction(sentence: str) -> bool:
    lex = get_output_lexicon()
    plain = MARKUP.sub("", sentence).strip()
    for m in lex.change_verb.finditer(plain):
        window = plain[m.end() : m.end() + OBJECT_WINDOW]
        names_medicine = bool(lex.change_object.match(window.lstrip()) or get_lexicon().find(window))
        if names_medicine and not lex.change_safe.search(plain[: m.end()]):
            return True
    return False


@register_validator(name="lung-chat/no-medication-change", data_type="string")
class NoMedicationChange(SentenceFilter):
    what = "an instruction to start, stop or change a medicine"

    def offends(self, sentence: str, metadata: dict[str, Any]) -> bool:
        return is_medication_instruction(sentence)
