"""Source-database connections. Anyone may list them; only an admin may add one.

The connection string goes in once and is stored encrypted; responses carry `display_url` only.
Connection strings sent inline with a job are kept as connections of their own, not listed here.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from tdm_api.auth.dependencies import Admin, Operator, Viewer
from tdm_api.connections.schemas import ConnectionCreate, ConnectionOut
from tdm_api.connections.service import ConnectionsService
from tdm_api.kit.db import provide
from tdm_api.kit.pagination import Page, Paging
from tdm_api.kit.routes import API_PREFIX

router = APIRouter(tags=["connections"])

Service = Annotated[ConnectionsService, Depends(provide(ConnectionsService))]


@router.get("/connections", response_model=Page[ConnectionOut])
def list_connections(
    service: Service,
    principal: Viewer,
    page: Paging,
    include_inline: Annotated[
        bool,
        Query(
            description="Also the connections made for connection strings sent inline (yours; admins: all)."
        ),
    ] = False,
) -> Page[ConnectionOut]:
    return service.list(page, principal, include_inline=include_inline)


@router.get("/connections/{connection_id}", response_model=ConnectionOut)
def get_connection(connection_id: uuid.UUID, service: Service, principal: Viewer) -> ConnectionOut:
    return service.get(connection_id)


@router.post("/connections", status_code=status.HTTP_201_CREATED, response_model=ConnectionOut)
def create_connection(
    body: ConnectionCreate, service: Service, principal: Admin, response: Response
) -> ConnectionOut:
    created = service.create(body, principal.user_id)
    response.headers["Location"] = f"{API_PREFIX}/connections/{created.id}"
    return created


@router.delete(
    "/connections/{connection_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={409: {"description": "An unfinished job uses the connection."}},
)
def delete_connection(connection_id: uuid.UUID, service: Service, principal: Operator) -> None:
    """Admins delete any connection; an operator deletes the inline connections of their own jobs."""
    service.delete(connection_id, principal)
