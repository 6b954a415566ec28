from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from tdm_api.kit.schemas import Out


class DatasetOut(Out):
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


class DatasetFileOut(Out):
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
