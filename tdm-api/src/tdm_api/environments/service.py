from __future__ import annotations

from sqlalchemy.orm import Session
from tdm_agents.common.source_policy import check_source_allowed
from tdm_core.errors import ConflictError
from tdm_metadata_store.models import Environment
from tdm_metadata_store.repositories.environments import EnvironmentRepository
from tdm_metadata_store.repositories.jobs import JobRepository

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
        if body.connection_string is not None:
            check_source_allowed(body.connection_string.get_secret_value())
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
        if body.connection_string is not None:
            check_source_allowed(body.connection_string.get_secret_value())
        row = self.repo.update(
            row.id,
            connection_string=body.connection_string.get_secret_value() if body.connection_string else None,
            config_json=body.config,
            requires_approval=body.requires_approval,
        )
        self.session.flush()
        self.session.refresh(row)
        return _out(row)

    def delete(self, name: str) -> None:
        row = self.repo.require_by_name(name)
        busy = JobRepository(self.session).active_jobs_naming(row.name)
        if busy:
            raise ConflictError(
                f"environment {name!r} is the target of unfinished job(s) {', '.join(map(str, busy))}: "
                "wait for them or cancel them first"
            )
        self.repo.delete(row.id)
