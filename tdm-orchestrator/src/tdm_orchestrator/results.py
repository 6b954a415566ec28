"""The typed result of a job (`jobs.result_json`), derived from the agents' result models.

`steps.<step>` is the agent's contract result (`tdm_agents.<agent>.contract`); the ids a caller looks
for first (schema version, dataset version, environment) are repeated at the top level. The API serves
this model as the `result` of GET /job/{id}, so a generated client gets a typed result per step.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from tdm_orchestrator.registry import AGENTS

StepResults: type[BaseModel] = create_model(  # type: ignore[call-overload]
    "StepResults",
    __config__=ConfigDict(extra="forbid"),
    **{agent.step: (agent.contract.result | None, None) for agent in AGENTS},
)


class JobResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    operation: str | None = None
    steps: StepResults = Field(description="Each step's result, under its step key.")
    schema_version_id: uuid.UUID | None = None
    dataset_version_id: uuid.UUID | None = None
    environment: str | None = None


def job_result(operation: str | None, steps: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The result to store: validated against `JobResult`, as JSON, without unset step entries."""
    result: dict[str, Any] = {"operation": operation, "steps": steps}
    # The ids a caller looks for first, at the top level (spec 4.3 / 6.3 / 9.3 outputs).
    for output in steps.values():
        for key in ("schema_version_id", "dataset_version_id", "environment"):
            if key in output:
                result[key] = output[key]
    JobResult.model_validate(result)
    return result
