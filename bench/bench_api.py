"""API under load: 200 concurrent clients on the read endpoints CI pipelines poll, /health beside them.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \
        uv run python bench/bench_api.py [--clients 10,200] [--seconds 30]

DATABASE_URL names a PostgreSQL server where the benchmark creates (and drops afterwards) a metadata
database seeded with 500 jobs (with their logs), 20 schemas and 200 dataset versions. The API runs as
it does in production: `tdm-api` (uvicorn, one process) on a free port, with its default settings.

What it measures, in one run:
- baseline: one client, requests one after another, on GET /jobs, /schemas, /datasets, /job/{id}
  (round robin), and /health, for a few seconds: the latency of an unloaded API;
- load, for each count of `--clients` (10 and 200 by default): that many concurrent clients
  (keep-alive connections, a minimal HTTP client) on the same four endpoints for `--seconds`, while
  another process calls /health every 50 ms; per endpoint: requests, errors (anything but 200, and
  timeouts), throughput, p50 / p99 / max latency, and the ratio of the loaded p50 to the baseline p50.
"No stall" means: no error, and /health kept answering (its max latency stays far below a second).
The load generator runs on the same machine as the server (2 cores): both compete for the CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg

ENDPOINTS = ("/jobs", "/schemas", "/datasets", "/job/{id}")


def _with_db(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def seed(database_url: str) -> tuple[str, str]:
    """Migrate and fill the metadata database; (an admin API key, one job id)."""
    from sqlalchemy.orm import Session
    from tdm_metadata_store.db import make_engine
    from tdm_metadata_store.migrations import upgrade_to_head
    from tdm_metadata_store.repositories.api_keys import ApiKeyRepository
    from tdm_metadata_store.repositories.datasets import DatasetRepository
    from tdm_metadata_store.repositories.jobs import JobRepository
    from tdm_metadata_store.repositories.schemas import SchemaRepository

    upgrade_to_head(database_url)
    engine = make_engine(database_url)
    with Session(engine) as session:
        _row, key = ApiKeyRepository(session).create(name="bench", role="admin")
        jobs = JobRepository(session)
        job_ids = []
        for i in range(500):
            job = jobs.create(
                operation="SCHEMA_DISCOVERY",
                request={"discover": {"connection_id": str(uuid.uuid4())}},
                user_id="bench",
            )
            jobs.set_status(job.id, "completed", result={"operation": "SCHEMA_DISCOVERY", "steps": {}})
            for n in range(5):
                jobs.add_log(job.id, f"node {n} completed", node=f"n{n}", details={"event": "node_completed"})
            job_ids.append(job.id)
            if i % 100 == 99:
                session.commit()
        schemas = SchemaRepository(session)
        versions = []
        for i in range(20):
            schema = schemas.get_or_create(name=f"bench-schema-{i}")
            snapshot = {
                "tables": [
                    {"name": f"t{t}", "columns": [{"name": "id", "is_primary_key": True}, {"name": "email"}]}
                    for t in range(10)
                ]
            }
            versions.append(schemas.add_version(schema.id, snapshot).id)
        datasets = DatasetRepository(session)
        for i in range(200):
            version = datasets.create_version(source_type="subset", schema_version_id=versions[i % 20])
            datasets.mark_active(version.id)
        session.commit()
    engine.dispose()
    return key, str(job_ids[0])


def start_api(database_url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url, "TDM_API_PORT": str(port), "LOG_LEVEL": "WARNING"}
    env.pop("API_SECRET_KEY", None)
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("tdm-api"))],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"the API did not start:\n{log.read_text()[-3000:]}")


class Recorder:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.samples: dict[str, list[str]] = defaultdict(list)

    def record(self, name: str, seconds: float, problem: str | None) -> None:
        self.latencies[name].append(seconds)
        if problem is not None:
            self.errors[name] += 1
            if len(self.samples[name]) < 3:
                self.samples[name].append(problem)


class Connection:
    """One keep-alive HTTP/1.1 connection with a minimal client: httpx costs the load generator more
    CPU per request than the API spends serving it, and both share this machine's two cores."""

    def __init__(self, port: int, key: str) -> None:
        self.port = port
        self.key = key
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: {self.key}\r\n\r\n"
        self.writer.write(request.encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def _call(connection: Connection, recorder: Recorder, name: str, path: str) -> None:
    started = time.perf_counter()
    problem = None
    try:
        status, body = await connection.get(path)
        if status != 200:
            problem = f"{status} {body[:200].decode(errors='replace')}"
    except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
        problem = type(exc).__name__
        await connection.close()
    recorder.record(name, time.perf_counter() - started, problem)


def _path(name: str, job_id: str) -> str:
    return "/api/v1" + name.replace("{id}", job_id)


async def baseline(port: int, key: str, job_id: str, seconds: float) -> Recorder:
    recorder = Recorder()
    connection = Connection(port, key)
    deadline = time.monotonic() + seconds
    index = 0
    while time.monotonic() < deadline:
        name = ENDPOINTS[index % len(ENDPOINTS)]
        await _call(connection, recorder, name, _path(name, job_id))
        await _call(connection, recorder, "/health", "/api/v1/health")
        index += 1
    await connection.close()
    return recorder


def health_probe(port: int, seconds: float, results: Any) -> None:
    """In a process of its own: /health every 50 ms, so its latency is the server's, not the load
    generator's (whose event loop is saturated by design)."""
    import http.client

    latencies, errors = [], 0
    deadline = time.monotonic() + seconds
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            connection.request("GET", "/api/v1/health")
            response = connection.getresponse()
            response.read()
            errors += response.status != 200
        except (OSError, http.client.HTTPException):
            errors += 1
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies.append(time.perf_counter() - started)
        time.sleep(0.05)
    results.put((latencies, errors))


async def load(port: int, key: str, job_id: str, clients: int, seconds: float) -> tuple[Recorder, float]:
    recorder = Recorder()
    deadline = time.monotonic() + seconds

    async def client(offset: int) -> None:
        connection = Connection(port, key)
        index = offset
        while time.monotonic() < deadline:
            name = ENDPOINTS[index % len(ENDPOINTS)]
            await _call(connection, recorder, name, _path(name, job_id))
            index += 1
        await connection.close()

    started = time.monotonic()
    await asyncio.gather(*(client(i) for i in range(clients)))
    return recorder, time.monotonic() - started


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(title: str, loaded: Recorder, quiet: Recorder, elapsed: float) -> int:
    print(f"\n{title} ({elapsed:.1f}s)")
    print(
        "| endpoint | requests | errors | req/s | p50 ms | p99 ms | max ms | "
        "baseline p50 ms | baseline p99 ms | p50 / baseline p50 |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in (*ENDPOINTS, "/health"):
        values, base = loaded.latencies[name], quiet.latencies[name]
        p50, p99, top = (_pct(values, q) * 1000 for q in (0.5, 0.99, 1.0))
        b50, b99 = (_pct(base, q) * 1000 for q in (0.5, 0.99))
        print(
            f"| {name} | {len(values)} | {loaded.errors[name]} | {len(values) / elapsed:.0f} | {p50:.1f} | "
            f"{p99:.1f} | {top:.1f} | {b50:.1f} | {b99:.1f} | {p50 / b50:.1f} |"
        )
    total = sum(len(loaded.latencies[name]) for name in ENDPOINTS)
    errors = sum(loaded.errors.values())
    print(f"total: {total} requests on the four endpoints ({total / elapsed:.0f}/s), {errors} errors")
    for name, samples in loaded.samples.items():
        print(f"  {name} errors, e.g.: {samples}")
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--clients", default="10,200", help="comma-separated client counts, one load run each"
    )
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--baseline-seconds", type=float, default=8.0)
    args = parser.parse_args()
    counts = [int(part) for part in args.clients.split(",") if part.strip()]
    server = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    tag = secrets.token_hex(4)
    dbname = f"tdm_bench_api_{tag}"
    admin = _with_db(server, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{dbname}"')
    database_url = _with_db(server, dbname)
    log = Path(f"/tmp/tdm-bench-api-{tag}.log")
    process = None
    runs: list[tuple[int, Recorder, float]] = []
    try:
        key, job_id = seed(database_url)
        port = _free_port()
        process = start_api(database_url, port, log)
        quiet = asyncio.run(baseline(port, key, job_id, args.baseline_seconds))
        for clients in counts:
            results: multiprocessing.Queue[Any] = multiprocessing.Queue()
            probe = multiprocessing.Process(target=health_probe, args=(port, args.seconds, results))
            probe.start()
            loaded, elapsed = asyncio.run(load(port, key, job_id, clients, args.seconds))
            health_latencies, health_errors = results.get(timeout=60)
            probe.join(timeout=30)
            loaded.latencies["/health"] = health_latencies
            loaded.errors["/health"] = health_errors
            runs.append((clients, loaded, elapsed))
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')

    print(f"API under load, /health every 50 ms from another process; machine: {os.cpu_count()} cores, ")
    print(f"Python {sys.version.split()[0]}; baseline = 1 client, requests one after another")
    quiet_total = sum(len(quiet.latencies[name]) for name in ENDPOINTS)
    print(
        f"baseline: {quiet_total} requests on the four endpoints in {args.baseline_seconds:g}s "
        f"({quiet_total / args.baseline_seconds:.0f}/s, one /health between each)"
    )
    errors = 0
    for clients, loaded, elapsed in runs:
        errors += report(f"{clients} concurrent clients", loaded, quiet, elapsed)
        total = sum(len(loaded.latencies[name]) for name in ENDPOINTS)
        ratio = (total / elapsed) / (quiet_total / args.baseline_seconds)
        print(f"throughput / baseline throughput: {ratio:.2f}")
        health = loaded.latencies["/health"]
        print(f"/health: max {max(health) * 1000:.0f} ms, median {statistics.median(health) * 1000:.1f} ms")
    if errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
