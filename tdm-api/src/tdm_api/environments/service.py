from __future__ import annotations

from sqlalchemy.orm import Session
from tdm_metadata_store.models import Environment
from tdm_metadata_store.repositories.environments import EnvironmentRepository

from tdm_api.environments.schemas import EnvironmentCreate, EnvironmentOut, EnvironmentUpdate
from tdm_api.kit.pagination import Page, PageParams


def _out(row: Environment) -> EnvironmentOut:
    out = EnvironmentOut.model_validate(row)
    out.has_connection = row.connection_string_encrypted is not None
    return out


class EnvironmentsService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = EnvironmentRepository(session)

    def list(self, page: PageParams) -> Page[EnvironmentOut]:
        rows, total = self.repo.list(limit=page.limit, offset=page.offset)
        return page.page([_out(r) for r in rows], total)

    def get(self, name: str) -> EnvironmentOut:
        return _out(self.repo.require_by_name(name))

    def create(self, body: EnvironmentCreate) -> EnvironmentOut:
        row = self.repo.create(
            name=body.name,
            connection_string=body.connection_string.get_secret_value() if body.connection_string else None,
            config_json=body.config,
            requires_approval=body.requires_approval,
        )
        self.session.refresh(row)
        return _out(row)

    def update(self, name: str, body: EnvironmentUpdate) -> EnvironmentOut:
        row = self.repo.require_by_name(name)
        row = self.repo.update(
            row.id,
            connection_string=body.connection_string.get_secret_value() if body.connection_string else None,
            config_json=body.config,
            requires_approval=body.requires_approval,
        )
        self.session.flush()
        self.session.refresh(row)
        return _out(row)
