"""Provisioning's contract (spec 9.3): what `POST /provision` takes and what the job reports.

A provision loads one dataset version into one environment (`GET /environments`) in a single target
transaction: reset, missing schema objects, rows, keys, sequences and smoke checks all commit together
or not at all, so a failed job leaves the environment as it was.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from tdm_agents.common.contract import AgentContract, ContractModel, Name, ResultModel

MAX_SMOKE_CHECKS = 100


class SmokeCheck(ContractModel):
    """One SQL check run in the target after the load, before the commit: the first column of the first
    row must equal `expect` (compared as numbers when both are numbers, else as text)."""

    name: Name
    sql: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)]
    expect: str | int | float | bool | None = Field(description="The expected value of the first column.")


class ProvisionStep(ContractModel):
    """Provisioning inside a multi-step job (the dataset version comes from the previous step)."""

    dataset_version_id: uuid.UUID | None = None
    target_env: Name = Field(description="An environment name (see GET /environments), e.g. QA.")
    reset_env: bool = Field(
        default=False,
        description="Empty the dataset's tables in the environment first (else the rows are added).",
    )
    reset_mode: Literal["truncate", "recreate"] = Field(
        default="truncate",
        description="truncate: empty the tables and keep them; recreate: drop them and create them again "
        "from the dataset's schema version.",
    )
    run_smoke_tests: bool = Field(
        default=True,
        description="Check row counts and foreign keys, and run smoke_checks, before committing.",
    )
    smoke_checks: list[SmokeCheck] = Field(default_factory=list, max_length=MAX_SMOKE_CHECKS)
    lock_timeout_seconds: int = Field(
        default=1800,
        ge=0,
        le=86_400,
        description="How long to wait for another provision into the same environment to finish.",
    )


class ProvisionRequest(ProvisionStep):
    """Body of POST /provision."""

    dataset_version_id: uuid.UUID


class SmokeResult(ResultModel):
    name: str
    passed: bool
    detail: str


class ProvisionResult(ResultModel):
    environment: str
    dataset_version_id: uuid.UUID
    tables_loaded: list[str]
    row_counts: dict[str, int]
    smoke_test_results: dict[str, Any] = Field(
        description='{"passed": bool, "checks": [{"name", "passed", "detail"}]}'
    )
    schema_changes: list[str] = Field(
        default_factory=list, description="What apply_schema created (types, tables, keys, indexes)."
    )
    warnings: list[str] = Field(
        default_factory=list,
        description="Optional objects not created (e.g. a default calling a function the target lacks).",
    )


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
