"""The master supergraph (spec 15.1):

    parse_request -> decide_operation -> execute_subgraph --(next step)--> <agent subgraph> --+
                                              ^  \\--(plan done)--> finalize -> END          |
                                              +-----------------------------------------------+

Agent subgraphs are compiled graphs added as nodes, so the one checkpointer (PostgresSaver,
thread_id = job_id) records their inner nodes too: a job resumed after a crash continues at the
last completed inner node, and no completed node runs again.
"""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from tdm_orchestrator.graphs.common import MASTER, instrumented, retry_policy
from tdm_orchestrator.nodes.decide_operation import decide_operation
from tdm_orchestrator.nodes.execute_subgraph import FINALIZE, execute_subgraph, route_next_step
from tdm_orchestrator.nodes.finalize import finalize
from tdm_orchestrator.nodes.parse_request import parse_request
from tdm_orchestrator.registry import built_agents
from tdm_orchestrator.settings import OrchestratorSettings
from tdm_orchestrator.state import TDMState

MASTER_NODES = ("parse_request", "decide_operation", "execute_subgraph", FINALIZE)


def build_master_graph(settings: OrchestratorSettings | None = None) -> StateGraph[Any]:
    settings = settings or OrchestratorSettings.load()
    policy = retry_policy(settings)
    graph = StateGraph(TDMState)
    graph.add_node("parse_request", instrumented("parse_request", MASTER, parse_request), retry_policy=policy)
    graph.add_node(
        "decide_operation", instrumented("decide_operation", MASTER, decide_operation), retry_policy=policy
    )
    graph.add_node(
        "execute_subgraph", instrumented("execute_subgraph", MASTER, execute_subgraph), retry_policy=policy
    )
    graph.add_node(FINALIZE, instrumented(FINALIZE, MASTER, finalize), retry_policy=policy)
    agents = [agent.name for agent in built_agents()]
    for agent in built_agents():
        graph.add_node(agent.name, agent.builder()(settings))
        graph.add_edge(agent.name, "execute_subgraph")
    graph.add_edge(START, "parse_request")
    graph.add_edge("parse_request", "decide_operation")
    graph.add_edge("decide_operation", "execute_subgraph")
    graph.add_conditional_edges(
        "execute_subgraph", route_next_step, {**{name: name for name in agents}, FINALIZE: FINALIZE}
    )
    graph.add_edge(FINALIZE, END)
    return graph


def compile_master(
    checkpointer: BaseCheckpointSaver[Any] | None, settings: OrchestratorSettings | None = None
) -> CompiledStateGraph[Any]:
    return build_master_graph(settings).compile(checkpointer=checkpointer, name=MASTER)
