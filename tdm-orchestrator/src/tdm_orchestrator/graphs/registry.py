"""Which agent subgraphs this build ships.

A plan step names an agent (`operations.STEP_AGENTS`); the master graph adds one node per agent
listed here. An agent missing from this table makes any job that needs it fail with
"agent X is not available in this build" before a single step runs. To ship an agent, add its
subgraph builder here (its node name must be the agent name).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langgraph.graph.state import CompiledStateGraph

from tdm_orchestrator.graphs.pii_classification import build_pii_classification_graph
from tdm_orchestrator.graphs.schema_discovery import build_schema_discovery_graph
from tdm_orchestrator.settings import OrchestratorSettings

SubgraphBuilder = Callable[[OrchestratorSettings], CompiledStateGraph[Any]]

AGENT_GRAPHS: dict[str, SubgraphBuilder] = {
    "schema_discovery": build_schema_discovery_graph,
    "pii_classification": build_pii_classification_graph,
}


def available_agents() -> frozenset[str]:
    return frozenset(AGENT_GRAPHS)
