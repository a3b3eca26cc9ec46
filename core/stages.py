"""Stage names: "stage 4", "IVB", "Stage III" all belong to one family (I to IV)."""

from __future__ import annotations


def stage_family(stage: str | None) -> str | None:
    """The Roman family of a stage as people write it, or None when nothing is told."""
    if not stage:
        return None
    s = str(stage).strip().upper().replace("STAGE", "").strip()
    for roman in ("IV", "III", "II", "I"):
        if s.startswith(roman):
            return roman
    return {"4": "IV", "3": "III", "2": "II", "1": "I"}.get(s[:1], s.lower() or None)
