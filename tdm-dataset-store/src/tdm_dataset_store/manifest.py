"""The manifest of a dataset version: `datasets/<id>/_manifest.json`.

Written last, by `commit()`: a version exists for readers only once its manifest does, so a reader never
sees a half-written version. It records every file with its row count, byte size and sha256 (so
`verify_version` and downloaders can check integrity) and each table's Arrow schema (so an empty table
or a consumer that only needs columns can skip opening Parquet files).
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Literal

import pyarrow as pa
from pydantic import BaseModel, ConfigDict, Field
from tdm_core.errors import NotFoundError

MANIFEST_FORMAT = 1


class FileInfo(BaseModel):
    """One Parquet file of a table. `part_number` is 0 for a single-file table."""

    model_config = ConfigDict(frozen=True)

    table: str
    key: str
    part_number: int = Field(ge=0)
    row_count: int = Field(ge=0)
    size_bytes: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class FieldInfo(BaseModel):
    """A readable copy of one column's type, for people and non-Arrow consumers of the manifest."""

    model_config = ConfigDict(frozen=True)

    name: str
    type: str
    nullable: bool


class TableManifest(BaseModel):
    name: str
    layout: Literal["single", "parts"]
    row_count: int = Field(ge=0)
    size_bytes: int = Field(ge=0)
    fields: list[FieldInfo]
    # The exact Arrow schema (IPC bytes, base64): types such as decimal precision or timestamp time
    # zones survive, which a type string alone would not guarantee.
    arrow_schema: str
    files: list[FileInfo]

    def pa_schema(self) -> pa.Schema:
        return schema_from_b64(self.arrow_schema)


class Manifest(BaseModel):
    format_version: int = MANIFEST_FORMAT
    dataset_version_id: str
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    row_count: int = Field(ge=0)
    size_bytes: int = Field(ge=0)
    tables: list[TableManifest]

    def table(self, name: str) -> TableManifest:
        for table in self.tables:
            if table.name == name:
                return table
        known = ", ".join(repr(t.name) for t in self.tables[:20]) or "none"
        raise NotFoundError(
            f"dataset version {self.dataset_version_id} has no table {name!r} (tables: {known})"
        )

    @property
    def files(self) -> list[FileInfo]:
        return [f for t in self.tables for f in t.files]


def schema_to_b64(schema: pa.Schema) -> str:
    return base64.b64encode(schema.serialize().to_pybytes()).decode("ascii")


def schema_from_b64(value: str) -> pa.Schema:
    schema: pa.Schema = pa.ipc.read_schema(pa.py_buffer(base64.b64decode(value)))
    return schema


def field_infos(schema: pa.Schema) -> list[FieldInfo]:
    return [FieldInfo(name=f.name, type=str(f.type), nullable=f.nullable) for f in schema]


def table_manifest(name: str, schema: pa.Schema, files: list[FileInfo]) -> TableManifest:
    return TableManifest(
        name=name,
        # The writer keeps one file as <table>.parquet and renames the first file once a second exists.
        layout="parts" if len(files) > 1 else "single",
        row_count=sum(f.row_count for f in files),
        size_bytes=sum(f.size_bytes for f in files),
        fields=field_infos(schema),
        arrow_schema=schema_to_b64(schema),
        files=files,
    )
