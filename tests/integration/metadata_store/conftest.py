"""Fixtures for metadata-store tests: throwaway databases and committed-work sessions."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tdm_metadata_store.settings import libpq_url

from tests.support.services import ServiceEndpoints


def _with_database(url: str, dbname: str) -> str:
    base, _, _ = libpq_url(url).rpartition("/")
    return f"{base}/{dbname}"


@pytest.fixture
def empty_database_url(services: ServiceEndpoints) -> Iterator[str]:
    """A brand-new, never-migrated database of our own (not the shared session one)."""
    dbname = f"tdm_mig_{uuid.uuid4().hex[:12]}"
    admin = _with_database(services.postgres_url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{dbname}"')
    try:
        yield _with_database(services.postgres_url, dbname)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


@pytest.fixture
def committing_session(engine: Engine) -> Iterator[Callable[[], Session]]:
    """Factory of independent sessions (for concurrency tests that must commit)."""
    opened: list[Session] = []

    def make() -> Session:
        session = Session(engine, expire_on_commit=False)
        opened.append(session)
        return session

    yield make
    for session in opened:
        session.close()


@pytest.fixture
def uid() -> str:
    return uuid.uuid4().hex[:12]
