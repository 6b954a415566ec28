"""API keys (admin only). The clear key is returned once, by create; lists show its prefix only."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status

from tdm_api.apikeys.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyOut, WhoAmI
from tdm_api.apikeys.service import ApiKeysService
from tdm_api.auth.dependencies import Admin, Viewer
from tdm_api.kit.db import provide
from tdm_api.kit.pagination import Page, Paging

router = APIRouter(tags=["api keys"])

Service = Annotated[ApiKeysService, Depends(provide(ApiKeysService))]


@router.get("/me", response_model=WhoAmI)
def get_current_principal(principal: Viewer) -> WhoAmI:
    """Who the API key is and what it may do: the portal hides the actions its role cannot take."""
    return WhoAmI(name=principal.user_id, role=principal.role, key_id=principal.key_id)


@router.get("/apikeys", response_model=Page[ApiKeyOut])
def list_api_keys(service: Service, principal: Admin, page: Paging) -> Page[ApiKeyOut]:
    """Oldest first, revoked keys included (with `revoked_at`)."""
    return service.list(page)


@router.post("/apikeys", status_code=status.HTTP_201_CREATED, response_model=ApiKeyCreated)
def create_api_key(body: ApiKeyCreate, service: Service, principal: Admin) -> ApiKeyCreated:
    return service.create(body, principal.user_id)


@router.delete("/apikeys/{key_id}", response_model=ApiKeyOut)
def revoke_api_key(key_id: uuid.UUID, service: Service, principal: Admin) -> ApiKeyOut:
    """Revoke a key (idempotent: revoking a revoked key returns it unchanged)."""
    return service.revoke(key_id)
