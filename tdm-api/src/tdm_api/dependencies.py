"""Request dependencies: the unit of work, Redis, authentication and role checks, pagination.

Roles (spec 13.2): admin (everything), operator (runs jobs; cannot change connections, environments or
API keys), viewer (read-only). Each router declares what it needs with `require_role(...)`.
"""

from __future__ import annotations

import hmac
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Literal

import redis
from fastapi import Depends, Query, Request, Security
from fastapi.security import APIKeyHeader
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from tdm_cache.client import get_redis
from tdm_core.errors import AuthenticationError, InvalidInputError, PermissionDeniedError
from tdm_metadata_store.db import session_scope
from tdm_metadata_store.repositories.api_keys import ApiKeyRepository

from tdm_api.config import ApiSettings
from tdm_api.services.uow import discard_after_commit, pop_after_commit

Role = Literal["viewer", "operator", "admin"]
ROLE_RANK: dict[str, int] = {"viewer": 0, "operator": 1, "admin": 2}
BOOTSTRAP_USER = "bootstrap-admin"
API_PREFIX = "/api/v1"

api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    scheme_name="ApiKey",
    description="API key created with `tdm apikey create` or POST /api/v1/apikeys (or API_SECRET_KEY).",
)


def get_settings(request: Request) -> ApiSettings:
    settings: ApiSettings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_db(request: Request) -> Iterator[Session]:
    """One session per request, committed here once the endpoint returned (scope="function").

    Committing before the response is sent means a client that gets 201/202 can read what it created
    at once. Actions registered with `after_commit` (e.g. enqueueing a job) run right after the commit.
    """
    factory: sessionmaker[Session] = request.app.state.session_factory
    session = factory()
    try:
        yield session
        session.commit()
        for action in pop_after_commit(session):
            action()
    except BaseException:
        discard_after_commit(session)
        session.rollback()
        raise
    finally:
        session.close()


DbSession = Annotated[Session, Depends(get_db, scope="function")]


def get_redis_client() -> redis.Redis:
    return get_redis()


RedisClient = Annotated[redis.Redis, Depends(get_redis_client)]


@dataclass(frozen=True)
class Principal:
    """Who is calling: recorded as jobs.user_id and created_by."""

    user_id: str
    role: str
    key_id: uuid.UUID | None = None

    def can(self, role: str) -> bool:
        return ROLE_RANK.get(self.role, -1) >= ROLE_RANK[role]


def authenticate(
    request: Request,
    api_key: Annotated[str | None, Security(api_key_header)],
) -> Principal:
    """Resolve X-API-Key to a principal, or 401.

    Uses its own short transaction (not the request's), so marking the key as used never holds a row
    lock for the length of the request: concurrent requests with one key do not queue behind each other.
    """
    if not api_key:
        raise AuthenticationError("missing X-API-Key header: send an API key to use this endpoint")
    settings: ApiSettings = request.app.state.settings
    if settings.api_secret_key is not None:
        secret = settings.api_secret_key.get_secret_value()
        if secret and hmac.compare_digest(api_key.encode(), secret.encode()):
            return Principal(user_id=BOOTSTRAP_USER, role="admin")
    with session_scope(request.app.state.engine) as session:
        row = ApiKeyRepository(session).authenticate(api_key)
        if row is None:
            raise AuthenticationError("the API key is not valid or has been revoked")
        principal = Principal(user_id=row.name, role=row.role, key_id=row.id)
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(authenticate)]


def require_role(role: Role) -> Callable[[Principal], Principal]:
    """Dependency factory: the caller must have at least `role`."""

    def checker(principal: CurrentPrincipal) -> Principal:
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


@dataclass(frozen=True)
class PageParams:
    limit: int
    offset: int


def page_params(
    request: Request,
    limit: Annotated[
        int | None, Query(ge=1, description="Rows per page (at most TDM_API_MAX_PAGE_SIZE).")
    ] = None,
    offset: Annotated[int, Query(ge=0, description="Rows to skip.")] = 0,
) -> PageParams:
    settings: ApiSettings = request.app.state.settings
    if limit is None:
        limit = min(settings.tdm_api_default_page_size, settings.tdm_api_max_page_size)
    if limit > settings.tdm_api_max_page_size:
        raise InvalidInputError(
            f"limit must be at most {settings.tdm_api_max_page_size}",
            errors=[
                {
                    "loc": ["query", "limit"],
                    "msg": f"must be at most {settings.tdm_api_max_page_size}",
                    "type": "less_than_equal",
                }
            ],
        )
    return PageParams(limit=limit, offset=offset)


Page = Annotated[PageParams, Depends(page_params)]
