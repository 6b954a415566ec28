"""Job queue benchmark: N discovery jobs through the queue and two worker processes vs in-process.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \
        uv run python bench/bench_jobs.py [--jobs 200] [--workers 2] [--threads 8]

DATABASE_URL names a PostgreSQL server where the benchmark may create (and afterwards drops) two
databases: a fresh metadata store and a tiny source database (3 tables with foreign keys). Each job
is a real, cheap one: schema discovery of that source with include_stats false.

What it shows (DESIGN.md section 5: a ratio against a baseline measured in the same run):
- baseline: the same N jobs run one after another in this process by `runner.run_job` (the graph,
  checkpoints, events and job_logs, but no queue and no worker processes);
- queued: N jobs submitted concurrently from several threads (jobs row + `enqueue_job`, as the API
  does), run by `--workers` separate `tdm-worker` processes; time from the first submit to the last
  job finished.
"CPU busy" is the whole machine's CPU use during each run (PostgreSQL and Redis included): on a
small machine the queued run is bounded by the cores, not by the queue.
Then it checks that none was lost (all `completed`) and none ran twice (each job started once, one
attempt, every node completed exactly once according to job_logs).
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import signal
import statistics
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psutil
import psycopg

SOURCE_SQL = """
CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL, region text);
CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id), total numeric);
CREATE TABLE order_items (order_id int REFERENCES orders(id), line_no int, sku text,
                          PRIMARY KEY (order_id, line_no));
INSERT INTO customers (email, region) SELECT 'c' || g || '@example.com', 'EU' FROM generate_series(1, 20) g;
"""
# Nodes of one discovery job and how often each completes (the dispatcher runs before and after).
EXPECTED_COMPLETIONS = {
    "parse_request": 1,
    "decide_operation": 1,
    "execute_subgraph": 2,
    "connect_db": 1,
    "fetch_tables": 1,
    "fetch_columns": 1,
    "infer_column_types": 1,
    "profile_statistics": 1,
    "infer_primary_keys": 1,
    "infer_foreign_keys": 1,
    "save_metadata": 1,
    "finalize": 1,
}


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin(url: str) -> str:
    return _with_db(url.replace("postgresql+psycopg://", "postgresql://"), "postgres")


def setup(server_url: str, tag: str) -> tuple[str, str]:
    meta, source = f"tdm_bench_{tag}", f"tdm_bench_src_{tag}"
    with psycopg.connect(_admin(server_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{meta}"')
        conn.execute(f'CREATE DATABASE "{source}"')
    source_url = _with_db(_admin(server_url), source)
    with psycopg.connect(source_url, autocommit=True) as conn:
        conn.execute(SOURCE_SQL)
    return _with_db(_admin(server_url), meta), source_url


def teardown(server_url: str, tag: str) -> None:
    with psycopg.connect(_admin(server_url), autocommit=True) as conn:
        for name in (f"tdm_bench_{tag}", f"tdm_bench_src_{tag}"):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_jobs(count: int, source_url: str) -> list[str]:
    from tdm_metadata_store.repositories.jobs import JobRepository
    from tdm_orchestrator import validate_request
    from tdm_orchestrator.runtime import get_runtime

    request = {"discover": {"connection_string": source_url, "include_stats": False}}
    operation = validate_request(request).operation.value
    ids = []
    with get_runtime().session() as session:
        repo = JobRepository(session)
        for _ in range(count):
            ids.append(str(repo.create(operation=operation, request=request, user_id="bench").id))
    return ids


def submit(source_url: str) -> str:
    """What the API does for one request: commit a jobs row, then enqueue it."""
    job_id = create_jobs(1, source_url)[0]
    from tdm_orchestrator import enqueue_job

    if not enqueue_job(job_id):
        raise RuntimeError(f"job {job_id} was not enqueued")
    return job_id


def wait_all(job_ids: list[str], timeout: float) -> None:
    from sqlalchemy import func, select
    from tdm_metadata_store.models import Job
    from tdm_orchestrator.runtime import get_runtime

    ids = [uuid.UUID(j) for j in job_ids]
    deadline = time.monotonic() + timeout
    while True:
        with get_runtime().session() as session:
            done = session.execute(
                select(func.count()).where(
                    Job.id.in_(ids), Job.status.in_(("completed", "failed", "cancelled"))
                )
            ).scalar_one()
        if done == len(ids):
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {done} of {len(ids)} jobs finished within {timeout}s")
        time.sleep(0.2)


def verify(job_ids: list[str]) -> dict[str, Any]:
    """None lost, none run twice: statuses, attempts, job_started and node_completed counts."""
    from sqlalchemy import select, text
    from tdm_metadata_store.models import Job
    from tdm_orchestrator.runtime import get_runtime

    ids = [uuid.UUID(j) for j in job_ids]
    with get_runtime().session() as session:
        jobs = session.execute(
            select(Job.id, Job.status, Job.attempts, Job.created_at, Job.finished_at).where(Job.id.in_(ids))
        ).all()
        counts = session.execute(
            text(
                "SELECT job_id, node, details->>'event' AS event, count(*) FROM job_logs "
                "WHERE job_id = ANY(:ids) AND details->>'event' IN ('node_completed', 'job_started') "
                "GROUP BY 1, 2, 3"
            ),
            {"ids": ids},
        ).all()
    per_job: dict[uuid.UUID, dict[str, int]] = {}
    started: dict[uuid.UUID, int] = {}
    for job_id, node, event, count in counts:
        if event == "job_started":
            started[job_id] = started.get(job_id, 0) + count
        else:
            per_job.setdefault(job_id, {})[node] = count
    not_completed = [str(j.id) for j in jobs if j.status != "completed"]
    retried = [str(j.id) for j in jobs if j.attempts != 1 or started.get(j.id) != 1]
    wrong_nodes = [str(j) for j in ids if per_job.get(j) != EXPECTED_COMPLETIONS]
    latencies = [(j.finished_at - j.created_at).total_seconds() for j in jobs if j.finished_at is not None]
    return {
        "found": len(jobs),
        "not_completed": not_completed,
        "ran_twice_or_retried": retried,
        "wrong_node_counts": wrong_nodes,
        "latency_p50": statistics.median(latencies) if latencies else None,
        "latency_p95": statistics.quantiles(latencies, n=20)[18] if len(latencies) >= 20 else None,
    }


def start_workers(count: int, log_dir: Path) -> list[subprocess.Popen[bytes]]:
    worker_bin = str(Path(sys.executable).with_name("tdm-worker"))
    procs = []
    for index in range(count):
        log = (log_dir / f"bench-worker-{index}.log").open("w")
        procs.append(
            subprocess.Popen(
                [worker_bin, "--processes", "1", "--log-level", "WARNING"],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=os.environ.copy(),
                start_new_session=True,
            )
        )
    return procs


def wait_workers_ready(count: int, timeout: float = 60) -> None:
    from rq import Worker
    from tdm_orchestrator.queue import get_queue

    queue = get_queue()
    deadline = time.monotonic() + timeout
    while len(Worker.all(queue=queue)) < count:
        if time.monotonic() > deadline:
            raise RuntimeError("workers did not register with RQ in time")
        time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8, help="threads submitting jobs concurrently")
    parser.add_argument("--keep", action="store_true", help="keep the databases (for inspection)")
    args = parser.parse_args()

    server = os.environ.get("DATABASE_URL")
    if not server or not os.environ.get("REDIS_URL"):
        raise SystemExit("set DATABASE_URL (a server where databases may be created) and REDIS_URL")
    tag = uuid.uuid4().hex[:8]
    meta_url, source_url = setup(server, tag)
    os.environ.update(
        DATABASE_URL=meta_url,
        TDM_QUEUE_NAME=f"tdm-bench-{tag}",
        TDM_ENCRYPTION_KEY=os.environ.get("TDM_ENCRYPTION_KEY") or secrets.token_hex(32),
        LOG_LEVEL="WARNING",
    )
    procs: list[subprocess.Popen[bytes]] = []
    try:
        from tdm_metadata_store.migrations import upgrade_to_head

        upgrade_to_head(meta_url)
        import logging

        logging.basicConfig(level=logging.WARNING)
        from tdm_orchestrator.checkpoints import ensure_checkpoint_tables
        from tdm_orchestrator.runner import run_job

        ensure_checkpoint_tables(meta_url)
        # Warm-up (imports, first connections) outside the measured runs.
        for job_id in create_jobs(3, source_url):
            run_job(job_id)

        # Baseline: the same jobs, one after another, in this process, no queue.
        baseline_ids = create_jobs(args.jobs, source_url)
        psutil.cpu_percent(interval=None)
        t0 = time.perf_counter()
        for job_id in baseline_ids:
            run_job(job_id)
        baseline_s = time.perf_counter() - t0
        baseline_cpu = psutil.cpu_percent(interval=None)
        baseline = verify(baseline_ids)

        # Queued: N submissions from several threads, two worker processes.
        log_dir = Path(os.environ.get("TMPDIR", "/tmp"))
        procs = start_workers(args.workers, log_dir)
        wait_workers_ready(args.workers)
        psutil.cpu_percent(interval=None)
        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.threads) as pool:
            queued_ids = list(pool.map(lambda _: submit(source_url), range(args.jobs)))
        submit_s = time.perf_counter() - t0
        wait_all(queued_ids, timeout=max(120.0, baseline_s * 4))
        queued_s = time.perf_counter() - t0
        queued_cpu = psutil.cpu_percent(interval=None)
        queued = verify(queued_ids)
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=60)
        procs = []

        print(
            f"machine: {os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
            f"Python {platform.python_version()}"
        )
        print(
            f"date: {datetime.now(UTC):%Y-%m-%d}; jobs: {args.jobs}; workers: {args.workers}; "
            f"submit threads: {args.threads}"
        )
        print()
        print("| run | time s | jobs/s | p50 latency s | p95 latency s | CPU busy (all cores) |")
        print("|---|---:|---:|---:|---:|---:|")
        print(
            f"| baseline: in-process, sequential | {baseline_s:.2f} | {args.jobs / baseline_s:.1f} | | | "
            f"{baseline_cpu:.0f}% |"
        )
        print(
            f"| queued: {args.threads} submit threads, {args.workers} worker processes | {queued_s:.2f} | "
            f"{args.jobs / queued_s:.1f} | {queued['latency_p50']:.2f} | {queued['latency_p95']:.2f} | "
            f"{queued_cpu:.0f}% |"
        )
        print()
        print(
            f"submission of {args.jobs} jobs (row + enqueue): {submit_s:.2f}s ({args.jobs / submit_s:.0f}/s)"
        )
        print(f"ratio queued / baseline throughput: {baseline_s / queued_s:.2f}")
        for name, report in (("baseline", baseline), ("queued", queued)):
            print(
                f"{name}: {report['found']} jobs found, not completed: {len(report['not_completed'])}, "
                f"ran twice or retried: {len(report['ran_twice_or_retried'])}, "
                f"wrong node counts: {len(report['wrong_node_counts'])}"
            )
        problems = queued["not_completed"] + queued["ran_twice_or_retried"] + queued["wrong_node_counts"]
        if problems or queued["found"] != args.jobs:
            raise SystemExit(f"FAILED: {len(problems)} problem job(s), e.g. {problems[:3]}")
        print("OK: none lost, none run twice")
    finally:
        for proc in procs:
            proc.kill()
        from tdm_orchestrator.runtime import reset_runtime

        reset_runtime()
        if not args.keep:
            teardown(server, tag)


if __name__ == "__main__":
    main()
