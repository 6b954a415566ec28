"""finalize: record the job's result and lineage (spec 15.1 "update job, lineage, response").

Lineage edges the steps reported (`step_results[step]["lineage"]`) are written here, in one
transaction with `jobs.result_json`; `LineageRepository.add_edge` ignores an edge already written,
so a finalize that runs again after a crash writes nothing twice. The status itself (`completed`)
is set by the runner once the graph has ended.
"""

from __future__ import annotations

import uuid
from typing import Any

from tdm_metadata_store.repositories.jobs import JobRepository
from tdm_metadata_store.repositories.lineage import LineageRepository

from tdm_orchestrator.results import job_result
from tdm_orchestrator.runtime import get_runtime
from tdm_orchestrator.state import TDMState

# Keys of a step's output that finalize uses and hides (see graphs.common.step_output).
_PRIVATE_KEYS = ("connection", "lineage")


def public_step_result(output: dict[str, Any]) -> dict[str, Any]:
    """A step's output as its contract's result model shows it."""
    return {key: value for key, value in output.items() if key not in _PRIVATE_KEYS}


def build_result(state: TDMState) -> dict[str, Any]:
    plan = state.get("operation_plan") or []
    results = state.get("step_results") or {}
    steps = {step["step"]: public_step_result(results.get(step["step"]) or {}) for step in plan}
    return job_result(state.get("operation"), steps)


def finalize(state: TDMState) -> dict[str, Any]:
    job_id = uuid.UUID(state["job_id"])
    result = build_result(state)
    edges = 0
    with get_runtime().session() as session:
        lineage = LineageRepository(session)
        for output in (state.get("step_results") or {}).values():
            for edge in output.get("lineage") or []:
                lineage.add_edge(job_id=job_id, **edge)
                edges += 1
        jobs = JobRepository(session)
        jobs.set_result(job_id, result)
        jobs.add_log(
            job_id,
            f"result recorded ({edges} lineage edge{'s' if edges != 1 else ''})",
            node="finalize",
            details={"event": "result_recorded", "lineage_edges": edges, "result": result},
        )
    return {"result": result}
