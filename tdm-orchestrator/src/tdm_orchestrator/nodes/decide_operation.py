"""decide_operation: map the request to one of the operations of spec 15.2 and plan its steps.

The mapping itself is `tdm_orchestrator.operations.validate_request` (pure, shared with the API).
Here it is applied to the job, the plan gets its connection references, and a plan needing an agent
this build does not ship fails now, before any step has run.
"""

from __future__ import annotations

import uuid
from typing import Any

from tdm_metadata_store.repositories.jobs import JobRepository

from tdm_orchestrator.operations import validate_request
from tdm_orchestrator.registry import require_built
from tdm_orchestrator.runtime import get_runtime
from tdm_orchestrator.state import TDMState


def decide_operation(state: TDMState) -> dict[str, Any]:
    validated = validate_request(state.get("request"))
    # Refused at submission already; a job row written some other way is refused here, before any step.
    require_built(validated.agents(), validated.operation.value)
    refs = state.get("connection_refs") or {}
    plan = validated.plan_state()
    for step in plan:
        body = step["input"]
        if step["step"] in refs:
            body.pop("connection_string", None)
            body.pop("connection_id", None)
            body["connection"] = refs[step["step"]]
    with get_runtime().session() as session:
        # The API records the operation it validated; a job enqueued without one gets it here.
        JobRepository(session).set_operation(uuid.UUID(state["job_id"]), validated.operation.value)
    return {
        "operation": validated.operation.value,
        "operation_plan": plan,
        "step_index": 0,
        "step_results": {},
        "require_approval_before": list(validated.require_approval_before),
    }
