from __future__ import annotations

import uuid

from sqlalchemy.orm import Session
from tdm_metadata_store.repositories.connections import ConnectionRepository

from tdm_api.connections.schemas import ConnectionCreate, ConnectionOut
from tdm_api.kit.pagination import Page, PageParams


class ConnectionsService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = ConnectionRepository(session)

    def list(self, page: PageParams) -> Page[ConnectionOut]:
        rows, total = self.repo.list_saved(limit=page.limit, offset=page.offset)
        return page.page([ConnectionOut.model_validate(r) for r in rows], total)

    def get(self, connection_id: uuid.UUID) -> ConnectionOut:
        return ConnectionOut.model_validate(self.repo.require(connection_id))

    def create(self, body: ConnectionCreate, created_by: str) -> ConnectionOut:
        row = self.repo.create(
            name=body.name,
            connection_string=body.connection_string.get_secret_value(),
            type=body.type,
            created_by=created_by,
        )
        self.session.refresh(row)
        return ConnectionOut.model_validate(row)
