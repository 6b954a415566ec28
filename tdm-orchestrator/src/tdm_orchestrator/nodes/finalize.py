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

from tdm_orchestrator.runtime import get_runtime
from tdm_orchestrator.state import TDMState

# Keys of a step's output that are internal (encrypted references) or stored elsewhere.
_PRIVATE_KEYS = ("connection", "lineage")


def public_step_result(output: dict[str, Any]) -> dict[str, Any]:
    public = {key: value for key, value in output.items() if key not in _PRIVATE_KEYS}
    connection = output.get("connection")
    if isinstance(connection, dict):
        public["source"] = connection.get("display_url") or (
            f"connection {connection['connection_id']}" if connection.get("connection_id") else None
        )
    return public


def build_result(state: TDMState) -> dict[str, Any]:
    plan = state.get("operation_plan") or []
    results = state.get("step_results") or {}
    steps = {step["step"]: public_step_result(results.get(step["step"]) or {}) for step in plan}
    result: dict[str, Any] = {"operation": state.get("operation"), "steps": steps}
    # The ids a caller looks for first, at the top level (spec 4.3 / 6.3 / 9.3 outputs).
    for output in steps.values():
        for key in ("schema_version_id", "dataset_version_id", "environment"):
            if key in output:
                result[key] = output[key]
    return result


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
