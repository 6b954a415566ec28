from __future__ import annotations

import uuid

from sqlalchemy.orm import Session
from tdm_agents.common.source_policy import check_source_allowed
from tdm_core.errors import ConflictError, PermissionDeniedError
from tdm_metadata_store.repositories.connections import ConnectionRepository, is_inline
from tdm_metadata_store.repositories.jobs import JobRepository

from tdm_api.auth.dependencies import Principal
from tdm_api.connections.schemas import ConnectionCreate, ConnectionOut
from tdm_api.kit.pagination import Page, PageParams


class ConnectionsService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = ConnectionRepository(session)

    def list(self, page: PageParams, principal: Principal, *, include_inline: bool) -> Page[ConnectionOut]:
        """Saved connections; with `include_inline`, also the inline ones the caller created (an admin
        sees every inline one)."""
        rows, total = self.repo.list_visible(
            inline_of=principal.user_id if include_inline else None,
            all_inline=include_inline and principal.can("admin"),
            limit=page.limit,
            offset=page.offset,
        )
        return page.page([_out(r) for r in rows], total)

    def get(self, connection_id: uuid.UUID) -> ConnectionOut:
        return _out(self.repo.require(connection_id))

    def create(self, body: ConnectionCreate, created_by: str) -> ConnectionOut:
        connection_string = body.connection_string.get_secret_value()
        check_source_allowed(connection_string)
        row = self.repo.create(
            name=body.name, connection_string=connection_string, type=body.type, created_by=created_by
        )
        self.session.refresh(row)
        return _out(row)

    def delete(self, connection_id: uuid.UUID, principal: Principal) -> None:
        """Admins delete any connection; the submitter of an inline connection string may delete the
        connection its jobs made. Schemas discovered through it keep their versions (their link to the
        source becomes empty: PII sampling then needs a new discovery)."""
        row = self.repo.require(connection_id)
        if not principal.can("admin") and not (is_inline(row) and row.created_by == principal.user_id):
            raise PermissionDeniedError(
                "only an admin may delete a saved connection; an operator may delete the inline "
                "connections of the jobs they submitted"
            )
        busy = JobRepository(self.session).active_jobs_naming(str(connection_id))
        if busy:
            raise ConflictError(
                f"connection {connection_id} is used by unfinished job(s) {', '.join(map(str, busy))}: "
                "wait for them or cancel them first"
            )
        self.repo.delete(connection_id)


def _out(row: object) -> ConnectionOut:
    out = ConnectionOut.model_validate(row)
    out.inline = is_inline(row)  # type: ignore[arg-type]
    return out
