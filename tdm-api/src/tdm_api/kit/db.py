"""The request's unit of work: one session per request on the API's one engine.

The session is committed once the endpoint returned (scope="function"), before the response is sent,
so a client that gets 201/202 can read what it created at once. Actions registered with
`tdm_metadata_store.db.after_commit` (e.g. enqueueing a job) run right after the commit.
Only services use the session: endpoints get a domain service, never the session itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker
from tdm_metadata_store.db import commit_unit_of_work, rollback_unit_of_work


def get_db(request: Request) -> Iterator[Session]:
    factory: sessionmaker[Session] = request.app.state.session_factory
    session = factory()
    try:
        yield session
        commit_unit_of_work(session)
    except BaseException:
        rollback_unit_of_work(session)
        raise
    finally:
        session.close()


DbSession = Annotated[Session, Depends(get_db, scope="function")]


S = TypeVar("S")


def provide(service: Callable[[Session], S]) -> Callable[[Session], S]:
    """A dependency that builds a domain service on the request's session:
    `Service = Annotated[XService, Depends(provide(XService))]`."""

    def factory(db: DbSession) -> S:
        return service(db)

    factory.__name__ = f"provide_{getattr(service, '__name__', 'service')}"
    return factory
