"""Provisioning targets. Listing is open to every role; creating or changing one is admin only."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from tdm_metadata_store.models import Environment
from tdm_metadata_store.repositories.environments import EnvironmentRepository

from tdm_api.dependencies import Admin, DbSession, Page, Viewer
from tdm_api.models.request import EnvironmentCreate, EnvironmentUpdate
from tdm_api.models.response import EnvironmentOut
from tdm_api.models.response import Page as PageOut

router = APIRouter(tags=["environments"])


def _out(row: Environment) -> EnvironmentOut:
    out = EnvironmentOut.model_validate(row)
    out.has_connection = row.connection_string_encrypted is not None
    return out


@router.get("/environments", response_model=PageOut[EnvironmentOut])
def list_environments(db: DbSession, principal: Viewer, page: Page) -> PageOut[EnvironmentOut]:
    rows, total = EnvironmentRepository(db).list(limit=page.limit, offset=page.offset)
    return PageOut[EnvironmentOut](
        items=[_out(r) for r in rows], total=total, limit=page.limit, offset=page.offset
    )


@router.get("/environments/{name}", response_model=EnvironmentOut)
def get_environment(name: str, db: DbSession, principal: Viewer) -> EnvironmentOut:
    return _out(EnvironmentRepository(db).require_by_name(name))


@router.post("/environments", status_code=status.HTTP_201_CREATED, response_model=EnvironmentOut)
def create_environment(
    body: EnvironmentCreate, db: DbSession, principal: Admin, response: Response
) -> EnvironmentOut:
    row = EnvironmentRepository(db).create(
        name=body.name,
        connection_string=body.connection_string.get_secret_value() if body.connection_string else None,
        config_json=body.config,
        requires_approval=body.requires_approval,
    )
    db.refresh(row)
    response.headers["Location"] = f"/api/v1/environments/{row.name}"
    return _out(row)


@router.put("/environments/{name}", response_model=EnvironmentOut)
def update_environment(name: str, body: EnvironmentUpdate, db: DbSession, principal: Admin) -> EnvironmentOut:
    repo = EnvironmentRepository(db)
    row = repo.require_by_name(name)
    row = repo.update(
        row.id,
        connection_string=body.connection_string.get_secret_value() if body.connection_string else None,
        config_json=body.config,
        requires_approval=body.requires_approval,
    )
    db.flush()
    db.refresh(row)
    return _out(row)
