"""Wiring only: the nodes and routes of the agent."""

from __future__ import annotations

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from .classify import classify
from .compose import compose
from .context import Context
from .escalate import escalate
from .fixed_reply import fixed_reply
from .input_guard import input_guard
from .output_guard import output_guard
from .personalise import personalise
from .retrieve import retrieve
from .routing import route_after_input, route_after_personalise
from .state import InputState, State
from .suggest import finish, suggest
from .warn_first import warn_first

Agent = CompiledStateGraph[State, Context, InputState, State]


def build_graph(checkpointer: BaseCheckpointSaver | None = None) -> Agent:
    builder = StateGraph(State, context_schema=Context, input_schema=InputState)
    builder.add_node("input_guard", input_guard)
    builder.add_node("escalate", escalate)
    builder.add_node("fixed_reply", fixed_reply)
    builder.add_node("finish", finish)
    builder.add_node("classify", classify)
    builder.add_node("retrieve", retrieve)
    builder.add_node("compose", compose)
    builder.add_node("personalise", personalise)
    builder.add_node("output_guard", output_guard)
    builder.add_node("warn_first", warn_first)
    builder.add_node("suggest", suggest)

    builder.add_edge(START, "input_guard")
    builder.add_conditional_edges("input_guard", route_after_input, ["escalate", "fixed_reply", "classify"])
    builder.add_edge("escalate", "finish")
    builder.add_edge("fixed_reply", "finish")
    builder.add_edge("finish", END)
    builder.add_edge("classify", "retrieve")
    builder.add_edge("retrieve", "compose")
    builder.add_edge("compose", "personalise")
    builder.add_conditional_edges("personalise", route_after_personalise, ["warn_first", "output_guard"])
    builder.add_edge("warn_first", "output_guard")
    builder.add_edge("output_guard", "suggest")
    builder.add_edge("suggest", END)
    return builder.compile(checkpointer=checkpointer)
