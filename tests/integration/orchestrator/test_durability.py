"""A job survives its worker: SIGKILL mid-node resumes from the last checkpoint on another worker,
SIGTERM drains at a step boundary, and jobs no worker ever received are swept onto the queue."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import psutil
from rq.scheduler import RQScheduler
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session
from tdm_cache.client import get_redis
from tdm_metadata_store.models import Job
from tdm_orchestrator import enqueue_job
from tdm_orchestrator.graphs.schema_discovery import NODE_NAMES

from tests.integration.orchestrator.support import (
    WorkerProcess,
    create_job,
    events,
    node_counts,
    run_burst_worker,
    wait_for_event,
    wait_for_query,
    wait_for_status,
)

BEFORE_PROFILE = NODE_NAMES[: NODE_NAMES.index("profile_statistics")]
AFTER_PROFILE = NODE_NAMES[NODE_NAMES.index("profile_statistics") + 1 :]


def _slow_discovery(slow_db: str) -> dict[str, object]:
    # slow8.slow is a view whose single row takes 8 s to compute: profile_statistics blocks on it.
    return {"discover": {"connection_string": slow_db, "schemas": ["public", "slow8"]}}


def _backdate_job(engine: Engine, job_id: str, age: timedelta) -> None:
    """Make the job row look `age` older: the sweeper's grace period is measured from its timestamps."""
    with Session(engine) as session:
        session.execute(
            update(Job)
            .where(Job.id == uuid.UUID(job_id))
            .values(created_at=Job.created_at - age, updated_at=Job.updated_at - age)
        )
        session.commit()


def test_sigkilled_worker_job_resumes_from_its_last_checkpoint_on_another_worker(
    orchestrator_env: dict[str, str], engine: Engine, slow_db: str, workers: Callable[..., WorkerProcess]
) -> None:
    job_id = create_job(engine, _slow_discovery(slow_db))
    enqueue_job(job_id)
    first = workers()
    wait_for_event(job_id, "node_started", "profile_statistics", timeout=60)
    # Kill while the slow view's 8 s query runs: mid-node, after the previous nodes' checkpoints.
    wait_for_query(slow_db, "slow8", timeout=60)
    victims = first.tree()
    assert len(victims) >= 3, "pool, worker and work horse should all be running"
    first.kill_all()
    _, alive = psutil.wait_procs(victims, timeout=10)
    assert not alive

    second = workers()
    job = wait_for_status(engine, job_id, {"completed", "failed"}, timeout=90)
    assert job.status == "completed", job.error
    assert job.attempts == 2

    completed = node_counts(engine, job_id, "node_completed")
    started = node_counts(engine, job_id, "node_started")
    # Every node completed exactly once: nothing done before the crash was done again...
    assert all(completed[node] == 1 for node in NODE_NAMES), completed
    assert all(started[node] == 1 for node in BEFORE_PROFILE), started
    assert completed["parse_request"] == completed["decide_operation"] == completed["finalize"] == 1
    # ...and the node the crash interrupted ran again from its start, on the second worker.
    assert started["profile_statistics"] == 2
    assert all(started[node] == 1 for node in AFTER_PROFILE)
    kinds = [e["type"] for e in events(job_id)]
    assert "job_requeued" in kinds
    resumed = [e for e in events(job_id) if e["type"] == "job_started"]
    assert [e["resumed"] for e in resumed] == [False, True]
    assert second.process.poll() is None  # the second worker is still serving


def test_sigterm_drains_at_a_step_boundary_and_another_worker_finishes_the_job(
    orchestrator_env: dict[str, str], engine: Engine, slow_db: str, workers: Callable[..., WorkerProcess]
) -> None:
    job_id = create_job(engine, _slow_discovery(slow_db))
    enqueue_job(job_id)
    first = workers()
    wait_for_event(job_id, "node_started", "profile_statistics", timeout=60)
    # Profiling drains between tables: signal only once the slow view's query runs, so the node in
    # progress is the one that must finish.
    wait_for_query(slow_db, "slow", timeout=60)
    first.process.send_signal(15)  # SIGTERM to the pool: drain
    # The node in progress finishes (the 8 s view), then the job goes back to the queue.
    assert first.process.wait(timeout=60) == 0, first.log()[-3000:]
    requeued = wait_for_event(job_id, "job_requeued", timeout=5)
    assert "shutting down" in requeued["reason"]
    assert node_counts(engine, job_id, "node_completed")["profile_statistics"] == 1
    assert wait_for_status(engine, job_id, {"queued"}, timeout=5).status == "queued"

    workers()
    job = wait_for_status(engine, job_id, {"completed", "failed"}, timeout=60)
    assert job.status == "completed", job.error
    started = node_counts(engine, job_id, "node_started")
    completed = node_counts(engine, job_id, "node_completed")
    assert all(completed[node] == 1 for node in NODE_NAMES), completed
    assert all(started[node] == 1 for node in NODE_NAMES), started  # nothing was interrupted


def test_a_queued_job_that_never_reached_the_queue_is_swept_onto_it(
    orchestrator_env: dict[str, str], engine: Engine, slow_db: str, worker_logs: Path
) -> None:
    # The API crashed between committing the row and calling enqueue_job...
    job_id = create_job(engine, {"discover": {"connection_string": slow_db, "include_stats": False}})
    # ...long enough ago for the row to be older than TDM_QUEUED_GRACE_SECONDS (2 s here).
    _backdate_job(engine, job_id, timedelta(minutes=1))
    log = run_burst_worker(worker_logs)
    assert wait_for_status(engine, job_id, {"completed"}, timeout=5).attempts == 1, log[-3000:]


def test_transient_errors_are_retried_with_backoff_then_fail_with_the_reason(
    orchestrator_env: dict[str, str], engine: Engine, slow_db: str, workers: Callable[..., WorkerProcess]
) -> None:
    # Nothing listens on this port: "connection refused" is the kind of error a retry may cure.
    host_port = slow_db.split("@", 1)[1].split("/", 1)[0]
    unreachable = slow_db.replace(host_port, "127.0.0.1:1")
    job_id = create_job(engine, {"discover": {"connection_string": unreachable}})
    enqueue_job(job_id)
    # A scheduler that died holding its lock (e.g. SIGKILLed with its machine): RQ's scheduler will
    # not move the due retries to the queue for a minute or more; the sweeper must.
    redis = get_redis()
    lock = RQScheduler.get_locking_key(orchestrator_env["TDM_QUEUE_NAME"])
    redis.set(lock, "a-dead-scheduler", ex=120)
    try:
        worker = workers()
        job = wait_for_status(engine, job_id, {"failed", "completed"}, timeout=90)
    finally:
        redis.delete(lock)
    assert job.status == "failed"
    assert job.error is not None
    assert "connecting failed: could not connect to 127.0.0.1:1 (connection refused)" in job.error
    assert "still failing after 3 retries" in job.error
    # 1 run + 3 job-level retries (TDM_JOB_RETRY_INTERVALS=1,1,1), each with 3 node attempts.
    assert job.attempts == 4
    requeued = [e for e in events(job_id) if e["type"] == "job_requeued"]
    assert [e["retry"] for e in requeued] == [1, 2, 3]
    failures = [e for e in events(job_id) if e["type"] == "node_failed"]
    assert len(failures) == 4 * 3
    assert all(e["node"] == "connect_db" and e["transient"] for e in failures)
    assert worker.log().count("no scheduler enqueued it") == 3


def test_bad_input_is_not_retried(
    orchestrator_env: dict[str, str], engine: Engine, slow_db: str, worker_logs: Path
) -> None:
    job_id = create_job(engine, {"discover": {"connection_string": slow_db, "schemas": ["no_such_schema"]}})
    enqueue_job(job_id)
    run_burst_worker(worker_logs)
    job = wait_for_status(engine, job_id, {"failed"}, timeout=5)
    assert job.error is not None and "schema(s) 'no_such_schema' do not exist" in job.error
    assert job.attempts == 1
    failures = [e for e in events(job_id) if e["type"] == "node_failed"]
    assert len(failures) == 1 and failures[0]["transient"] is False
