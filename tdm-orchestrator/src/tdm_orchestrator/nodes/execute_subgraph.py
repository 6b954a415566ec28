"""execute_subgraph: run the plan's agent subgraphs in order (spec 15.4).

The master graph loops `execute_subgraph -> <agent subgraph> -> execute_subgraph` until the plan is
done, then goes to `finalize`. Each pass of this dispatcher
  * notes that the previous step finished (its subgraph wrote `step_results[step]`),
  * pauses for an approval when the request or the target environment asks for one,
  * fills the next step's chained inputs from earlier results (subset -> mask -> provision pass
    dataset ids this way) and routes to that step's subgraph.
Subgraphs are graph nodes sharing the master's checkpointer, so a crash inside one resumes at its
last completed inner node.
"""

from __future__ import annotations

from typing import Any

from tdm_core.errors import TDMError
from tdm_metadata_store.repositories.environments import EnvironmentRepository

from tdm_orchestrator.events import STEP_COMPLETED, STEP_STARTED
from tdm_orchestrator.graphs.common import MASTER, approval_gate
from tdm_orchestrator.jobrun import current_run
from tdm_orchestrator.runtime import get_runtime
from tdm_orchestrator.state import TDMState

FINALIZE = "finalize"


def _environment_approval(step: dict[str, Any]) -> str | None:
    if step["step"] != "provision":
        return None
    target = step["input"].get("target_env")
    if not isinstance(target, str):
        return None
    with get_runtime().session() as session:
        environment = EnvironmentRepository(session).get_by_name(target)
        if environment is not None and environment.requires_approval:
            return f"environment {target} requires an approval before provisioning"
    return None


def _chained_input(step: dict[str, Any], results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    body = dict(step["input"])
    for field, (source_step, output_key) in (step.get("chain") or {}).items():
        value = (results.get(source_step) or {}).get(output_key)
        if value is None:
            raise TDMError(
                f"step {step['step']!r} needs {output_key} from step {source_step!r}, which produced none"
            )
        body[field] = value
    return body


def execute_subgraph(state: TDMState) -> dict[str, Any]:
    plan = state.get("operation_plan") or []
    results = state.get("step_results") or {}
    index = state.get("step_index", 0)
    finished = index < len(plan) and plan[index]["step"] in results
    next_index = index + 1 if finished else index
    if next_index < len(plan):
        step = plan[next_index]
        reasons = []
        if step["step"] in (state.get("require_approval_before") or []):
            reasons.append(f"the request asks for an approval before {step['step']}")
        environment_reason = _environment_approval(step)
        if environment_reason:
            reasons.append(environment_reason)
        if reasons:
            approval_gate(
                state,
                step["step"],
                MASTER,
                reason="; ".join(reasons),
                force=True,
                environment=step["input"].get("target_env") if environment_reason else None,
            )
    reporter = current_run(state["job_id"]).reporter
    if finished:
        done = plan[index]
        reporter.emit(
            STEP_COMPLETED,
            f"step {done['step']} ({done['agent']}) completed",
            details={"step": done["step"], "agent": done["agent"], "index": index, "of": len(plan)},
        )
    if next_index >= len(plan):
        return {"step_index": next_index, "step_input": {}}
    step = plan[next_index]
    step_input = _chained_input(step, results)
    reporter.emit(
        STEP_STARTED,
        f"step {step['step']} ({step['agent']}) started",
        details={"step": step["step"], "agent": step["agent"], "index": next_index, "of": len(plan)},
    )
    return {"step_index": next_index, "step_input": step_input}


def route_next_step(state: TDMState) -> str:
    """Conditional edge: the agent subgraph of the current step, or finalize when all are done."""
    plan = state.get("operation_plan") or []
    index = state.get("step_index", 0)
    if index >= len(plan):
        return FINALIZE
    return str(plan[index]["agent"])
