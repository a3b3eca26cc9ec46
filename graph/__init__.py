"""The LangGraph agent: typed state, one module per node, and the wiring in graph.py."""
