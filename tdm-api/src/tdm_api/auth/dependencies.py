"""Request dependencies: resolve `X-API-Key` to a principal, and check its role.

Roles (spec 13.2): admin (everything), operator (runs jobs; cannot change connections, environments or
API keys), viewer (read-only). Each endpoint declares what it needs with `Viewer`, `Operator` or
`Admin`. Authentication reads the key in the request's own unit of work (one pooled connection per
request); the key's last-used time is written after the request's commit, at most once a minute, so
concurrent requests with one key never queue behind a row lock.
"""

from __future__ import annotations

import hmac
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader
from sqlalchemy.orm import Session
from tdm_core.errors import AuthenticationError, PermissionDeniedError
from tdm_metadata_store.db import after_commit
from tdm_metadata_store.repositories.api_keys import ApiKeyRepository
from tdm_orchestrator.jobs import Submitter

from tdm_api.config import ApiSettings
from tdm_api.kit.db import DbSession

Role = Literal["viewer", "operator", "admin"]
ROLE_RANK: dict[str, int] = {"viewer": 0, "operator": 1, "admin": 2}
BOOTSTRAP_USER = "bootstrap-admin"
LAST_USED_RESOLUTION = timedelta(minutes=1)

api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    scheme_name="ApiKey",
    description="API key created with `tdm apikey create` or POST /api/v1/apikeys (or API_SECRET_KEY).",
)


@dataclass(frozen=True)
class Principal:
    """Who is calling: recorded as jobs.user_id and created_by."""

    user_id: str
    role: str
    key_id: uuid.UUID | None = None

    def can(self, role: str) -> bool:
        return ROLE_RANK.get(self.role, -1) >= ROLE_RANK[role]

    def submitter(self) -> Submitter:
        return Submitter(user_id=self.user_id, key_id=self.key_id)


def _record_use(session: Session, key_id: uuid.UUID) -> None:
    with session.begin():
        ApiKeyRepository(session).touch(key_id, unless_since=datetime.now(UTC) - LAST_USED_RESOLUTION)


def authenticate(
    request: Request,
    db: DbSession,
    api_key: Annotated[str | None, Security(api_key_header)],
) -> Principal:
    """Resolve X-API-Key to a principal, or 401."""
    if not api_key:
        raise AuthenticationError("missing X-API-Key header: send an API key to use this endpoint")
    settings: ApiSettings = request.app.state.settings
    if settings.api_secret_key is not None:
        secret = settings.api_secret_key.get_secret_value()
        if secret and hmac.compare_digest(api_key.encode(), secret.encode()):
            return Principal(user_id=BOOTSTRAP_USER, role="admin")
    row = ApiKeyRepository(db).authenticate(api_key, touch=False)
    if row is None:
        raise AuthenticationError("the API key is not valid or has been revoked")
    principal = Principal(user_id=row.name, role=row.role, key_id=row.id)
    if row.last_used_at is None or row.last_used_at < datetime.now(UTC) - LAST_USED_RESOLUTION:
        key_id = row.id
        after_commit(db, lambda: _record_use(db, key_id))
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(authenticate)]


def require_role(role: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """Dependency factory: the caller must have at least `role`."""

    async def checker(principal: CurrentPrincipal) -> Principal:
        if not principal.can(role):
            raise PermissionDeniedError(
                f"this operation needs the {role} role; the API key used has the {principal.role} role"
            )
        return principal

    checker.__name__ = f"require_{role}"
    return checker


Viewer = Annotated[Principal, Depends(require_role("viewer"))]
Operator = Annotated[Principal, Depends(require_role("operator"))]
Admin = Annotated[Principal, Depends(require_role("admin"))]
