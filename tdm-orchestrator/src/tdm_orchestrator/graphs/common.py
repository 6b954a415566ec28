"""What every node of every graph shares: boundary checks, approval gates, events, retries, and the
one way an agent subgraph is built (`linear_subgraph`), reaches its source (`open_source_of`) and hands
back its result (`step_output`).

`instrumented(name, subgraph, fn)` wraps a node function so that, in order, it
  1. stops the run if the job was cancelled, the worker is draining, or the lease moved on;
  2. pauses for a human approval when the request lists this node in `require_approval_before`
     (LangGraph `interrupt`; the node runs again from the top once the job is resumed);
  3. reports node_started / node_completed (or node_failed) with durations and output sizes.
Only small summaries (counts, ids) go into events: never values from the data.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from langgraph.errors import GraphBubbleUp
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import RetryPolicy, interrupt
from sqlalchemy import Engine
from tdm_agents.common.contract import AgentContract
from tdm_agents.common.sources import open_source

from tdm_orchestrator.errors import ApprovalRejected, DrainRequested, JobCancelled, LeaseLost, is_transient
from tdm_orchestrator.jobrun import current_run
from tdm_orchestrator.runtime import get_runtime
from tdm_orchestrator.settings import OrchestratorSettings
from tdm_orchestrator.state import TDMState

NodeFn = Callable[[TDMState], Mapping[str, Any]]
MASTER = "master"


class StateNode(Protocol):
    """A node as LangGraph types it: called with the state (the parameter must be named `state`)."""

    def __call__(self, state: TDMState) -> dict[str, Any]: ...


def retry_policy(settings: OrchestratorSettings) -> RetryPolicy:
    """Backoff retries for transient errors only (lost connections, 429/5xx); bad input fails at once."""
    return RetryPolicy(
        initial_interval=settings.tdm_node_retry_initial_seconds,
        backoff_factor=settings.tdm_node_retry_backoff,
        max_interval=settings.tdm_node_retry_max_seconds,
        max_attempts=settings.tdm_node_retry_attempts,
        jitter=True,
        retry_on=is_transient,
    )


def approval_gate(
    state: TDMState,
    name: str,
    subgraph: str,
    *,
    reason: str | None = None,
    force: bool = False,
    environment: str | None = None,
) -> None:
    """Pause before `name` until approved; raise ApprovalRejected when rejected.

    On the first pass `interrupt` stops the graph (the job becomes `awaiting_approval`); when the job
    is resumed with `Command(resume=decision)`, the same call returns that decision.
    """
    wanted = force or name in (state.get("require_approval_before") or [])
    if not wanted:
        return
    decision = interrupt(
        {
            "type": "approval",
            "before": name,
            "subgraph": subgraph,
            "reason": reason or f"the request asks for an approval before {name}",
            # An environment that requires approval (four-eyes applies by default).
            **({"environment": environment} if environment else {}),
        }
    )
    if isinstance(decision, Mapping) and decision.get("approved") is True:
        return
    by = decision.get("by") if isinstance(decision, Mapping) else None
    comment = decision.get("comment") if isinstance(decision, Mapping) else None
    message = f"rejected by {by or 'an approver'} before {name}"
    raise ApprovalRejected(message + (f": {comment}" if comment else ""))


def summarize(update: Mapping[str, Any]) -> dict[str, Any]:
    """Sizes and ids of a node's output, for events (no data values)."""
    summary: dict[str, Any] = {}
    for key, value in update.items():
        if isinstance(value, list | dict | tuple):
            summary[key] = len(value)
        elif key.endswith(("_id", "_index")) or isinstance(value, bool | int):
            summary[key] = value
    return summary


class _Heartbeat(threading.Thread):
    """While a node runs, a `node_running` event every `interval` seconds: a stuck node shows up in the
    job's events (and its live state says since when), instead of a silent job."""

    def __init__(self, reporter: Any, node: str, subgraph: str, interval: float) -> None:
        super().__init__(name=f"tdm-heartbeat-{node}", daemon=True)
        self.reporter, self.node, self.subgraph, self.interval = reporter, node, subgraph, interval
        self.started = time.monotonic()
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.interval):
            try:
                self.reporter.node_running(self.node, self.subgraph, time.monotonic() - self.started)
            except Exception:  # noqa: S112 - progress reporting must never break the node it reports on
                continue

    def __enter__(self) -> _Heartbeat:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.done.set()


def instrumented(name: str, subgraph: str, fn: NodeFn) -> StateNode:
    @functools.wraps(fn)
    def node(state: TDMState) -> dict[str, Any]:
        run = current_run(state["job_id"])
        run.check_boundary()
        approval_gate(state, name, subgraph)
        run.reporter.node_started(name, subgraph)
        started = time.monotonic()
        heartbeat = _Heartbeat(run.reporter, name, subgraph, run.runtime.settings.tdm_node_heartbeat_seconds)
        try:
            with heartbeat:
                update = dict(fn(state))
        except (GraphBubbleUp, JobCancelled, DrainRequested, LeaseLost):
            raise  # an interrupt, or the run being stopped from outside: not a failure of the node
        except Exception as exc:
            run.reporter.node_failed(name, subgraph, exc, transient=is_transient(exc))
            raise
        run.reporter.node_completed(name, subgraph, time.monotonic() - started, summarize(update))
        update["current_node"] = name
        return update

    return node


def linear_subgraph(
    contract: AgentContract,
    nodes: Sequence[tuple[str, NodeFn]],
    settings: OrchestratorSettings,
    state_schema: type[Any] = TDMState,
) -> CompiledStateGraph[Any]:
    """An agent's subgraph: its nodes in order, each instrumented and retried on transient errors.

    Compiled without a checkpointer: added to the master graph as a node, it shares the master's.
    `state_schema`: the master state, or a subclass with the agent's own (checkpointed) keys.
    """
    graph = StateGraph(state_schema)
    policy = retry_policy(settings)
    previous = START
    for name, fn in nodes:
        # input_schema: the wrapper is typed with the master state; the node may read its own keys.
        graph.add_node(
            name, instrumented(name, contract.agent, fn), retry_policy=policy, input_schema=state_schema
        )
        graph.add_edge(previous, name)
        previous = name
    graph.add_edge(previous, END)
    return graph.compile(name=contract.agent)


def open_source_of(reference: Mapping[str, Any]) -> tuple[Engine, str]:
    """The source database behind a connection reference: (cached engine, name without password)."""
    with get_runtime().session() as session:
        return open_source(dict(reference), session)


def step_output(
    contract: AgentContract,
    result: Mapping[str, Any],
    *,
    lineage: Sequence[Mapping[str, Any]] = (),
    connection: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """`step_results[step]`: the public result, checked against the contract's result model, plus what
    finalize uses and hides (lineage edges to write, the connection reference a later step may take)."""
    output: dict[str, Any] = contract.result.model_validate(dict(result)).model_dump(mode="json")
    if lineage:
        output["lineage"] = [dict(edge) for edge in lineage]
    if connection is not None:
        output["connection"] = dict(connection)
    return output
