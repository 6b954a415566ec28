"""API keys (admin only). The clear key is returned once, by create; lists show its prefix only."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status
from tdm_core.errors import NotFoundError
from tdm_metadata_store.models import ApiKey
from tdm_metadata_store.repositories.api_keys import ApiKeyRepository

from tdm_api.dependencies import Admin, DbSession, Page
from tdm_api.models.request import ApiKeyCreate
from tdm_api.models.response import ApiKeyCreated, ApiKeyOut
from tdm_api.models.response import Page as PageOut

router = APIRouter(tags=["api keys"])


@router.get("/apikeys", response_model=PageOut[ApiKeyOut])
def list_api_keys(db: DbSession, principal: Admin, page: Page) -> PageOut[ApiKeyOut]:
    """Oldest first, revoked keys included (with `revoked_at`)."""
    rows = ApiKeyRepository(db).list()  # a handful of keys: paging in memory is fine
    items = [ApiKeyOut.model_validate(row) for row in rows[page.offset : page.offset + page.limit]]
    return PageOut[ApiKeyOut](items=items, total=len(rows), limit=page.limit, offset=page.offset)


@router.post("/apikeys", status_code=status.HTTP_201_CREATED, response_model=ApiKeyCreated)
def create_api_key(body: ApiKeyCreate, db: DbSession, principal: Admin) -> ApiKeyCreated:
    row, clear = ApiKeyRepository(db).create(name=body.name, role=body.role, created_by=principal.user_id)
    db.refresh(row)  # created_at comes from the server default
    return ApiKeyCreated.model_validate({**ApiKeyOut.model_validate(row).model_dump(), "key": clear})


@router.delete("/apikeys/{key_id}", response_model=ApiKeyOut)
def revoke_api_key(key_id: uuid.UUID, db: DbSession, principal: Admin) -> ApiKeyOut:
    """Revoke a key (idempotent: revoking a revoked key returns it unchanged)."""
    ApiKeyRepository(db).revoke(key_id)
    row = db.get(ApiKey, key_id)
    if row is None:
        raise NotFoundError(f"API key {key_id} does not exist")
    db.refresh(row)
    return ApiKeyOut.model_validate(row)
