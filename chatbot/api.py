"""`Chatbot.ask`: the one entry point the UI, the CLI and the evals use."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

from chatbot.checkpoint import StorageUnavailable, delete_all_threads, delete_thread, get_checkpointer, list_threads
from chatbot.feedback import feedback_path, forget_feedback
from chatbot.logs import forget_lines, log_to
from chatbot.resources import build_context
from chatbot.text_input import normalise
from core.models import Conversation, Profile, Reply, SafetyReport, Source
from core.replies import get_replies
from core.settings import Settings, get_settings
from graph.context import Context
from graph.graph import Agent, build_graph
from rails.normalise import normalise as unmask
from rails.risk_model import ESCALATING, get_risk_model
from vectorstore.ingest import index_is_current, ingest
from vectorstore.store import IndexUnavailable, collection_ready, get_client

_graphs: dict[str, Agent] = {}
_graph_lock = threading.Lock()


def _graph(settings: Settings) -> Agent:
    key = settings.checkpoint_target
    with _graph_lock:
        if key not in _graphs:
            _graphs[key] = build_graph(get_checkpointer(key, settings.checkpoint_pool_size))
        return _graphs[key]


def ensure_index(settings: Settings | None = None) -> bool:
    """Build the index when it is missing, or bring it in line when the documents changed since it was
    last built (an update of the product's corpus); True when it was ingested now."""
    settings = settings or get_settings()
    if collection_ready(get_client(settings), settings.collection) and index_is_current(settings):
        return False
    ingest(settings)
    return True


def needs_help_now(text: str, settings: Settings) -> bool:
    """The risk rails read the whole of a long message before its length is held against it:
    an emergency or thoughts of self-harm at the end of a long story still get help first."""
    reading = get_risk_model(settings.built_dir).read(unmask(text).judged)
    return any(label in reading for label in ESCALATING)


def _one_blas_thread() -> None:
    """A turn's matrix products are small (a question against a few thousand rows): on a shared
    machine, BLAS threads waiting for a busy core cost more than they save."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


class Chatbot:
    """A guarded lung-cancer patient-education agent over the local knowledge base."""

    def __init__(self, settings: Settings | None = None, build_index: bool = True) -> None:
        self.settings = settings or get_settings()
        _one_blas_thread()
        self._log = log_to(self.settings.log_path)
        self._context: Context | None = None
        self._context_lock = threading.Lock()
        if build_index:
            ensure_index(self.settings)

    @property
    def context(self) -> Context:
        """The retriever, rails and models of this Chatbot's settings, built on first use."""
        with self._context_lock:
            if self._context is None:
                self._context = build_context(self.settings)
            return self._context

    def ask(
        self,
        text: str | bytes,
        thread_id: str | None = None,
        profile: Profile | dict[str, Any] | None = None,
    ) -> Reply:
        started = time.perf_counter()
        thread_id = thread_id or uuid.uuid4().hex
        profile_dict = (profile if isinstance(profile, Profile) else Profile(**(profile or {}))).model_dump()
        question, problem = normalise(text, self.settings.max_input_chars)
        if problem and not (problem.kind == "too_long" and needs_help_now(question, self.settings)):
            return self._fixed(problem.message, thread_id, started, f"invalid_input:{problem.kind}")
        try:
            state = _graph(self.settings).invoke(
                {"question": question, "profile": profile_dict},
                config={"configurable": {"thread_id": thread_id}},
                # One checkpoint per turn, written when the turn ends: a conversation resumes at
                # turn boundaries, and storage stays small (not one snapshot per node).
                durability="exit",
                context=self.context,
            )
        except IndexUnavailable as exc:
            return self._fixed(
                get_replies().text("index_unavailable", detail=str(exc)), thread_id, started, "index_unavailable"
            )
        except StorageUnavailable as exc:
            return self._fixed(str(exc), thread_id, started, "storage_unavailable")
        reply = Reply(
            answer=state["answer"],
            intent=state["intent"],
            sources=[Source(**s) for s in state.get("sources", [])],
            followups=state.get("followups", []),
            safety=SafetyReport(
                flags=state.get("flags", []),
                blocked=bool(state.get("blocked")),
                notes=state.get("notes", []),
            ),
            thread_id=thread_id,
            latency_ms=round((time.perf_counter() - started) * 1000, 1),
        )
        self._log.info(
            "turn thread=%s intent=%s flags=%s sources=%s latency_ms=%s question=%r",
            thread_id,
            reply.intent,
            ",".join(reply.safety.flags),
            ",".join(s.id for s in reply.sources),
            reply.latency_ms,
            state.get("stored_question", ""),  # the redacted form, as the checkpoint holds it
        )
        return reply

    def stream(
        self,
        text: str | bytes,
        thread_id: str | None = None,
        profile: Profile | dict[str, Any] | None = None,
    ) -> Iterator[str | Reply]:
        """The answer in pieces as they clear the output rails, then the whole `Reply` last.

        Nothing reaches the caller before the rails have passed it, so a piece is never
        taken back.
        """
        reply = self.ask(text, thread_id, profile)
        yield from answer_pieces(reply.answer)
        yield reply

    def warm_up(self) -> None:
        """Load every model, rail and the graph now, so the first question is answered promptly.

        Nothing is stored: the rails and the retriever see a fixed sample, not a conversation.
        """
        _graph(self.settings)
        context = self.context
        sample = "What is lung cancer?"
        context.input_screening.check(sample)
        context.intent_model.predict(sample)
        passages = context.retriever.search(sample, k=1)
        context.output_rails.check(sample, question=sample, grounding=[sample, *(p.text for p in passages)])

    def last_grounding(self, thread_id: str) -> list[str]:
        """The texts the thread's last answer was allowed to draw from (for groundedness checks)."""
        return list(self._stored(thread_id).get("grounding", []))

    def history(self, thread_id: str) -> list[dict[str, str]]:
        """The stored turns of a thread (personal details redacted)."""
        return list(self._stored(thread_id).get("history", []))

    def _stored(self, thread_id: str) -> dict[str, Any]:
        return dict(_graph(self.settings).get_state({"configurable": {"thread_id": thread_id}}).values)

    def last_sources(self, thread_id: str) -> list[Source]:
        """The sources of the thread's last answer, so a reopened conversation keeps its citations."""
        return [Source(**s) for s in self._stored(thread_id).get("sources", [])]

    def profile(self, thread_id: str) -> Profile | None:
        """The details the thread's last question was asked with; None for an unknown thread."""
        stored = self._stored(thread_id).get("profile")
        return Profile(**stored) if stored else None

    def conversations(self, limit: int = 50) -> list[Conversation]:
        """The conversations stored on this computer, the most recent first."""
        graph = _graph(self.settings)
        found: list[Conversation] = []
        for thread_id in list_threads(self.settings.checkpoint_target, self.settings.checkpoint_pool_size)[:limit]:
            snapshot = graph.get_state({"configurable": {"thread_id": thread_id}})
            history = snapshot.values.get("history", [])
            questions = [t["content"] for t in history if t["role"] == "user"]
            if not questions:
                continue
            # A first message can be stored empty (nothing left after redaction): the first one with words names it.
            title = next((q.strip().splitlines()[0] for q in questions if q.strip()), "…")
            found.append(
                Conversation(
                    thread_id=thread_id,
                    title=title[:80],
                    updated=str(snapshot.created_at or ""),
                    turns=len(questions),
                )
            )
        return found

    def delete(self, thread_id: str) -> None:
        """Erase a conversation everywhere it was written: checkpoints (with its profile), log lines, ratings."""
        delete_thread(self.settings.checkpoint_target, thread_id, self.settings.checkpoint_pool_size)
        forget_lines(self.settings.log_path, lambda line: f"thread={thread_id} " in line)
        forget_feedback(feedback_path(self.settings), thread_id)

    def delete_everything(self) -> None:
        """Erase every conversation, the whole turn log and every rating; the knowledge-base index stays."""
        delete_all_threads(self.settings.checkpoint_target, self.settings.checkpoint_pool_size)
        forget_lines(self.settings.log_path, lambda line: True)
        forget_feedback(feedback_path(self.settings))

    def _fixed(self, message: str, thread_id: str, started: float, note: str) -> Reply:
        replies = get_replies()
        answer = message if "not medical advice" in message.lower() else f"{message}\n\n{replies.disclaimer}"
        return Reply(
            answer=answer,
            intent="off_topic",
            followups=[],
            safety=SafetyReport(flags=[], blocked=True, notes=[note]),
            thread_id=thread_id,
            latency_ms=round((time.perf_counter() - started) * 1000, 1),
        )


def answer_pieces(answer: str) -> Iterator[str]:
    """Line by line, keeping the markdown layout, so a reader sees the answer build up."""
    yield from answer.splitlines(keepends=True)
