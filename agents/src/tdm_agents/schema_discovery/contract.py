"""Schema discovery's contract (spec 4.3): what `POST /discover-schema` takes and what the job reports."""

from __future__ import annotations

import uuid

from pydantic import Field, field_validator

from tdm_agents.common.contract import (
    CONNECTION,
    AgentContract,
    Name,
    ResultModel,
    SourceConnection,
)

MAX_SAMPLE = 1_000_000


class DiscoverStep(SourceConnection):
    """Discovery inside a multi-step job (its connection is always given: nothing comes before it)."""

    schemas: list[Name] | None = Field(
        default=None,
        min_length=1,
        max_length=1000,
        description='Schemas to discover; omitted or ["*"] = every non-system schema.',
    )
    include_stats: bool = Field(default=True, description="Profile row counts and column statistics.")
    sample_size: int = Field(default=10_000, ge=1, le=MAX_SAMPLE, description="Rows sampled per table.")
    exact_count_threshold: int = Field(
        default=1_000_000,
        ge=0,
        description="Tables above this many rows (catalog estimate) keep the estimate.",
    )

    @field_validator("schemas")
    @classmethod
    def _distinct(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else list(dict.fromkeys(value))


class DiscoverRequest(DiscoverStep):
    """Body of POST /discover-schema."""

    @classmethod
    def _requires_connection(cls) -> bool:
        return True


class DiscoverResult(ResultModel):
    schema_id: uuid.UUID
    schema_version_id: uuid.UUID
    version_number: int
    fingerprint: str | None
    counts: dict[str, int] = Field(description="tables, columns and relationships of the version")
    changed_since_previous: bool | None = Field(
        default=None, description="Structure differs from the previous version (null for the first one)."
    )
    new_version: bool = Field(
        default=True,
        description="False when the structure was unchanged and the latest version was reused.",
    )
    schema_name: str
    schemas: list[str] | None = None
    external_references: int = 0
    source: str | None = Field(default=None, description="The source, without credentials.")


CONTRACT = AgentContract(
    agent="schema_discovery",
    step="discover",
    request=DiscoverRequest,
    step_input=DiscoverStep,
    result=DiscoverResult,
    route="/discover-schema",
    summary="Discover tables, columns, keys and statistics; the schema_version_id is in the job result.",
    chained_inputs=(CONNECTION,),
)
