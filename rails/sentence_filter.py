"""The shape shared by output rails that remove offending sentences and keep the rest."""

from __future__ import annotations

from typing import Any

from .runtime import FailResult, PassResult, ValidationResult, Validator
from .text import remove_sentences


class SentenceFilter(Validator):
    """Fails with the text minus every sentence `offends` rejects as the fix."""

    what = "content this rail does not allow"

    def offends(self, sentence: str, metadata: dict[str, Any]) -> bool:
        raise NotImplementedError

    def prepare(self, metadata: dict[str, Any]) -> dict[str, Any]:
        """Work done once per answer (not per sentence); the result is passed to `offends`."""
        return metadata

    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        context = self.prepare(metadata)
        cleaned, removed = remove_sentences(str(value), lambda s: self.offends(s, context))
        if not removed:
            return PassResult()
        return FailResult(
            error_message=f"{len(removed)} sentence(s) with {self.what}",
            fix_value=cleaned,
            metadata={"removed": removed},
        )
