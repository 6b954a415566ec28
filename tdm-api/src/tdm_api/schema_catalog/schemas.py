from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from tdm_api.kit.schemas import Body, Name, Out


class RelationshipIn(Body):
    """A foreign key the database does not declare (enforced by the application only)."""

    parent_table: Name = Field(description='Referenced table: "table" or "schema.table".')
    parent_columns: list[Name] = Field(min_length=1, max_length=32)
    child_table: Name = Field(description='Referencing table: "table" or "schema.table".')
    child_columns: list[Name] = Field(min_length=1, max_length=32)
    name: Name | None = None

    @field_validator("child_columns")
    @classmethod
    def _same_length(cls, value: list[str], info: ValidationInfo) -> list[str]:
        parent = info.data.get("parent_columns")
        if parent is not None and len(parent) != len(value):
            raise ValueError(f"{len(value)} child columns but {len(parent)} parent columns: pair them up")
        return value


class SchemaOut(Out):
    id: uuid.UUID
    name: str
    description: str | None
    source_connection_id: uuid.UUID | None
    created_at: datetime
    latest_version_id: uuid.UUID | None = None
    latest_version_number: int | None = None


class SchemaVersionOut(Out):
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
