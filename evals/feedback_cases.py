"""User feedback from the web chat turned into eval cases: `lung-chat eval-cases --from-feedback`.

The web chat appends one JSON object per rating to `<data dir>/feedback.jsonl` (`ts`, `thread_id`,
`question`, `answer`, `intent`, `sources`, `rating` +1/-1, `comment`). A thumbs-down becomes a
review case: the observed answer and sources, an empty `must_include` for a reviewer to fill, and
`status: needs_review`. A thumbs-up becomes a retrieval regression case: the question must keep
finding the documents that were shown. Cases are de-duplicated by question and appended, so
existing cases (and a reviewer's edits) are never lost. Personal details are redacted, because the
cases file is committed.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rails.pii import redact

DEFAULT_OUT = Path(__file__).resolve().parent / "datasets" / "feedback_cases.yaml"
HEADER = """\
# Eval cases from user feedback, written by `lung-chat eval-cases --from-feedback`.
# review: thumbs-down answers. Fill in must_include (and must_not_include), then set status: ready.
# retrieval: thumbs-up answers. The question must keep finding the documents that were shown.
"""


class FeedbackError(ValueError):
    """The feedback or the cases file cannot be read."""


@dataclass
class ConversionReport:
    out: Path
    records: int = 0
    review_added: int = 0
    retrieval_added: int = 0
    duplicates: int = 0
    skipped: list[str] = field(default_factory=list)

    def describe(self) -> str:
        lines = [
            f"{self.records} feedback records: {self.review_added} review cases and "
            f"{self.retrieval_added} retrieval cases added to {self.out}, {self.duplicates} already there."
        ]
        lines += [f"  skipped {reason}" for reason in self.skipped]
        return "\n".join(lines)


def question_key(question: str) -> str:
    """Two wordings that differ only in case, spacing or end punctuation are one question."""
    return re.sub(r"\s+", " ", question).strip().strip("?!. ").casefold()


def case_id(prefix: str, question: str) -> str:
    return f"{prefix}-{hashlib.sha1(question_key(question).encode('utf-8')).hexdigest()[:10]}"


def _clean(text: Any) -> str:
    return redact(str(text or ""))[0].strip()


def read_feedback(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """The usable records, and why each other line was left out."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise FeedbackError(f"could not read the feedback file {path}: {exc}") from exc
    records, skipped = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            skipped.append(f"line {number}: not JSON")
            continue
        if not isinstance(record, dict) or not str(record.get("question") or "").strip():
            skipped.append(f"line {number}: no question")
            continue
        if record.get("rating") not in (1, -1):
            skipped.append(f"line {number}: rating must be 1 or -1")
            continue
        records.append(record)
    return records, skipped


def _sources(record: dict[str, Any]) -> list[str]:
    raw = record.get("sources") or []
    ids = [s.get("id") if isinstance(s, dict) else s for s in raw] if isinstance(raw, list) else []
    return list(dict.fromkeys(str(i) for i in ids if i))


def review_case(record: dict[str, Any]) -> dict[str, Any]:
    question = _clean(record["question"])
    return {
        "id": case_id("fb", question),
        "question": question,
        "observed_answer": _clean(record.get("answer")),
        "observed_intent": str(record.get("intent") or ""),
        "observed_sources": _sources(record),
        "comment": _clean(record.get("comment")),
        "feedback_ts": str(record.get("ts") or ""),
        "must_include": [],
        "must_not_include": [],
        "status": "needs_review",
    }


def retrieval_case(record: dict[str, Any]) -> dict[str, Any]:
    question = _clean(record["question"])
    return {"id": case_id("fbr", question), "q": question, "relevant": _sources(record), "from_feedback": True}


def load_cases(path: Path) -> dict[str, list[dict[str, Any]]]:
    if not path.exists():
        return {"review": [], "retrieval": []}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise FeedbackError(f"could not read the cases file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise FeedbackError(f"{path} must hold a mapping with 'review' and 'retrieval' lists")
    return {"review": list(data.get("review") or []), "retrieval": list(data.get("retrieval") or [])}


def convert(source: Path, out: Path = DEFAULT_OUT) -> ConversionReport:
    records, skipped = read_feedback(source)
    cases = load_cases(out)
    report = ConversionReport(out=out, records=len(records), skipped=skipped)
    seen = {
        "review": {question_key(str(c.get("question", ""))) for c in cases["review"]},
        "retrieval": {question_key(str(c.get("q", ""))) for c in cases["retrieval"]},
    }
    for record in records:
        if record["rating"] == -1:
            kind, case = "review", review_case(record)
            key = question_key(case["question"])
        else:
            kind, case = "retrieval", retrieval_case(record)
            key = question_key(case["q"])
            if not case["relevant"]:
                report.skipped.append(f"thumbs-up without sources: {case['q'][:60]!r}")
                continue
        if key in seen[kind]:
            report.duplicates += 1
            continue
        seen[kind].add(key)
        cases[kind].append(case)
        if kind == "review":
            report.review_added += 1
        else:
            report.retrieval_added += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(cases, sort_keys=False, allow_unicode=True, width=120)
    out.write_text(HEADER + body, encoding="utf-8")
    return report
