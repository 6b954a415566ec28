"""Discovered schemas and their versions (read-only; discovery itself is POST /discover-schema)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from tdm_api.dependencies import DbSession, Page, Viewer
from tdm_api.models.response import Page as PageOut
from tdm_api.models.response import SchemaDetail, SchemaOut, SchemaVersionOut
from tdm_api.services.catalog import Catalog

router = APIRouter(tags=["schemas"])


@router.get("/schemas", response_model=PageOut[SchemaOut])
def list_schemas(
    db: DbSession,
    principal: Viewer,
    page: Page,
    source_connection_id: Annotated[
        uuid.UUID | None, Query(description="Only schemas of this connection.")
    ] = None,
) -> PageOut[SchemaOut]:
    items, total = Catalog(db).list_schemas(
        source_connection_id=source_connection_id, limit=page.limit, offset=page.offset
    )
    return PageOut[SchemaOut](items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/schema/{schema_id}", response_model=SchemaDetail)
def get_schema(
    schema_id: uuid.UUID,
    db: DbSession,
    principal: Viewer,
    version: Annotated[int | None, Query(ge=1, description="Version number (default: the latest).")] = None,
    version_id: Annotated[uuid.UUID | None, Query(description="Version id (default: the latest).")] = None,
) -> SchemaDetail:
    """Schema with the tables, columns (with PII labels) and relationships of one version."""
    return Catalog(db).schema_detail(schema_id, version_number=version, version_id=version_id)


@router.get("/schema/{schema_id}/versions", response_model=PageOut[SchemaVersionOut])
def list_schema_versions(
    schema_id: uuid.UUID, db: DbSession, principal: Viewer, page: Page
) -> PageOut[SchemaVersionOut]:
    items, total = Catalog(db).list_versions(schema_id, limit=page.limit, offset=page.offset)
    return PageOut[SchemaVersionOut](items=items, total=total, limit=page.limit, offset=page.offset)
