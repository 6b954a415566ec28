"""Subsetting's contract (spec 6.3 and appendix A): what `POST /subset` takes and what the job reports.

Table names are written as in the PII map: `customer` for a table of the default schema, `sales.orders`
elsewhere (a part holding a dot is double-quoted). The shape is checked here; what depends on the
schema version -- that tables and columns exist, that a filter value fits its column's type -- is checked
at submission against the stored schema (`subset_parser.check_request`, wired in the registry), so
every bad request is a 422 naming its field before a job is queued.

Filters: `{table: {column: value}}` is equality (the spec's form); `{table: {column: {op: value}}}`
applies operators, several on one column meaning all of them:

    eq, ne            a value of the column's type
    in, not_in        a non-empty list of values
    gt, gte, lt, lte  a value of the column's type
    between           [low, high], both inclusive
    like              a pattern (SQL LIKE: % and _), on the column's text
    is_null           true (the column is NULL) or false (it is not)

A filter is a table's *entry condition*: the root table's rows are the ones that meet it, and a row of
any other table reached by following foreign keys down is kept only if it meets it. Rows a kept row
references (its parents) are always kept, whatever the filters say: integrity comes first.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import Field, StringConstraints, model_validator

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

FILTER_OPERATORS = ("eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "between", "like", "is_null")
# Values of one `in` list: enough for a hand-picked list of keys, bounded so a request stays small.
MAX_FILTER_VALUES = 10_000
Percent = Annotated[float, Field(gt=0, le=100)]
TableList = Annotated[list[Name], Field(max_length=MAX_MAP_ENTRIES)]


class DateRange(ContractModel):
    """Rows of `table` whose `column` lies in [start, end]; an `end` given as a date covers that day."""

    table: Name
    column: Name
    start: date | datetime | None = None
    end: date | datetime | None = None

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.start is None and self.end is None:
            raise ValueError("date_range needs start, end or both")
        if (
            self.start is not None
            and self.end is not None
            and _as_datetime(self.start) > _as_datetime(self.end)
        ):
            raise ValueError("date_range.start must not be after date_range.end")
        return self


def _as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime(value.year, value.month, value.day)


class SubsetStep(SourceConnection):
    """Subsetting inside a multi-step job (schema version and connection may come from discovery)."""

    schema_version_id: uuid.UUID | None = None
    root_table: Name = Field(description='"table" in the default schema, else "schema.table".')
    filters: dict[Name, dict[Name, Any]] | None = Field(
        default=None,
        max_length=MAX_MAP_ENTRIES,
        description=(
            "{table: {column: value}} keeps rows where column = value; {table: {column: {op: value}}} "
            f"with op one of {', '.join(FILTER_OPERATORS)}. The root table's rows are those that match; "
            "rows of other tables reached by following foreign keys down must match too."
        ),
        examples=[{"customer": {"store_id": 1}, "rental": {"rental_date": {"gte": "2022-06-01"}}}],
    )
    max_rows_per_table: dict[Name, PositiveCount] | None = Field(
        default=None,
        max_length=MAX_MAP_ENTRIES,
        description="Cap on the rows a table contributes itself (parents of kept rows are always kept).",
    )
    date_range: DateRange | None = None
    sampling_pct: Percent | None = Field(
        default=None, description="Keep this percentage of the root table's matching rows (by a seeded hash)."
    )
    seed: int = Field(
        default=0,
        ge=-(2**62),
        le=2**62,
        description="Seed of sampling and of which rows a cap keeps: same seed, same data -> same subset.",
    )
    table_sampling_pct: dict[Name, Percent] | None = Field(
        default=None,
        max_length=MAX_MAP_ENTRIES,
        description="Per-table sampling of the rows reached by following foreign keys down.",
    )
    passthrough_tables: TableList | None = Field(
        default=None, description="Tables copied whole (small lookups); their parents come too."
    )
    exclude_tables: TableList | None = Field(
        default=None,
        description="Tables left out. A table that a kept table references cannot be excluded.",
    )
    follow_children_of: TableList | None = Field(
        default=None,
        description=(
            "Tables whose rows, when kept only because a kept row references them, also bring their "
            "children (by default such parent rows bring their own parents only)."
        ),
    )
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)] | None = (
        Field(default=None, description="A name for the dataset version.")
    )


class SubsetRequest(SubsetStep):
    """Body of POST /subset (appendix A SubsetRequest)."""

    schema_version_id: uuid.UUID

    @classmethod
    def _requires_connection(cls) -> bool:
        return True


class CapHit(ResultModel):
    cap: int
    candidates: int  # rows the table would have contributed without the cap
    kept: int  # rows it contributed (at most the cap)
    added_as_parents: int  # rows kept anyway because a kept row references them


class SubsetResult(ResultModel):
    dataset_version_id: uuid.UUID
    row_counts: dict[str, int]
    caps_hit: dict[str, CapHit] = Field(default_factory=dict)
    total_rows: int = 0
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
