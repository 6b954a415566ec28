"""Session-wide real services for every test: a fresh migrated metadata database, Redis, an S3 bucket.

Each test session creates its own PostgreSQL database and S3 bucket (dropped at the end) and points the
process environment at them, so code under test that reads settings (`*.load()`) and worker
subprocesses started by tests see the same services.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tdm_metadata_store.db import make_engine
from tdm_metadata_store.settings import libpq_url

from tests.support.services import ServiceEndpoints, resolve_services

SESSION_TAG = uuid.uuid4().hex[:10]


def _with_database(url: str, dbname: str) -> str:
    base, _, _ = libpq_url(url).rpartition("/")
    return f"{base}/{dbname}"


@pytest.fixture(scope="session")
def services() -> Iterator[ServiceEndpoints]:
    endpoints, stop = resolve_services()
    try:
        yield endpoints
    finally:
        stop()


@pytest.fixture(scope="session")
def metadata_db_url(services: ServiceEndpoints) -> Iterator[str]:
    """A fresh database migrated to head once per session."""
    from tdm_metadata_store.migrations import upgrade_to_head

    dbname = f"tdm_test_{SESSION_TAG}"
    admin = _with_database(services.postgres_url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{dbname}"')
    url = _with_database(services.postgres_url, dbname)
    upgrade_to_head(url)
    try:
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


@pytest.fixture(scope="session")
def s3_bucket(services: ServiceEndpoints) -> str:
    return f"tdm-test-{SESSION_TAG}"


@pytest.fixture(scope="session", autouse=True)
def tdm_environment(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    """Point every settings class (and child processes) at this session's services.

    Tests that need no service (pure unit tests) still get TDM_HOME isolated, without starting anything.
    """
    env: dict[str, str] = {
        "TDM_HOME": str(tmp_path_factory.mktemp("tdm_home")),
        "TDM_ENCRYPTION_KEY": "test-encryption-key-" + SESSION_TAG,
        "TDM_QUEUE_NAME": f"tdm-test-{SESSION_TAG}",
    }
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        yield env


@pytest.fixture(scope="session")
def service_env(
    tdm_environment: dict[str, str], services: ServiceEndpoints, metadata_db_url: str, s3_bucket: str
) -> Iterator[dict[str, str]]:
    """Environment variables of the spec (section 20) naming this session's services."""
    env = {
        "DATABASE_URL": metadata_db_url,
        "REDIS_URL": services.redis_url,
        "MINIO_ENDPOINT": services.s3_endpoint,
        "MINIO_ACCESS_KEY": services.s3_access_key,
        "MINIO_SECRET_KEY": services.s3_secret_key,
        "MINIO_BUCKET": s3_bucket,
    }
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        yield {**tdm_environment, **env}


@pytest.fixture(scope="session")
def engine(service_env: dict[str, str], metadata_db_url: str) -> Iterator[Engine]:
    eng = make_engine(metadata_db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def db_session(engine: Engine) -> Iterator[Session]:
    """A session on the migrated test database. Tests isolate their data with unique names/ids."""
    with Session(engine, expire_on_commit=False) as session:
        yield session
        session.rollback()


@pytest.fixture
def redis_client(service_env: dict[str, str], services: ServiceEndpoints) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(services.redis_url)
    yield client
    client.close()


def pytest_report_header(config: pytest.Config) -> str:
    return (
        f"tdm test session {SESSION_TAG} (TDM_HOME isolated per session); cwd {Path.cwd()}; pid {os.getpid()}"
    )
