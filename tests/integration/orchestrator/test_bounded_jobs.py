"""Bounded jobs: a wrong source fails in seconds and is not retried as if it were temporary, temporary
failures are retried within a time budget, every operation has a time limit, and a long node shows it
is still running."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tdm_orchestrator import enqueue_job
from tdm_orchestrator.runtime import reset_runtime

from tests.integration.orchestrator.support import (
    create_job,
    events,
    start_worker,
    wait_for_status,
)


def _run(engine: Engine, request: dict[str, object], worker_logs: Path, **env: str) -> tuple[object, float]:
    """Run one job on a burst worker with extra settings (also here, where it is enqueued: the time
    limit is set then); (the finished job, seconds it took)."""
    job_id = create_job(engine, request)
    started = time.monotonic()
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        reset_runtime()
        enqueue_job(job_id)
    reset_runtime()
    worker = start_worker(worker_logs, "--burst", env=env)
    worker.process.wait(timeout=180)
    job = wait_for_status(engine, job_id, {"failed", "completed", "cancelled"}, timeout=30)
    return job, time.monotonic() - started


def test_mysql_url_at_a_port_where_another_server_listens_fails_within_its_timeouts(
    orchestrator_env: dict[str, str], engine: Engine, shop_db: str, worker_logs: Path
) -> None:
    # PostgreSQL listens there and waits for its own client's first message: a MySQL client waits for
    # a greeting that never comes. Without a read timeout this held a worker until the job's limit.
    postgres_host_port = shop_db.split("@", 1)[1].split("/", 1)[0]
    job, seconds = _run(
        engine,
        {"discover": {"connection_string": f"mysql://root@{postgres_host_port}/test"}},
        worker_logs,
        TDM_SOURCE_CONNECT_TIMEOUT_SECONDS="2",
    )
    assert job.status == "failed"  # type: ignore[attr-defined]
    assert job.error == (  # type: ignore[attr-defined]
        f"connecting failed: could not connect to {postgres_host_port} "
        "(the server there did not answer as this kind of database)"
    )
    assert job.attempts == 1  # type: ignore[attr-defined]  # a permanent error: not retried
    assert seconds < 30, seconds


def test_tls_mismatch_is_permanent_and_says_so_without_relaying_the_server(
    orchestrator_env: dict[str, str], engine: Engine, shop_db: str, worker_logs: Path
) -> None:
    # This server runs without TLS: requiring it can never work, whatever the retries.
    job, _ = _run(engine, {"discover": {"connection_string": f"{shop_db}?sslmode=require"}}, worker_logs)
    assert job.status == "failed"  # type: ignore[attr-defined]
    assert job.error.endswith("(TLS/SSL settings do not match the server)")  # type: ignore[attr-defined]
    assert job.attempts == 1  # type: ignore[attr-defined]


def test_an_unreachable_source_is_retried_only_within_the_retry_budget(
    orchestrator_env: dict[str, str], engine: Engine, shop_db: str, worker_logs: Path
) -> None:
    host_port = shop_db.split("@", 1)[1].split("/", 1)[0]
    unreachable = shop_db.replace(host_port, "127.0.0.1:1")  # nothing listens: connection refused
    workers = [start_worker(worker_logs, env={"TDM_JOB_RETRY_BUDGET_SECONDS": "4"})]
    try:
        job_id = create_job(engine, {"discover": {"connection_string": unreachable}})
        started = time.monotonic()
        enqueue_job(job_id)
        job = wait_for_status(engine, job_id, {"failed", "completed"}, timeout=60)
        seconds = time.monotonic() - started
    finally:
        for worker in workers:
            worker.terminate(timeout=30)
    assert job.status == "failed"
    assert job.error is not None and "(connection refused)" in job.error
    # TDM_JOB_RETRY_MAX allows 3 retries a second apart; the 4 s budget stops them sooner or just
    # in time, and the message says how long it kept trying.
    assert "still failing after" in job.error and job.error.endswith("s)")
    assert job.attempts <= 4
    assert seconds < 30, seconds


def test_each_operation_has_a_time_limit_and_a_long_node_reports_it_is_still_running(
    orchestrator_env: dict[str, str], engine: Engine, slow_db: str, worker_logs: Path
) -> None:
    # Profiling slow8 takes 8 s: heartbeats every half second show the node is alive, and a 4 s limit
    # for discovery jobs stops it.
    job, seconds = _run(
        engine,
        {"discover": {"connection_string": slow_db, "schemas": ["slow8"]}},
        worker_logs,
        TDM_NODE_HEARTBEAT_SECONDS="0.5",
        TDM_JOB_TIME_LIMITS='{"SCHEMA_DISCOVERY": 4}',
    )
    assert job.status == "failed"  # type: ignore[attr-defined]
    assert job.error == (  # type: ignore[attr-defined]
        "the job ran longer than the time limit of SCHEMA_DISCOVERY jobs (4s; TDM_JOB_TIME_LIMITS)"
    )
    assert seconds < 60, seconds
    running = [e for e in events(str(job.id)) if e["type"] == "node_running"]  # type: ignore[attr-defined]
    assert running, "no heartbeat while profile_statistics ran"
    assert {e["node"] for e in running} == {"profile_statistics"}
    assert all("still running after" in e["message"] for e in running)
