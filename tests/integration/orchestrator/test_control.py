"""Cancelling and approving jobs from outside, as the API does (control.cancel_job / approve_job /
reject_job), with a real worker process doing the work."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tdm_core.errors import ConflictError, NotFoundError
from tdm_dataset_store import DatasetStore
from tdm_metadata_store.repositories.datasets import DatasetRepository
from tdm_metadata_store.repositories.jobs import JobRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository
from tdm_orchestrator import approve_job, cancel_job, enqueue_job, reject_job
from tdm_orchestrator.graphs.schema_discovery import NODE_NAMES
from tdm_orchestrator.queue import rq_status

from tests.integration.orchestrator.support import (
    WorkerProcess,
    create_job,
    events,
    node_counts,
    run_burst_worker,
    running_queries,
    wait_for_event,
    wait_for_query,
    wait_for_status,
)
from tests.support.polling import wait_until


def _schema_versions_of(engine: Engine, job_id: str) -> list[uuid.UUID]:
    with Session(engine) as session:
        return JobRepository(session).produced_schema_versions(uuid.UUID(job_id))


def test_cancelling_a_running_job_stops_it_within_seconds_and_purges_what_it_was_writing(
    orchestrator_env: dict[str, str], engine: Engine, slow_db: str, workers: Callable[..., WorkerProcess]
) -> None:
    # slow60.slow takes 60 s to profile: without a prompt stop the job would run a minute more.
    job_id = create_job(engine, {"discover": {"connection_string": slow_db, "schemas": ["slow60"]}})
    enqueue_job(job_id)
    worker = workers()
    wait_for_event(job_id, "node_started", "profile_statistics", timeout=60)
    wait_for_query(slow_db, "slow60", timeout=30)
    assert running_queries(slow_db, "slow60") == 1

    # The job has a dataset version half-written (as a subset or mask step would have).
    store = DatasetStore.load()
    store.ensure_bucket()
    with Session(engine, expire_on_commit=False) as session:
        version = DatasetRepository(session).create_version(source_type="subset", job_id=uuid.UUID(job_id))
        session.commit()
    key = f"{version.path_prefix}customers.part-0001.parquet"
    store.client.put_object(Bucket=store.bucket, Key=key, Body=b"half a parquet file")

    started = time.monotonic()
    answer = cancel_job(job_id, "alice")
    assert answer["cancel_requested"] is True
    job = wait_for_status(engine, job_id, {"cancelled", "completed", "failed"}, timeout=10)
    elapsed = time.monotonic() - started
    assert job.status == "cancelled"
    assert elapsed < 5, f"cancel took {elapsed:.1f}s"
    assert job.error == "cancelled by alice"
    assert job.cancel_requested is True
    cancelled = wait_for_event(job_id, "job_cancelled", timeout=5)
    assert cancelled["purged_datasets"] == [str(version.id)]
    with Session(engine) as session:
        assert DatasetRepository(session).require(version.id).status == "purged"
    listed = store.client.list_objects_v2(Bucket=store.bucket, Prefix=version.path_prefix)
    assert listed.get("KeyCount", 0) == 0
    assert _schema_versions_of(engine, job_id) == []
    assert node_counts(engine, job_id, "node_completed")["profile_statistics"] == 0
    # The profiling query stops on the source too (the server notices its client is gone).
    wait_until(
        lambda: running_queries(slow_db, "slow60") == 0,
        timeout=10,
        interval=0.2,
        message=lambda: f"{running_queries(slow_db, 'slow60')} slow60 queries still run on the source",
    )

    # The worker survived the cancel and takes the next job.
    assert worker.process.poll() is None
    next_job = create_job(engine, {"discover": {"connection_string": slow_db, "include_stats": False}})
    enqueue_job(next_job)
    assert wait_for_status(engine, next_job, {"completed"}, timeout=30).status == "completed"
    # Cancelling a finished job is refused; cancelling again a cancelled one changes nothing.
    with pytest.raises(ConflictError, match="already completed"):
        cancel_job(next_job, "alice")
    assert cancel_job(job_id, "bob")["status"] == "cancelled"
    assert wait_for_status(engine, job_id, {"cancelled"}).error == "cancelled by alice"


def test_cancelling_a_queued_job_takes_it_off_the_queue(
    orchestrator_env: dict[str, str], engine: Engine, slow_db: str, worker_logs: Path
) -> None:
    job_id = create_job(engine, {"discover": {"connection_string": slow_db}})
    enqueue_job(job_id)
    assert rq_status(job_id) == "queued"
    answer = cancel_job(job_id, "dora")
    assert answer["status"] == "cancelled"
    assert answer["error"] == "cancelled by dora"
    assert rq_status(job_id) is None
    assert enqueue_job(job_id) is False
    run_burst_worker(worker_logs)
    assert "job_started" not in [e["type"] for e in events(job_id)]
    assert [e["type"] for e in events(job_id)][-1] == "job_cancelled"
    with pytest.raises(NotFoundError):
        cancel_job(uuid.uuid4(), "dora")


def test_approval_before_a_node_pauses_the_job_and_approving_resumes_it_there(
    orchestrator_env: dict[str, str], engine: Engine, slow_db: str, worker_logs: Path
) -> None:
    request = {
        "discover": {"connection_string": slow_db, "schemas": ["public"], "include_stats": False},
        "require_approval_before": ["save_metadata"],
    }
    job_id = create_job(engine, request)
    enqueue_job(job_id)
    run_burst_worker(worker_logs)  # runs until the gate, then the worker is free (and exits: burst)

    job = wait_for_status(engine, job_id, {"awaiting_approval"}, timeout=5)
    paused = wait_for_event(job_id, "awaiting_approval", timeout=5)
    assert paused["interrupts"][0]["value"]["before"] == "save_metadata"
    assert paused["interrupts"][0]["value"]["subgraph"] == "schema_discovery"
    assert _schema_versions_of(engine, job_id) == []  # nothing saved before the approval
    assert node_counts(engine, job_id, "node_completed")["infer_foreign_keys"] == 1
    assert enqueue_job(job_id) is False  # a waiting job is not run again by a stray enqueue
    other = create_job(engine, request)
    with pytest.raises(ConflictError, match="is queued, not awaiting an approval"):
        approve_job(other, "erin")
    cancel_job(other, "erin")

    answer = approve_job(job_id, "erin", "schema looks right")
    assert answer["status"] == "queued"
    run_burst_worker(worker_logs)

    job = wait_for_status(engine, job_id, {"completed"}, timeout=5)
    versions = _schema_versions_of(engine, job_id)
    assert [str(v) for v in versions] == [(job.result_json or {})["schema_version_id"]]
    with Session(engine) as session:
        assert SchemaRepository(session).counts(versions[0])["tables"] == 1
    completed = node_counts(engine, job_id, "node_completed")
    started = node_counts(engine, job_id, "node_started")
    # Resumed at the gate: the nodes before it did not run again.
    assert all(completed[node] == 1 for node in NODE_NAMES), completed
    assert all(started[node] == 1 for node in NODE_NAMES), started
    decisions = [e for e in events(job_id) if e["type"] == "approval_decision"]
    assert [(d["approved"], d["by"], d["comment"]) for d in decisions] == [
        (True, "erin", "schema looks right")
    ]


def test_rejecting_a_step_approval_cancels_the_job_with_who_and_why(
    orchestrator_env: dict[str, str], engine: Engine, slow_db: str, worker_logs: Path
) -> None:
    request = {
        "discover": {"connection_string": slow_db, "include_stats": False},
        "require_approval_before": ["discover"],
    }
    job_id = create_job(engine, request)
    enqueue_job(job_id)
    run_burst_worker(worker_logs)
    wait_for_status(engine, job_id, {"awaiting_approval"}, timeout=5)
    paused = wait_for_event(job_id, "awaiting_approval", timeout=5)
    assert paused["interrupts"][0]["value"]["before"] == "discover"
    assert node_counts(engine, job_id, "node_started")["connect_db"] == 0  # gate is before the subgraph

    reject_job(job_id, "carol", "not on production")
    run_burst_worker(worker_logs)
    job = wait_for_status(engine, job_id, {"cancelled"}, timeout=5)
    assert job.error == "rejected by carol before discover: not on production"
    assert node_counts(engine, job_id, "node_started")["connect_db"] == 0
    assert _schema_versions_of(engine, job_id) == []
