"""Response bodies. None of them has a field that could carry a secret: connections and environments
expose `display_url` (host and database, no credentials), API keys their prefix only (the clear key
appears once, in `ApiKeyCreated`)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


# --- jobs ---------------------------------------------------------------------------------------


class JobAccepted(BaseModel):
    job_id: uuid.UUID
    status: str
    operation: str
    status_url: str
    events_url: str


class JobSummary(_Out):
    id: uuid.UUID
    operation: str
    status: str
    user_id: str | None
    current_node: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None


class JobLogOut(_Out):
    id: uuid.UUID
    level: str | None
    message: str | None
    node: str | None
    details: dict[str, Any] | None
    created_at: datetime


class JobDetail(JobSummary):
    request: dict[str, Any] | None = Field(
        description="The request as queued (secrets stored encrypted, not shown)."
    )
    result: dict[str, Any] | None
    attempts: int
    cancel_requested: bool
    logs: list[JobLogOut]
    # Live state mirrored in Redis (tdm:job:<id>) while it has not expired.
    live_state: dict[str, Any] | None = None


class JobAction(BaseModel):
    job_id: uuid.UUID
    status: str
    detail: str


# --- schemas ------------------------------------------------------------------------------------


class SchemaOut(_Out):
    id: uuid.UUID
    name: str
    description: str | None
    source_connection_id: uuid.UUID | None
    created_at: datetime
    latest_version_id: uuid.UUID | None = None
    latest_version_number: int | None = None


class SchemaVersionOut(_Out):
    id: uuid.UUID
    schema_id: uuid.UUID
    version_number: int
    discovered_at: datetime
    status: str
    fingerprint: str | None
    job_id: uuid.UUID | None


class ColumnOut(BaseModel):
    name: str
    data_type: str | None = None
    inferred_type: str | None = None
    nullable: bool = True
    ordinal_position: int | None = None
    default: str | None = None
    is_primary_key: bool = False
    type_details: dict[str, Any] | None = None
    stats: dict[str, Any] | None = None
    comment: str | None = None
    # From the PII classification of this version, when one ran.
    pii_type: str | None = None


class TableOut(BaseModel):
    schema_: str = Field(alias="schema", serialization_alias="schema")
    name: str
    kind: str = "table"
    row_count: int | None = None
    row_count_estimated: bool = False
    comment: str | None = None
    partitions: list[Any] | None = None
    constraints: list[Any] | None = None
    indexes: list[Any] | None = None
    stats: dict[str, Any] | None = None
    columns: list[ColumnOut]

    model_config = ConfigDict(populate_by_name=True)


class RelationshipOut(BaseModel):
    """One foreign key (a composite key lists several columns on each side, in order)."""

    name: str | None = None
    parent_schema: str
    parent_table: str
    parent_columns: list[str]
    child_schema: str
    child_table: str
    child_columns: list[str]
    on_delete: str | None = None
    is_user_defined: bool = False


class UserRelationshipOut(RelationshipOut):
    """A relationship as stored on one schema version, with who declared it (user-defined ones)."""

    schema_version_id: uuid.UUID
    version_number: int
    created_by: str | None = None


class RelationshipList(BaseModel):
    schema_id: uuid.UUID
    schema_version_id: uuid.UUID
    version_number: int
    relationships: list[UserRelationshipOut]


class DiffColumn(BaseModel):
    table: str
    column: str
    data_type: str | None = None
    nullable: bool = True


class DiffColumnChange(BaseModel):
    table: str
    column: str
    # attribute (data_type, nullable) -> {"from": old, "to": new}
    changes: dict[str, dict[str, Any]]


class DiffTables(BaseModel):
    added: list[str]
    removed: list[str]
    changed: list[str]


class DiffColumns(BaseModel):
    added: list[DiffColumn]
    removed: list[DiffColumn]
    changed: list[DiffColumnChange]


class DiffPrimaryKey(BaseModel):
    table: str
    from_: list[str] = Field(alias="from", serialization_alias="from")
    to: list[str]

    model_config = ConfigDict(populate_by_name=True)


class DiffUniqueKey(BaseModel):
    table: str
    columns: list[str]
    name: str | None = None


class DiffForeignKey(BaseModel):
    name: str | None = None
    child_table: str
    child_columns: list[str]
    parent_table: str
    parent_columns: list[str]
    is_user_defined: bool = False


class DiffUniqueKeys(BaseModel):
    added: list[DiffUniqueKey]
    removed: list[DiffUniqueKey]


class DiffForeignKeys(BaseModel):
    added: list[DiffForeignKey]
    removed: list[DiffForeignKey]


class DiffKeys(BaseModel):
    primary_keys: list[DiffPrimaryKey]
    unique: DiffUniqueKeys
    foreign_keys: DiffForeignKeys


class SchemaDiff(BaseModel):
    """Drift between two versions of a schema; tables named "table" or "schema.table"."""

    schema_id: uuid.UUID
    from_version: int
    to_version: int
    from_version_id: uuid.UUID
    to_version_id: uuid.UUID
    changed: bool
    summary: dict[str, int]
    tables: DiffTables
    columns: DiffColumns
    keys: DiffKeys


class SchemaDetail(SchemaOut):
    version: SchemaVersionOut | None
    counts: dict[str, int]
    tables: list[TableOut]
    relationships: list[RelationshipOut]


# --- PII ----------------------------------------------------------------------------------------


class PIIEntry(BaseModel):
    table: str
    column: str
    pii_type: str
    confidence: float | None
    technique: str | None
    # How the label was reached (patterns matched, validator pass rates, LLM reason); never raw values.
    evidence: dict[str, Any] | None = None
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None


class PIIMap(BaseModel):
    schema_version_id: uuid.UUID
    pii_map: list[PIIEntry]


# --- datasets and lineage -----------------------------------------------------------------------


class DatasetOut(_Out):
    id: uuid.UUID
    name: str | None
    schema_version_id: uuid.UUID | None
    source_type: str
    status: str
    path_prefix: str
    job_id: uuid.UUID | None
    row_count: int | None
    size_bytes: int | None
    created_at: datetime


class DatasetFileOut(_Out):
    table_name: str
    object_key: str
    part_number: int | None
    row_count: int
    size_bytes: int
    sha256: str


class LineageEdge(BaseModel):
    id: uuid.UUID
    source_type: str
    source_id: str
    target_type: str
    target_id: str
    operation: str | None
    job_id: uuid.UUID | None
    created_at: datetime


class LineageRoot(BaseModel):
    type: str
    id: str


class LineageNode(LineageRoot):
    direction: str = Field(description="self, upstream (what it came from) or downstream (what came from it)")
    depth: int


class LineageGraph(BaseModel):
    root: LineageRoot
    nodes: list[LineageNode]
    edges: list[LineageEdge]


class DatasetDetail(DatasetOut):
    files: list[DatasetFileOut]
    metadata: dict[str, Any]
    lineage: LineageGraph


class DownloadFile(BaseModel):
    table_name: str
    object_key: str
    url: str
    size_bytes: int
    sha256: str


class DatasetDownload(BaseModel):
    dataset_version_id: uuid.UUID
    expires_in: int
    files: list[DownloadFile]


# --- rules, connections, environments, API keys -------------------------------------------------


class MaskingRuleSetOut(_Out):
    id: uuid.UUID
    name: str | None
    schema_version_id: uuid.UUID | None
    dataset_version_id: uuid.UUID | None
    rules_json: dict[str, Any]
    version: int
    created_by: str | None
    created_at: datetime


class ConnectionOut(_Out):
    id: uuid.UUID
    name: str
    type: str
    display_url: str | None
    created_by: str | None
    created_at: datetime


class EnvironmentOut(_Out):
    id: uuid.UUID
    name: str
    display_url: str | None
    config: dict[str, Any] | None = Field(validation_alias="config_json")
    requires_approval: bool
    has_connection: bool = False
    created_at: datetime
    updated_at: datetime


class ApiKeyOut(_Out):
    id: uuid.UUID
    name: str
    role: str
    key_prefix: str
    created_by: str | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="The API key. Shown only in this response: store it now.")


# --- health -------------------------------------------------------------------------------------


class Health(BaseModel):
    status: str
    version: str


class Readiness(BaseModel):
    status: str
    checks: dict[str, str]
