"""Discovered schemas: versions, drift between versions, relationships (discovered and user-declared).

Discovery itself is POST /discover-schema. Tables are named "table" in the default schema and
"schema.table" elsewhere, in request bodies and in the diff alike.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from tdm_api.auth.dependencies import Operator, Viewer
from tdm_api.kit.db import provide
from tdm_api.kit.pagination import Page, Paging
from tdm_api.schema_catalog.schemas import (
    RelationshipIn,
    RelationshipList,
    SchemaDetail,
    SchemaDiff,
    SchemaOut,
    SchemaVersionOut,
    UserRelationshipOut,
)
from tdm_api.schema_catalog.service import SchemaCatalogService

router = APIRouter(tags=["schemas"])

# Version numbers are PostgreSQL integers.
MAX_VERSION = 2**31 - 1

Service = Annotated[SchemaCatalogService, Depends(provide(SchemaCatalogService))]


@router.get("/schemas", response_model=Page[SchemaOut])
def list_schemas(
    service: Service,
    principal: Viewer,
    page: Paging,
    source_connection_id: Annotated[
        uuid.UUID | None, Query(description="Only schemas of this connection.")
    ] = None,
) -> Page[SchemaOut]:
    return service.list_schemas(page, source_connection_id=source_connection_id)


@router.get("/schema/{schema_id}", response_model=SchemaDetail)
def get_schema(
    schema_id: uuid.UUID,
    service: Service,
    principal: Viewer,
    version: Annotated[
        int | None, Query(ge=1, le=MAX_VERSION, description="Version number (default: the latest).")
    ] = None,
    version_id: Annotated[uuid.UUID | None, Query(description="Version id (default: the latest).")] = None,
) -> SchemaDetail:
    """Schema with the tables, columns (with PII labels) and relationships of one version."""
    return service.detail(schema_id, version_number=version, version_id=version_id)


@router.get("/schema/{schema_id}/versions", response_model=Page[SchemaVersionOut])
def list_schema_versions(
    schema_id: uuid.UUID, service: Service, principal: Viewer, page: Paging
) -> Page[SchemaVersionOut]:
    return service.list_versions(schema_id, page)


@router.get("/schema/{schema_id}/diff", response_model=SchemaDiff, response_model_by_alias=True)
def diff_schema_versions(
    schema_id: uuid.UUID,
    service: Service,
    principal: Viewer,
    from_version: Annotated[
        int | None,
        Query(ge=1, le=MAX_VERSION, description="Version number to compare from (default: the one before)."),
    ] = None,
    to_version: Annotated[
        int | None,
        Query(ge=1, le=MAX_VERSION, description="Version number to compare to (default: the latest)."),
    ] = None,
) -> SchemaDiff:
    """Schema drift: tables added/removed/changed, columns added/removed/changed (type, nullability),
    primary keys changed, unique constraints and foreign keys added/removed."""
    return service.diff(schema_id, from_version=from_version, to_version=to_version)


@router.get("/schema/{schema_id}/relationships", response_model=RelationshipList)
def list_schema_relationships(
    schema_id: uuid.UUID,
    service: Service,
    principal: Viewer,
    version: Annotated[
        int | None, Query(ge=1, le=MAX_VERSION, description="Version number (default: the latest).")
    ] = None,
) -> RelationshipList:
    """Foreign keys of a version: discovered ones and those declared by users (`is_user_defined`)."""
    return service.relationships(schema_id, version=version)


@router.post(
    "/schema/{schema_id}/relationships",
    status_code=201,
    response_model=UserRelationshipOut,
    responses={
        409: {"description": "The child table already has a relationship of that name."},
        422: {"description": "A table or column does not exist in the latest version."},
    },
)
def add_schema_relationship(
    schema_id: uuid.UUID, body: RelationshipIn, service: Service, principal: Operator
) -> UserRelationshipOut:
    """Declare a relationship the database does not have (an application-enforced foreign key) on the
    latest version. Subsetting follows it like a real one; rediscovery carries it into new versions
    while its tables and columns still exist."""
    return service.add_relationship(schema_id, body, principal.user_id)


@router.delete("/schema/{schema_id}/relationships/{name}", status_code=204)
def delete_schema_relationship(
    schema_id: uuid.UUID, name: Annotated[str, Path(max_length=255)], service: Service, principal: Operator
) -> None:
    """Remove a user-declared relationship from the latest version (discovered ones cannot be removed)."""
    service.delete_relationship(schema_id, name)
