"""Source-database connections. Anyone may list them; only an admin may add one.

The connection string goes in once and is stored encrypted; responses carry `display_url` only.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status
from tdm_metadata_store.repositories.connections import ConnectionRepository

from tdm_api.dependencies import Admin, DbSession, Page, Viewer
from tdm_api.models.request import ConnectionCreate
from tdm_api.models.response import ConnectionOut
from tdm_api.models.response import Page as PageOut

router = APIRouter(tags=["connections"])


@router.get("/connections", response_model=PageOut[ConnectionOut])
def list_connections(db: DbSession, principal: Viewer, page: Page) -> PageOut[ConnectionOut]:
    rows, total = ConnectionRepository(db).list(limit=page.limit, offset=page.offset)
    return PageOut[ConnectionOut](
        items=[ConnectionOut.model_validate(r) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get("/connections/{connection_id}", response_model=ConnectionOut)
def get_connection(connection_id: uuid.UUID, db: DbSession, principal: Viewer) -> ConnectionOut:
    return ConnectionOut.model_validate(ConnectionRepository(db).require(connection_id))


@router.post("/connections", status_code=status.HTTP_201_CREATED, response_model=ConnectionOut)
def create_connection(
    body: ConnectionCreate, db: DbSession, principal: Admin, response: Response
) -> ConnectionOut:
    row = ConnectionRepository(db).create(
        name=body.name,
        connection_string=body.connection_string.get_secret_value(),
        type=body.type,
        created_by=principal.user_id,
    )
    db.refresh(row)
    response.headers["Location"] = f"/api/v1/connections/{row.id}"
    return ConnectionOut.model_validate(row)
