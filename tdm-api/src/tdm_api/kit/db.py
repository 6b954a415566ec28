"""The request's unit of work: one session per request on the API's one engine.

The session is committed once the endpoint returned (scope="function"), before the response is sent,
so a client that gets 201/202 can read what it created at once. Actions registered with
`tdm_metadata_store.db.after_commit` (e.g. enqueueing a job) run right after the commit.
Only services use the session: endpoints get a domain service, never the session itself.

The dependencies here are `async def`: making a session and a service object costs nothing, so they
run on the event loop instead of hopping to a worker thread each; the commit and the rollback (database
I/O) do run in a thread. A request thus takes a thread for its authentication, its endpoint and its
commit only.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session, sessionmaker
from tdm_metadata_store.db import commit_unit_of_work, rollback_unit_of_work


def _commit_and_close(session: Session) -> None:
    try:
        commit_unit_of_work(session)
    finally:
        session.close()


def _rollback_and_close(session: Session) -> None:
    try:
        rollback_unit_of_work(session)
    finally:
        session.close()


async def get_db(request: Request) -> AsyncIterator[Session]:
    factory: sessionmaker[Session] = request.app.state.session_factory
    session = factory()
    try:
        yield session
    except BaseException:
        await run_in_threadpool(_rollback_and_close, session)
        raise
    await run_in_threadpool(_commit_and_close, session)


DbSession = Annotated[Session, Depends(get_db, scope="function")]


S = TypeVar("S")


def provide(service: Callable[[Session], S]) -> Callable[[Session], Awaitable[S]]:
    """A dependency that builds a domain service on the request's session:
    `Service = Annotated[XService, Depends(provide(XService))]`."""

    async def factory(db: DbSession) -> S:
        return service(db)

    factory.__name__ = f"provide_{getattr(service, '__name__', 'service')}"
    return factory
