"""Process-wide resources the nodes share: built once, because each is costly to open."""

from __future__ import annotations

from functools import lru_cache

from langchain_core.language_models import BaseChatModel

from chatbot.rails.input_guard import InputGuard
from chatbot.rails.output_guard import OutputGuard
from chatbot.settings import get_settings
from vectorstore.retriever import Retriever


@lru_cache(maxsize=1)
def get_retriever() -> Retriever:
    return Retriever(get_settings())


@lru_cache(maxsize=1)
def get_chat_model() -> BaseChatModel | None:
    """The optional LLM of `LUNG_CHAT_LLM`, or None: the grounded composer answers alone."""
    name = get_settings().llm
    if not name:
        return None
    from langchain.chat_models import init_chat_model

    return init_chat_model(name)


@lru_cache(maxsize=1)
def get_input_guard() -> InputGuard:
    return InputGuard(get_settings().input_rails)


@lru_cache(maxsize=1)
def get_output_guard() -> OutputGuard:
    return OutputGuard(get_settings().output_rails)


def reset() -> None:
    """Forget the shared resources (after the settings or the index changed)."""
    get_retriever.cache_clear()
    get_chat_model.cache_clear()
    get_input_guard.cache_clear()
    get_output_guard.cache_clear()
