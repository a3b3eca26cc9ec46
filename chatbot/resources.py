"""The graph's runtime context, built from one Chatbot's settings: its index, its rails, its models."""

from __future__ import annotations

import threading

from langchain_core.language_models import BaseChatModel

from answer.intent_model import get_intent_model
from core.settings import Settings
from graph.context import Context
from rails.input_screening import InputScreening
from rails.language import get_language_model
from rails.output_rails import OutputRails
from rails.risk_model import get_risk_model
from vectorstore.retriever import Retriever


def chat_model(name: str | None) -> BaseChatModel | None:
    """The optional LLM (`LUNG_CHAT_LLM`, any init_chat_model string), or None: the grounded composer answers alone."""
    if not name:
        return None
    from langchain.chat_models import init_chat_model

    return init_chat_model(name)


# What a retriever reads from its settings: Chatbots that agree on these share one (its vectors are read once).
RETRIEVAL_SETTINGS = {"qdrant_url", "index_path", "data_dir", "collection", "top_k", "prefetch_k"}
_retrievers: dict[str, Retriever] = {}
_lock = threading.Lock()


def retriever_for(settings: Settings) -> Retriever:
    key = settings.model_dump_json(include=RETRIEVAL_SETTINGS)
    with _lock:
        if key not in _retrievers:
            _retrievers[key] = Retriever(settings)
        return _retrievers[key]


def prepare_models(settings: Settings) -> None:
    """Train every learned model a start reads (or find it already stored with the index), so that the first
    start after an ingest answers in seconds, not after minutes of training."""
    models = settings.built_dir
    get_intent_model(models)
    get_risk_model(models)
    get_language_model(models)


def build_context(settings: Settings) -> Context:
    """Raises IndexUnavailable when the index is missing or cannot be read."""
    models = settings.built_dir
    return Context(
        retriever=retriever_for(settings),
        input_screening=InputScreening(settings.input_rails, get_risk_model(models)),
        output_rails=OutputRails(settings.output_rails),
        intent_model=get_intent_model(models),
        language_model=get_language_model(models),
        chat_model=chat_model(settings.llm),
    )
