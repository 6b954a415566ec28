from __future__ import annotations

import uuid

from sqlalchemy.orm import Session
from tdm_core.errors import NotFoundError
from tdm_metadata_store.models import ApiKey
from tdm_metadata_store.repositories.api_keys import ApiKeyRepository

from tdm_api.apikeys.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyOut
from tdm_api.kit.pagination import Page, PageParams


class ApiKeysService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = ApiKeyRepository(session)

    def list(self, page: PageParams) -> Page[ApiKeyOut]:
        rows = self.repo.list()  # a handful of keys: paging in memory is fine
        items = [ApiKeyOut.model_validate(row) for row in rows[page.offset : page.offset + page.limit]]
        return page.page(items, len(rows))

    def create(self, body: ApiKeyCreate, created_by: str) -> ApiKeyCreated:
        row, clear = self.repo.create(name=body.name, role=body.role, created_by=created_by)
        self.session.refresh(row)  # created_at comes from the server default
        return ApiKeyCreated.model_validate({**ApiKeyOut.model_validate(row).model_dump(), "key": clear})

    def revoke(self, key_id: uuid.UUID) -> ApiKeyOut:
        self.repo.revoke(key_id)
        row = self.session.get(ApiKey, key_id)
        if row is None:
            raise NotFoundError(f"API key {key_id} does not exist")
        self.session.refresh(row)
        return ApiKeyOut.model_validate(row)
