"""Discovered schemas: versions, drift between versions, relationships (discovered and user-declared).

Discovery itself is POST /discover-schema. Tables are named "table" in the default schema and
"schema.table" elsewhere, in request bodies and in the diff alike.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query
from tdm_core.errors import ConflictError, InvalidInputError, NotFoundError
from tdm_metadata_store.models import SchemaVersion
from tdm_metadata_store.repositories.schemas import (
    SchemaRepository,
    diff_snapshots,
    qualified_name,
    resolve_table_name,
)

from tdm_api.dependencies import DbSession, Operator, Page, Viewer
from tdm_api.models.request import RelationshipIn
from tdm_api.models.response import Page as PageOut
from tdm_api.models.response import (
    RelationshipList,
    SchemaDetail,
    SchemaDiff,
    SchemaOut,
    SchemaVersionOut,
    UserRelationshipOut,
)
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


# --- drift between versions ----------------------------------------------------------------------


@router.get("/schema/{schema_id}/diff", response_model=SchemaDiff, response_model_by_alias=True)
def diff_schema_versions(
    schema_id: uuid.UUID,
    db: DbSession,
    principal: Viewer,
    from_version: Annotated[
        int | None, Query(ge=1, description="Version number to compare from (default: the one before).")
    ] = None,
    to_version: Annotated[
        int | None, Query(ge=1, description="Version number to compare to (default: the latest).")
    ] = None,
) -> SchemaDiff:
    """Schema drift: tables added/removed/changed, columns added/removed/changed (type, nullability),
    primary keys changed, unique constraints and foreign keys added/removed."""
    repo = SchemaRepository(db)
    schema = repo.require(schema_id)
    latest = repo.latest_version(schema_id)
    if latest is None:
        raise NotFoundError(f"schema {schema_id} has no versions yet")
    target = to_version if to_version is not None else latest.version_number
    source = from_version if from_version is not None else target - 1
    if source < 1:
        raise InvalidInputError(
            f"schema {schema.name!r} has only version {target} up to there: a diff needs two versions "
            "(discover the schema again, or give from_version)",
            errors=[{"loc": ["query", "from_version"], "msg": "no earlier version to compare with"}],
        )
    versions = {}
    for label, number in (("from_version", source), ("to_version", target)):
        version = repo.version_by_number(schema_id, number)
        if version is None:
            raise NotFoundError(
                f"schema {schema_id} has no version {number} ({label}; newest: {latest.version_number})"
            )
        versions[label] = version
    old, new = versions["from_version"], versions["to_version"]
    diff = diff_snapshots(repo.load_version(old.id), repo.load_version(new.id))
    return SchemaDiff.model_validate(
        {
            "schema_id": schema_id,
            "from_version": old.version_number,
            "to_version": new.version_number,
            "from_version_id": old.id,
            "to_version_id": new.id,
            **diff,
        }
    )


# --- relationships, discovered and user-declared -------------------------------------------------


def _latest(repo: SchemaRepository, schema_id: uuid.UUID) -> SchemaVersion:
    schema = repo.require(schema_id)
    latest = repo.latest_version(schema_id)
    if latest is None:
        raise ConflictError(f"schema {schema.name!r} has no discovered version yet")
    return latest


@router.get("/schema/{schema_id}/relationships", response_model=RelationshipList)
def list_schema_relationships(
    schema_id: uuid.UUID,
    db: DbSession,
    principal: Viewer,
    version: Annotated[int | None, Query(ge=1, description="Version number (default: the latest).")] = None,
) -> RelationshipList:
    """Foreign keys of a version: discovered ones and those declared by users (`is_user_defined`)."""
    repo = SchemaRepository(db)
    chosen = _latest(repo, schema_id)
    if version is not None:
        found = repo.version_by_number(schema_id, version)
        if found is None:
            raise NotFoundError(f"schema {schema_id} has no version {version}")
        chosen = found
    declared_by = {
        (rel["child_schema"], rel["child_table"], rel["name"]): rel.get("created_by")
        for rel in repo.user_relationships(chosen.id)
    }
    relationships = [
        UserRelationshipOut(
            **rel,
            schema_version_id=chosen.id,
            version_number=chosen.version_number,
            created_by=declared_by.get((rel["child_schema"], rel["child_table"], rel["name"]))
            if rel["is_user_defined"]
            else None,
        )
        for rel in repo.load_version(chosen.id)["relationships"]
    ]
    return RelationshipList(
        schema_id=schema_id,
        schema_version_id=chosen.id,
        version_number=chosen.version_number,
        relationships=relationships,
    )


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
    schema_id: uuid.UUID, body: RelationshipIn, db: DbSession, principal: Operator
) -> UserRelationshipOut:
    """Declare a relationship the database does not have (an application-enforced foreign key) on the
    latest version. Subsetting follows it like a real one; rediscovery carries it into new versions
    while its tables and columns still exist."""
    repo = SchemaRepository(db)
    latest = _latest(repo, schema_id)
    index = repo.column_index(latest.id)
    problems: list[dict[str, Any]] = []
    sides: dict[str, tuple[str, str]] = {}
    for side in ("parent", "child"):
        name = getattr(body, f"{side}_table")
        key = resolve_table_name(name, index)
        if key is None:
            problems.append(
                {
                    "loc": ["body", f"{side}_table"],
                    "msg": f"{side}_table: table {name!r} does not exist in version "
                    f"{latest.version_number} of this schema",
                }
            )
            continue
        sides[side] = key
        for position, column in enumerate(getattr(body, f"{side}_columns")):
            if column not in index[key]:
                problems.append(
                    {
                        "loc": ["body", f"{side}_columns", position],
                        "msg": f"{side}_columns[{position}]: table {qualified_name(*key)!r} has no column "
                        f"{column!r}",
                    }
                )
    if problems:
        raise InvalidInputError(
            "; ".join(p["msg"] for p in problems), errors=[{**p, "type": "value_error"} for p in problems]
        )
    (parent_schema, parent_table), (child_schema, child_table) = sides["parent"], sides["child"]
    added = repo.add_relationship(
        latest.id,
        parent_schema=parent_schema,
        parent_table=parent_table,
        parent_columns=body.parent_columns,
        child_schema=child_schema,
        child_table=child_table,
        child_columns=body.child_columns,
        name=body.name,
        created_by=principal.user_id,
    )
    return UserRelationshipOut(
        **added,
        schema_version_id=latest.id,
        version_number=latest.version_number,
        created_by=principal.user_id,
    )


@router.delete("/schema/{schema_id}/relationships/{name}", status_code=204)
def delete_schema_relationship(schema_id: uuid.UUID, name: str, db: DbSession, principal: Operator) -> None:
    """Remove a user-declared relationship from the latest version (discovered ones cannot be removed)."""
    repo = SchemaRepository(db)
    repo.remove_user_relationship(_latest(repo, schema_id).id, name)
