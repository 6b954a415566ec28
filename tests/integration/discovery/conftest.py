"""Sources for the discovery tests: Pagila and Chinook loaded on the session's PostgreSQL, a synthetic
PostgreSQL schema, and helpers that save a discovery into the metadata store and read it back."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tdm_agents.common.sources import dispose_source_engines
from tdm_agents.schema_discovery import Discovery, save_schema_version
from tdm_cli.samples import load_sample, with_database
from tdm_metadata_store.repositories.schemas import SchemaRepository
from tdm_orchestrator.runtime import reset_runtime

from tests.support.services import ServiceEndpoints

SYNTHETIC_SQL = (Path(__file__).parent / "synthetic.sql").read_text()


def _drop(services: ServiceEndpoints, dbname: str) -> None:
    dispose_source_engines()  # our own pooled connections first; FORCE ends any other
    with psycopg.connect(with_database(services.postgres_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def _sample(services: ServiceEndpoints, name: str) -> Iterator[str]:
    dbname = f"tdm_disc_{name}_{uuid.uuid4().hex[:8]}"
    url = load_sample(name, services.postgres_url, dbname=dbname)
    try:
        yield url
    finally:
        _drop(services, dbname)


@pytest.fixture(scope="session")
def pagila_url(services: ServiceEndpoints) -> Iterator[str]:
    yield from _sample(services, "pagila")


@pytest.fixture(scope="session")
def chinook_url(services: ServiceEndpoints) -> Iterator[str]:
    yield from _sample(services, "chinook")


@pytest.fixture(scope="session")
def synthetic_url(services: ServiceEndpoints) -> Iterator[str]:
    """synthetic.sql: two schemas, cyclic/self/composite/unique-target keys, enum, domain, arrays..."""
    dbname = f"tdm_disc_synthetic_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(with_database(services.postgres_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{dbname}"')
    url = with_database(services.postgres_url, dbname)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SYNTHETIC_SQL.encode())
    try:
        yield url
    finally:
        _drop(services, dbname)


@pytest.fixture(scope="session")
def discovery_env(service_env: dict[str, str]) -> Iterator[dict[str, str]]:
    """The session's services for code that reads settings (the job runtime, worker processes)."""
    reset_runtime()
    yield service_env
    reset_runtime()


def save_and_load(engine: Engine, discovery: Discovery, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Store the discovery as a schema version; return (what the repository reads back, the saved
    snapshot_json with its extra keys)."""
    with Session(engine) as session:
        summary = save_schema_version(
            session,
            snapshot=discovery.snapshot,
            schema_name=f"{name}-{uuid.uuid4().hex[:8]}",
            connection_id=None,
            job_id=None,
        )
        session.commit()
    version_id = uuid.UUID(summary["schema_version_id"])
    with Session(engine) as session:
        repo = SchemaRepository(session)
        return repo.load_version(version_id).to_dict(), dict(
            repo.require_version(version_id).snapshot_json or {}
        )
