"""Engine and unit-of-work helpers.

Repositories never commit: the caller that owns the unit of work (an API request dependency, the job
wrapper in the worker, a CLI command) opens `session_scope()` and the commit happens once, at its end.
What must happen only once the work is committed (enqueueing a job a worker will read) is registered
with `after_commit` and run by the owner right after its commit -- never before, never on rollback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from tdm_metadata_store.settings import MetadataStoreSettings, sqlalchemy_url


def make_engine(
    database_url: str,
    *,
    pool_size: int = 5,
    max_overflow: int = 10,
    pool_timeout: float = 30.0,
    application_name: str = "tdm",
) -> Engine:
    return create_engine(
        sqlalchemy_url(database_url),
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=pool_timeout,
        pool_pre_ping=True,  # survive a restarted PostgreSQL without a failed request
        # Exceptions (and tracebacks in logs) never carry statement parameters: they may be secrets or
        # personal data from a request.
        hide_parameters=True,
        connect_args={"connect_timeout": 10, "application_name": application_name},
    )


@lru_cache(maxsize=8)
def _engine_for(database_url: str, pool_size: int) -> Engine:
    return make_engine(database_url, pool_size=pool_size)


def get_engine(settings: MetadataStoreSettings | None = None) -> Engine:
    """Process-wide engine for the configured metadata database (one pool per URL)."""
    settings = settings or MetadataStoreSettings.load()
    return _engine_for(settings.database_url, settings.db_pool_size)


def session_factory(engine: Engine | None = None) -> sessionmaker[Session]:
    return sessionmaker(bind=engine or get_engine(), expire_on_commit=False)


_AFTER_COMMIT = "tdm_after_commit"


def after_commit(session: Session, action: Callable[[], None]) -> None:
    """Run `action` once the unit of work owning `session` has committed (dropped on rollback)."""
    session.info.setdefault(_AFTER_COMMIT, []).append(action)


def commit_unit_of_work(session: Session) -> None:
    """Commit, then run the actions registered with `after_commit`, in order."""
    session.commit()
    actions: list[Callable[[], None]] = session.info.pop(_AFTER_COMMIT, [])
    for action in actions:
        action()


def rollback_unit_of_work(session: Session) -> None:
    session.info.pop(_AFTER_COMMIT, None)
    session.rollback()


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """One unit of work: commit on success (then its after-commit actions), roll back on any error."""
    session = session_factory(engine)()
    try:
        yield session
        commit_unit_of_work(session)
    except BaseException:
        rollback_unit_of_work(session)
        raise
    finally:
        session.close()
