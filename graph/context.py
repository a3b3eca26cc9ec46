"""What the nodes work with, built once per Chatbot from its own settings and handed to every run
(LangGraph's runtime context): two Chatbots in one process can differ in rails, index or model."""

from __future__ import annotations

from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel

from answer.intent_model import IntentModel
from rails.input_screening import InputScreening
from rails.language import LanguageModel
from rails.output_rails import OutputRails
from vectorstore.retriever import Retriever


@dataclass(frozen=True)
class Context:
    retriever: Retriever
    input_screening: InputScreening  # every input rail, read as one verdict
    output_rails: OutputRails  # every output rail, run in the safe order
    intent_model: IntentModel
    language_model: LanguageModel
    chat_model: BaseChatModel | None = None  # the optional LLM that phrases answers; None: the composer alone
