"""Shared by the integration tests of the agents that make datasets (subsetting, masking): sources
(Pagila, Chinook, hand-made schemas) discovered through a job, the helpers that run jobs, and the
loader that checks a dataset by loading it into an empty database whose keys must then validate."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from tdm_agents.common.sources import dispose_source_engines
from tdm_cli.jobrunner import JobOutcome, run_in_process
from tdm_cli.samples import get_sample, load_sample, with_database
from tdm_dataset_store import DatasetStore
from tdm_orchestrator.runtime import reset_runtime

from tests.support.services import ServiceEndpoints
from tests.support.subsets import create_empty, drop_database, load_dataset, run_statements, split_dump


@pytest.fixture(scope="session")
def subset_env(service_env: dict[str, str]) -> Iterator[dict[str, str]]:
    reset_runtime()
    store = DatasetStore.load()
    store.ensure_bucket()
    store.close()
    yield service_env
    reset_runtime()


@pytest.fixture(scope="session")
def dataset_store(subset_env: dict[str, str]) -> Iterator[DatasetStore]:
    store = DatasetStore.load()
    yield store
    store.close()


def run_job(request: dict[str, Any]) -> JobOutcome:
    return run_in_process(request, progress=False)


def discover(url: str) -> str:
    outcome = run_job({"discover": {"connection_string": url}})
    assert outcome.status == "completed", outcome.error
    return str(outcome.result["steps"]["discover"]["schema_version_id"])


def step(name: str, request: dict[str, Any]) -> dict[str, Any]:
    """Run a one-step job to completion; its step result."""
    outcome = run_job({name: request})
    assert outcome.status == "completed", outcome.error
    return dict(outcome.result["steps"][name])


def subset(request: dict[str, Any]) -> dict[str, Any]:
    return step("subset", request)


def mask(request: dict[str, Any]) -> dict[str, Any]:
    return step("mask", request)


@pytest.fixture(scope="session")
def source_db(services: ServiceEndpoints, subset_env: dict[str, str]) -> Iterator[Callable[[str, str], str]]:
    """make(name, sql) -> URL of a new database holding `sql`; all dropped at the end."""
    made: list[str] = []

    def make(prefix: str, ddl: str) -> str:
        name = f"tdm_sub_{prefix}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(with_database(services.postgres_url, "postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = with_database(services.postgres_url, name)
        made.append(url)
        run_statements(url, [ddl])
        return url

    yield make
    dispose_source_engines()
    for url in made:
        drop_database(url)


def _sample(services: ServiceEndpoints, name: str) -> Iterator[tuple[str, str]]:
    dbname = f"tdm_sub_{name}_{uuid.uuid4().hex[:8]}"
    url = load_sample(name, services.postgres_url, dbname=dbname)
    try:
        yield url, discover(url)
    finally:
        dispose_source_engines()
        drop_database(url)


@pytest.fixture(scope="session")
def pagila(services: ServiceEndpoints, subset_env: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(URL, schema version id) of a discovered Pagila."""
    yield from _sample(services, "pagila")


@pytest.fixture(scope="session")
def chinook(services: ServiceEndpoints, subset_env: dict[str, str]) -> Iterator[tuple[str, str]]:
    yield from _sample(services, "chinook")


@pytest.fixture
def targets(services: ServiceEndpoints) -> Iterator[Callable[..., str]]:
    """load(dataset_version_id, pre, post) -> URL of a new database: `pre` (tables without keys), the
    dataset's rows, then `post` (keys, indexes, triggers), which must all validate."""
    made: list[str] = []

    def load(store: DatasetStore, version_id: str, pre: list[str], post: list[str]) -> str:
        url = create_empty(services.postgres_url, "tdm_target")
        made.append(url)
        run_statements(url, pre)
        load_dataset(store, version_id, url)
        run_statements(url, post)
        return url

    yield load
    for url in made:
        drop_database(url)


def sample_dump(name: str) -> tuple[list[str], list[str]]:
    return split_dump(Path(get_sample(name).dump))
