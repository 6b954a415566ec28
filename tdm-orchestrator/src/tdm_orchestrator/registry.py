"""The agents of this build: one line per agent.

Each line ties an agent's contract (`tdm_agents.<agent>.contract`: its step key, request, step input and
result models, its POST route) to the operation it is when it runs alone and to the builder of its
LangGraph subgraph (`tdm_orchestrator.graphs.<agent>`). Everything else derives from this table: the
master graph's nodes, `validate_request`, the API's submit routes and typed job results, and the CLI.

An agent whose graph is None is known (its route exists and its request is validated) but not in this
build: a job that needs it is refused at submission with a 501 naming it, never queued to fail later.
Adding an agent = its contract, its domain package, its subgraph module, and its builder's path on
its line.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, cast

from tdm_agents.common.contract import AgentContract
from tdm_agents.masking import contract as masking
from tdm_agents.pii_detection import contract as pii_detection
from tdm_agents.provisioning import contract as provisioning
from tdm_agents.schema_discovery import contract as schema_discovery
from tdm_agents.subsetting import contract as subsetting
from tdm_agents.synthetic import contract as synthetic

from tdm_orchestrator.errors import AgentNotAvailableError

if TYPE_CHECKING:
    from langgraph.graph.state import CompiledStateGraph
    from tdm_core.schema_model import SchemaSnapshot

    from tdm_orchestrator.settings import OrchestratorSettings


class Operation(StrEnum):
    """What a job does (spec 15.2), decided from its request by `operations.validate_request`."""

    TDM_SYNTHETIC_RUN = "TDM_SYNTHETIC_RUN"
    TDM_SUBSET_MASK_PROVISION = "TDM_SUBSET_MASK_PROVISION"
    TDM_SUBSET_ONLY = "TDM_SUBSET_ONLY"
    TDM_MASK_ONLY = "TDM_MASK_ONLY"
    TDM_PROVISION_ONLY = "TDM_PROVISION_ONLY"
    UI_BASED_SYNTHETIC_GENERATION = "UI_BASED_SYNTHETIC_GENERATION"
    API_BASED_SYNTHETIC_GENERATION = "API_BASED_SYNTHETIC_GENERATION"
    FULL_TDM_PIPELINE = "FULL_TDM_PIPELINE"
    # The two agents that also run on their own.
    SCHEMA_DISCOVERY = "SCHEMA_DISCOVERY"
    PII_CLASSIFICATION = "PII_CLASSIFICATION"


SubgraphBuilder = Callable[["OrchestratorSettings"], "CompiledStateGraph[Any]"]
SchemaCheck = Callable[[Any, "SchemaSnapshot"], None]

_HOUR = 3600
# How long a job of each operation may run unless TDM_JOB_TIME_LIMITS says otherwise: long enough for a
# large production source, short enough that a stuck job frees its worker the same day.
DEFAULT_TIME_LIMITS: dict[Operation, int] = {
    Operation.SCHEMA_DISCOVERY: 2 * _HOUR,
    Operation.PII_CLASSIFICATION: 2 * _HOUR,
    Operation.TDM_SUBSET_ONLY: 6 * _HOUR,
    Operation.TDM_MASK_ONLY: 6 * _HOUR,
    Operation.TDM_PROVISION_ONLY: 6 * _HOUR,
    Operation.TDM_SYNTHETIC_RUN: 6 * _HOUR,
    Operation.UI_BASED_SYNTHETIC_GENERATION: 6 * _HOUR,
    Operation.API_BASED_SYNTHETIC_GENERATION: 6 * _HOUR,
    Operation.TDM_SUBSET_MASK_PROVISION: 12 * _HOUR,
    Operation.FULL_TDM_PIPELINE: 12 * _HOUR,
}


def time_limit(operation: str | None, settings: OrchestratorSettings) -> int:
    """Seconds a job of `operation` may run: its configured or default limit, within the global cap."""
    try:
        default = DEFAULT_TIME_LIMITS[Operation(str(operation))]
    except ValueError:  # a job row without a known operation yet: the global cap decides
        default = 24 * _HOUR
    limit = settings.tdm_job_time_limits.get(str(operation), default)
    cap = settings.tdm_job_timeout_seconds
    return limit if cap < 0 else min(limit, cap)


@dataclass(frozen=True)
class Agent:
    contract: AgentContract
    # The operation of a job that runs only this agent; None when its input decides (synthetic).
    alone: Operation | None
    # "module:function" of its subgraph builder, imported when a graph is built (LangGraph is slow
    # to import, and the API's routes and the CLI's commands need only the contracts); None: not in
    # this build.
    graph: str | None
    # "module:function(step_model, snapshot)" raising InvalidInputError for what the schema version
    # contradicts in a request (unknown tables or columns, values of the wrong type): run at submission
    # so a bad request is a 422, not a failed job. Its errors' `loc` is relative to the step.
    schema_check: str | None = None

    @property
    def built(self) -> bool:
        return self.graph is not None

    def schema_checker(self) -> SchemaCheck | None:
        if self.schema_check is None:
            return None
        module, _, function = self.schema_check.partition(":")
        return cast(SchemaCheck, getattr(importlib.import_module(module), function))

    def builder(self) -> SubgraphBuilder:
        if self.graph is None:
            raise AgentNotAvailableError(f"agent {self.name} is not available in this build")
        module, _, function = self.graph.partition(":")
        return cast(SubgraphBuilder, getattr(importlib.import_module(module), function))

    @property
    def name(self) -> str:
        return self.contract.agent

    @property
    def step(self) -> str:
        return self.contract.step


_GRAPHS = "tdm_orchestrator.graphs"
AGENTS: tuple[Agent, ...] = (
    Agent(
        schema_discovery.CONTRACT,
        Operation.SCHEMA_DISCOVERY,
        f"{_GRAPHS}.schema_discovery:build_schema_discovery_graph",
    ),
    Agent(
        pii_detection.CONTRACT,
        Operation.PII_CLASSIFICATION,
        f"{_GRAPHS}.pii_classification:build_pii_classification_graph",
    ),
    Agent(
        subsetting.CONTRACT,
        Operation.TDM_SUBSET_ONLY,
        f"{_GRAPHS}.subsetting:build_subsetting_graph",
        schema_check="tdm_agents.subsetting.subset_parser:check_request",
    ),
    Agent(
        masking.CONTRACT,
        Operation.TDM_MASK_ONLY,
        f"{_GRAPHS}.masking:build_masking_graph",
        schema_check="tdm_agents.masking.rules:check_request",
    ),
    Agent(
        synthetic.CONTRACT,
        None,
        f"{_GRAPHS}.synthetic:build_synthetic_graph",
        schema_check="tdm_agents.synthetic.generator:check_request",
    ),
    Agent(
        provisioning.CONTRACT,
        Operation.TDM_PROVISION_ONLY,
        f"{_GRAPHS}.provisioning:build_provisioning_graph",
    ),
)

BY_STEP: dict[str, Agent] = {agent.step: agent for agent in AGENTS}
BY_NAME: dict[str, Agent] = {agent.name: agent for agent in AGENTS}
STEP_NAMES: tuple[str, ...] = tuple(BY_STEP)


def built_agents() -> tuple[Agent, ...]:
    return tuple(agent for agent in AGENTS if agent.built)


def require_built(agent_names: Iterable[tuple[str, str]], operation: str) -> None:
    """Refuse a plan needing an agent this build lacks; `agent_names` are (agent, step) pairs."""
    missing = [(agent, step) for agent, step in agent_names if not BY_NAME[agent].built]
    if missing:
        names = ", ".join(f"{agent} (step {step!r})" for agent, step in missing)
        shipped = ", ".join(sorted(agent.name for agent in built_agents()))
        raise AgentNotAvailableError(
            f"agent {names} is not available in this build: operation {operation} cannot run. "
            f"Available agents: {shipped}"
        )
