"""Subset jobs on a real worker: cancelling one mid-extraction leaves no dataset and stops its queries
on the source, and the schema version's lock expires soon after."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tdm_cache.client import get_redis
from tdm_cache.keys import lock_key
from tdm_dataset_store import DatasetStore
from tdm_metadata_store.repositories.jobs import JobRepository
from tdm_orchestrator import cancel_job, enqueue_job

from tests.integration.orchestrator.support import (
    WorkerProcess,
    create_job,
    create_source_database,
    running_queries,
    wait_for_event,
    wait_for_status,
)
from tests.support.polling import wait_until
from tests.support.services import ServiceEndpoints

# Big enough that closing and extracting it takes several seconds on this machine.
BIG_SQL = """
CREATE TABLE accounts (id int PRIMARY KEY, name text);
CREATE TABLE entries (id bigint PRIMARY KEY, account_id int NOT NULL REFERENCES accounts (id), pad text);
INSERT INTO accounts SELECT g, 'account ' || g FROM generate_series(1, 1000) g;
INSERT INTO entries SELECT g, 1 + g % 1000, repeat(md5(g::text), 4) FROM generate_series(1, 1500000) g;
CREATE INDEX ON entries (account_id);
ANALYZE;
"""


@pytest.fixture(scope="module")
def big_db(services: ServiceEndpoints) -> Iterator[str]:
    yield from create_source_database(services, BIG_SQL)


@pytest.fixture(scope="module")
def big_version(orchestrator_env: dict[str, str], engine: Engine, big_db: str) -> str:
    from tdm_cli.jobrunner import run_in_process

    outcome = run_in_process({"discover": {"connection_string": big_db}}, progress=False)
    assert outcome.status == "completed", outcome.error
    return str(outcome.result["steps"]["discover"]["schema_version_id"])


def _dataset_versions(engine: Engine, job_id: str) -> dict[str, list[uuid.UUID]]:
    with Session(engine) as session:
        repo = JobRepository(session)
        return {
            status: repo.dataset_versions_in_status(uuid.UUID(job_id), status)
            for status in ("writing", "active", "failed", "purged")
        }


def test_cancelling_a_subset_mid_extraction_leaves_nothing(
    orchestrator_env: dict[str, str],
    engine: Engine,
    big_db: str,
    big_version: str,
    workers: Callable[..., WorkerProcess],
) -> None:
    store = DatasetStore.load()
    store.ensure_bucket()
    request = {
        "subset": {"schema_version_id": big_version, "connection_string": big_db, "root_table": "accounts"}
    }
    job_id = create_job(engine, request)
    enqueue_job(job_id)
    workers()
    wait_for_event(job_id, "node_started", "recursive_row_extract", timeout=60)
    wait_until(
        lambda: running_queries(big_db, "entries") > 0,
        timeout=30,
        interval=0.05,
        message="the subset never queried the source",
    )
    # The dataset version exists, still invisible (writing).
    wait_until(lambda: bool(_dataset_versions(engine, job_id)["writing"]), timeout=10, interval=0.05)
    version = _dataset_versions(engine, job_id)["writing"][0]
    assert get_redis().exists(lock_key("subset", big_version))

    started = time.monotonic()
    cancel_job(job_id, "carol")
    job = wait_for_status(engine, job_id, {"cancelled", "completed", "failed"}, timeout=15)
    assert job.status == "cancelled", job.error
    assert time.monotonic() - started < 10
    assert _dataset_versions(engine, job_id)["purged"] == [version]
    listed = store.client.list_objects_v2(Bucket=store.bucket, Prefix=f"datasets/{version}/")
    assert listed.get("KeyCount", 0) == 0
    wait_until(
        lambda: running_queries(big_db, "entries") == 0,
        timeout=15,
        interval=0.2,
        message="the subset's queries kept running on the source after the cancel",
    )
    # A killed run cannot release its lock: it expires within its short time to live (renewed while
    # the run lives), so the next subset of this schema version waits seconds, not forever.
    assert get_redis().pttl(lock_key("subset", big_version)) <= 30_000
