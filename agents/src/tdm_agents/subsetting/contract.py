"""Subsetting's contract (spec 6.3 and appendix A): what `POST /subset` takes and what the job reports."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import Field, model_validator

from tdm_agents.common.contract import (
    CONNECTION,
    MAX_MAP_ENTRIES,
    AgentContract,
    ContractModel,
    Name,
    PositiveCount,
    ResultModel,
    SourceConnection,
)


class DateRange(ContractModel):
    table: Name
    column: Name
    start: date | datetime | None = None
    end: date | datetime | None = None

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.start is None and self.end is None:
            raise ValueError("date_range needs start, end or both")
        if self.start is not None and self.end is not None and str(self.start) > str(self.end):
            raise ValueError("date_range.start must not be after date_range.end")
        return self


class SubsetStep(SourceConnection):
    """Subsetting inside a multi-step job (schema version and connection may come from discovery)."""

    schema_version_id: uuid.UUID | None = None
    root_table: Name = Field(description='"table" in the default schema, else "schema.table".')
    filters: dict[Name, dict[Name, Any]] | None = Field(
        default=None,
        max_length=MAX_MAP_ENTRIES,
        description="{table: {column: value}}: rows of the table where column = value.",
    )
    max_rows_per_table: dict[Name, PositiveCount] | None = Field(default=None, max_length=MAX_MAP_ENTRIES)
    date_range: DateRange | None = None
    sampling_pct: float | None = Field(default=None, gt=0, le=100)


class SubsetRequest(SubsetStep):
    """Body of POST /subset (appendix A SubsetRequest)."""

    schema_version_id: uuid.UUID

    @classmethod
    def _requires_connection(cls) -> bool:
        return True


class SubsetResult(ResultModel):
    dataset_version_id: uuid.UUID
    row_counts: dict[str, int]
    caps_hit: dict[str, Any] = Field(default_factory=dict)
    source: str | None = None


CONTRACT = AgentContract(
    agent="subsetting",
    step="subset",
    request=SubsetRequest,
    step_input=SubsetStep,
    result=SubsetResult,
    route="/subset",
    summary="Extract a referentially intact subset into a new dataset version.",
    chained_inputs=("schema_version_id", CONNECTION),
)
