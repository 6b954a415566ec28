"""Helpers of the orchestrator integration tests: jobs, waiting, worker processes, event counts."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

import psutil
import psycopg
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tdm_cache.client import get_redis
from tdm_cache.events import JobEvents
from tdm_core.errors import InvalidInputError
from tdm_metadata_store.models import Job
from tdm_metadata_store.repositories.jobs import JobRepository
from tdm_metadata_store.settings import libpq_url
from tdm_orchestrator import validate_request

from tests.support.services import ServiceEndpoints

WORKER_BIN = str(Path(sys.executable).with_name("tdm-worker"))


def running_queries(database_url: str, needle: str) -> int:
    """How many other sessions of the database are running a query containing `needle`."""
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND state = 'active' AND query LIKE %s",
            (f"%{needle}%",),
        ).fetchone()
    return int(row[0]) if row else 0


def wait_for_query(database_url: str, needle: str, timeout: float = 60) -> None:
    """Block until another session runs a query containing `needle` (e.g. the slow view's pg_sleep)."""
    deadline = time.monotonic() + timeout
    while not running_queries(database_url, needle):
        if time.monotonic() > deadline:
            raise AssertionError(f"no query containing {needle!r} started within {timeout} s")
        time.sleep(0.1)


def create_job(engine: Engine, request: dict[str, Any], *, user: str = "tester") -> str:
    """What the API does: a committed jobs row in status queued (operation from validate_request)."""
    try:
        operation = validate_request(request).operation.value
    except InvalidInputError:
        operation = "UNKNOWN"  # a client that skipped validation
    with Session(engine) as session:
        job = JobRepository(session).create(operation=operation, request=request, user_id=user)
        session.commit()
        return str(job.id)


def get_job(engine: Engine, job_id: str) -> Job:
    with Session(engine, expire_on_commit=False) as session:
        job = JobRepository(session).require(uuid.UUID(job_id))
        session.expunge(job)
        return job


def wait_for_status(engine: Engine, job_id: str, statuses: Iterable[str], timeout: float = 60) -> Job:
    wanted = set(statuses)
    deadline = time.monotonic() + timeout
    job = get_job(engine, job_id)
    while job.status not in wanted:
        if time.monotonic() > deadline:
            raise AssertionError(
                f"job {job_id} is {job.status} (error: {job.error}), not {wanted}, after {timeout}s"
            )
        time.sleep(0.1)
        job = get_job(engine, job_id)
    return job


def events(job_id: str) -> list[dict[str, Any]]:
    return [event for _, event in JobEvents(get_redis()).read(job_id, "0", count=10_000)]


def wait_for_event(
    job_id: str, event_type: str, node: str | None = None, timeout: float = 60
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for event in events(job_id):
            if event.get("type") == event_type and (node is None or event.get("node") == node):
                return event
        time.sleep(0.1)
    raise AssertionError(f"job {job_id}: no {event_type} event for {node or 'the job'} within {timeout}s")


def node_counts(engine: Engine, job_id: str, event: str) -> Counter[str]:
    with Session(engine) as session:
        counts = JobRepository(session).count_logs_with_event(uuid.UUID(job_id), event)
    return Counter({node: count for node, count in counts.items() if node is not None})


def stream_counts(job_id: str, event_type: str) -> Counter[str]:
    return Counter(str(e.get("node")) for e in events(job_id) if e.get("type") == event_type)


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    log_path: Path
    log_file: TextIO

    @property
    def pid(self) -> int:
        return self.process.pid

    def tree(self) -> list[psutil.Process]:
        """The pool, its workers and their work horses (horses sit in their own process groups)."""
        try:
            root = psutil.Process(self.pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def kill_all(self) -> None:
        """SIGKILL every process of the pool at once: a machine dying mid-job."""
        for proc in self.tree():
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def terminate(self, timeout: float = 60) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill_all()
        return self.process.returncode

    def log(self) -> str:
        self.log_file.flush()
        return self.log_path.read_text(errors="replace")


def start_worker(log_dir: Path, *args: str, env: dict[str, str] | None = None) -> WorkerProcess:
    """`tdm-worker` as a separate process with this session's environment."""
    log_path = log_dir / f"worker-{uuid.uuid4().hex[:8]}.log"
    log_file = log_path.open("w")
    process = subprocess.Popen(
        [WORKER_BIN, *args],
        env={**os.environ, **(env or {})},
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return WorkerProcess(process, log_path, log_file)


def run_burst_worker(log_dir: Path, *args: str, timeout: float = 120) -> str:
    """Run `tdm-worker --burst` to completion; returns its log."""
    worker = start_worker(log_dir, "--burst", *args)
    try:
        worker.process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        worker.kill_all()
        raise AssertionError(
            f"burst worker still running after {timeout}s:\n{worker.log()[-4000:]}"
        ) from None
    assert worker.process.returncode == 0, worker.log()[-4000:]
    return worker.log()


# --- source databases ----------------------------------------------------------------------------

SOURCE_PASSWORD = "Src-Pa55word-42"  # trust auth ignores it; it must never show up anywhere


def _admin_url(services: ServiceEndpoints) -> str:
    base, _, _ = libpq_url(services.postgres_url).rpartition("/")
    return f"{base}/postgres"


def source_url(services: ServiceEndpoints, dbname: str) -> tuple[str, str]:
    """(URL of `dbname` with a password in it, that password).

    With trust auth (local dev) the password is ignored, so a made-up one tests redaction; when the
    server needs the real one (CI), that one is used and must stay just as hidden.
    """
    parts = urlsplit(_admin_url(services))
    password = parts.password or SOURCE_PASSWORD
    user = parts.username or "postgres"
    return f"postgresql://{user}:{password}@{parts.hostname}:{parts.port or 5432}/{dbname}", password


def create_source_database(services: ServiceEndpoints, sql: str) -> Iterator[str]:
    name = f"tdm_src_{uuid.uuid4().hex[:10]}"
    admin = _admin_url(services)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url, _ = source_url(services, name)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)
    try:
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
