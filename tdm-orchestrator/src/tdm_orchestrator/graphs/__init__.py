"""LangGraph graphs: the master supergraph and one subgraph per agent (spec 15.5)."""
