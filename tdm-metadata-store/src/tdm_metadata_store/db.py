"""Engine and unit-of-work helpers.

Repositories never commit: the caller that owns the unit of work (an API request dependency, the job
wrapper in the worker, a CLI command) opens `session_scope()` and the commit happens once, at its end.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from tdm_metadata_store.settings import MetadataStoreSettings, sqlalchemy_url


def make_engine(database_url: str, *, pool_size: int = 5) -> Engine:
    return create_engine(
        sqlalchemy_url(database_url),
        pool_size=pool_size,
        pool_pre_ping=True,  # survive a restarted PostgreSQL without a failed request
        future=True,
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


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    session = session_factory(engine)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
