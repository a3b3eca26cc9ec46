"""Import guardrails-ai once, offline and without telemetry, whatever imports it first."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_NLTK_DATA = Path(__file__).resolve().parent / "data" / "nltk_data"

os.environ.setdefault("OTEL_SDK_DISABLED", "true")
os.environ.setdefault("GUARDRAILS_RUN_SYNC", "true")
# jsonschema (under guardrails) builds 38 IRI grammars when it is imported and rfc3987-syntax is installed:
# five seconds of every start, for a format no rail validates. Without the module it skips them.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
os.environ["NLTK_DATA"] = os.pathsep.join(p for p in (str(_NLTK_DATA), os.environ.get("NLTK_DATA")) if p)

from guardrails import Guard, OnFailAction  # noqa: E402
from guardrails.validators import (  # noqa: E402
    FailResult,
    PassResult,
    ValidationResult,
    Validator,
    register_validator,
)

__all__ = ["FailResult", "Guard", "OnFailAction", "PassResult", "ValidationResult", "Validator", "register_validator"]
