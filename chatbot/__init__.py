"""Lung-cancer patient-education chatbot: `Chatbot().ask(...)` returns a `Reply`."""

from chatbot.api import Chatbot
from core.models import Conversation, Profile, Reply, SafetyReport, Source

__all__ = ["Chatbot", "Conversation", "Profile", "Reply", "SafetyReport", "Source"]
