"""`lung-chat`: ingest the corpus, ask a question, chat in the terminal, start the UI, run evals."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from core.paths import PACKAGE_ROOT
from core.settings import get_settings


def _read_profile(path: str | None) -> dict[str, Any] | None:
    if not path:
        return None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SystemExit(f"lung-chat: could not read the profile file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise SystemExit(f"lung-chat: the profile file {path} must hold a JSON object")
    return data


def _print_reply(reply: Any, as_json: bool) -> None:
    if as_json:
        print(reply.model_dump_json(indent=2))
        return
    print(reply.answer)
    if reply.sources:
        print("\nSources:")
        for i, s in enumerate(reply.sources, start=1):
            print(f"  [{i}] {s.title} ({s.section}) - {s.citation}")
    if reply.followups:
        print("\nYou could also ask:")
        for q in reply.followups:
            print(f"  - {q}")


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from vectorstore.ingest import ingest

    def progress(batches: Any, total: int) -> Any:
        bar = tqdm(total=total, unit="chunk", desc="Embedding", disable=total == 0)
        for batch in batches:
            yield batch
            bar.update(len(batch))
        bar.close()

    if args.from_dir:
        from vectorstore.loaders import LoaderError, add_documents

        try:
            added = add_documents(Path(args.from_dir), get_settings())
        except LoaderError as exc:
            print(f"lung-chat ingest: nothing was added:\n{exc}", file=sys.stderr)
            return 2
        for label, ids in (("added", added.added), ("updated", added.updated), ("unchanged", added.unchanged)):
            if ids:
                print(f"{label}: {', '.join(ids)}")
    report = ingest(get_settings(), progress=progress, rebuild=args.rebuild)
    from chatbot.resources import prepare_models

    print("Preparing the intent, safety and language models (minutes the first time, then stored)...", file=sys.stderr)
    prepare_models(get_settings())
    print(
        f"{report.documents} documents, {report.chunks} chunks: "
        f"{report.added} added, {report.removed} removed, {report.unchanged} unchanged."
    )
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from vectorstore.loaders import LoaderError, remove_document

    try:
        removed = remove_document(args.doc_id, get_settings())
    except LoaderError as exc:
        print(f"lung-chat remove: {exc}", file=sys.stderr)
        return 2
    print(f"Removed {args.doc_id} ({removed} passages).")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from vectorstore.loaders import list_documents

    rows = list_documents(get_settings())
    if args.json:
        print(json.dumps([row.__dict__ for row in rows], indent=2))
        return 0
    if not rows:
        print("The index is empty. Build it with: lung-chat ingest")
        return 0
    width = max(len(r.id) for r in rows)
    for r in rows:
        origin = "added   " if r.added else "built-in"
        print(f"{r.id:<{width}}  {origin}  reviewed {r.reviewed}  {r.passages:>3} passages  {r.title} ({r.citation})")
    added = sum(r.added for r in rows)
    print(f"\n{len(rows)} documents ({added} added), {sum(r.passages for r in rows)} passages.")
    return 0


def _arg_text(raw: str) -> str | bytes:
    """Command-line text as given; undecodable bytes come back as bytes for a clear message."""
    try:
        raw.encode("utf-8")
        return raw
    except UnicodeEncodeError:
        return os.fsencode(raw)


def cmd_ask(args: argparse.Namespace) -> int:
    from chatbot import Chatbot

    text: str | bytes = _arg_text(args.question) if args.question != "-" else sys.stdin.buffer.read()
    reply = Chatbot().ask(text, thread_id=args.thread, profile=_read_profile(args.profile))
    _print_reply(reply, args.json)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    import uuid

    from chatbot import Chatbot

    bot = Chatbot()
    thread = args.thread or uuid.uuid4().hex
    profile = _read_profile(args.profile)
    print(f"Lung-cancer information chat (thread {thread}). Not medical advice. Type 'quit' to leave.\n")
    while True:
        try:
            line = input("you> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if line.strip().lower() in {"quit", "exit", "bye"}:
            return 0
        _print_reply(bot.ask(line, thread_id=thread, profile=profile), as_json=False)
        print()


def cmd_ui(args: argparse.Namespace) -> int:
    """Warm the chatbot up in this process, then serve the web chat from it.

    Streamlit runs the app's script in the serving process, so the first visitor finds the
    index open, the models loaded and the rails built.
    """
    from streamlit.web import cli as streamlit_cli

    from chatbot.api import Chatbot

    print("lung-chat: loading the knowledge base and models...", file=sys.stderr)
    Chatbot().warm_up()
    app = PACKAGE_ROOT / "ui" / "app.py"
    options = [
        "--server.address",
        args.host,
        "--server.port",
        str(args.port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    try:
        streamlit_cli.main.main(args=["run", str(app), *options], prog_name="streamlit", standalone_mode=False)
    except KeyboardInterrupt:
        pass
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from evals.runner import run

    return run(
        args.suite,
        json_out=args.json,
        html_out=args.html,
        baseline=args.baseline,
        thresholds_path=args.thresholds,
        progress=not args.no_progress,
    )


def cmd_eval_cases(args: argparse.Namespace) -> int:
    from evals.feedback_cases import DEFAULT_OUT, FeedbackError, convert

    source = Path(args.from_feedback) if args.from_feedback else get_settings().resolved_data_dir / "feedback.jsonl"
    try:
        report = convert(source, Path(args.out) if args.out else DEFAULT_OUT)
    except FeedbackError as exc:
        print(f"lung-chat eval-cases: {exc}", file=sys.stderr)
        return 2
    print(report.describe())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lung-chat", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="build or update the index from the corpus and the added documents")
    p.add_argument("--rebuild", action="store_true", help="drop the index and build it again")
    p.add_argument(
        "--from",
        dest="from_dir",
        metavar="DIR",
        help="add your own Markdown, HTML and PDF documents from DIR (each with title, source and review date)",
    )
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("remove", help="take a document added with 'ingest --from' out of the index")
    p.add_argument("doc_id")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("list", help="show the documents in the index")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("ask", help="ask one question ('-' reads it from standard input)")
    p.add_argument("question")
    p.add_argument("--thread", help="conversation id; the same id continues a conversation")
    p.add_argument("--profile", help="JSON file with role, histology, stage, biomarkers, treatments")
    p.add_argument("--json", action="store_true", help="print the whole Reply as JSON")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", help="a conversation in the terminal")
    p.add_argument("--thread")
    p.add_argument("--profile")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("ui", help="start the web chat")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8501)
    p.set_defaults(func=cmd_ui)

    p = sub.add_parser("eval", help="run the offline eval suites; exit 1 when a threshold is missed")
    p.add_argument(
        "--suite",
        default="all",
        help="all, one suite or a comma-separated list: retrieval, intent, safety, answers, dialogues, bench",
    )
    p.add_argument("--json", help="write the results as JSON (layout: evals/schema.py) to this file")
    p.add_argument("--html", help="write a self-contained HTML report to this file")
    p.add_argument("--baseline", help="a previous --json file: list cases that changed verdict and metric deltas")
    p.add_argument("--thresholds", default=None, help="thresholds file (default: evals/thresholds.toml)")
    p.add_argument("--no-progress", action="store_true", help="no progress bars (for logs)")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("eval-cases", help="turn saved user feedback into eval cases to review")
    p.add_argument(
        "--from-feedback",
        nargs="?",
        const="",
        default="",
        metavar="PATH",
        help="feedback file written by the web chat (default: <data dir>/feedback.jsonl)",
    )
    p.add_argument("--out", help="cases file to extend (default: evals/datasets/feedback_cases.yaml)")
    p.set_defaults(func=cmd_eval_cases)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from chatbot.checkpoint import StorageUnavailable
    from vectorstore.store import IndexUnavailable

    try:
        return int(args.func(args))
    except (IndexUnavailable, StorageUnavailable) as exc:
        print(f"lung-chat: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
