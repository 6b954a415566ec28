"""Provisioning's contract (spec 9.3): what `POST /provision` takes and what the job reports."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import Field

from tdm_agents.common.contract import AgentContract, ContractModel, Name, ResultModel


class ProvisionStep(ContractModel):
    """Provisioning inside a multi-step job (the dataset version comes from the previous step)."""

    dataset_version_id: uuid.UUID | None = None
    target_env: Name = Field(description="An environment name (see GET /environments), e.g. QA.")
    reset_env: bool = False
    run_smoke_tests: bool = True


class ProvisionRequest(ProvisionStep):
    """Body of POST /provision."""

    dataset_version_id: uuid.UUID


class ProvisionResult(ResultModel):
    environment: str
    dataset_version_id: uuid.UUID
    tables_loaded: list[str]
    row_counts: dict[str, int]
    smoke_test_results: dict[str, Any]


CONTRACT = AgentContract(
    agent="provisioning",
    step="provision",
    request=ProvisionRequest,
    step_input=ProvisionStep,
    result=ProvisionResult,
    route="/provision",
    summary="Load a dataset version into a target environment, with optional reset and smoke tests.",
    chained_inputs=("dataset_version_id",),
)
