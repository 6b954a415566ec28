"""`tdm up` / `tdm status` / `tdm down` as a user runs them: real processes, real ports, real data.

Each test gets its own TDM_HOME and free non-default ports, runs the `tdm` console script as a
subprocess with DATABASE_URL / REDIS_URL / MINIO_* unset (so everything is embedded unless the test
says otherwise), and always ends with `tdm down`.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import psutil
import psycopg
import pytest
import redis
from botocore.config import Config
from tdm_cli.stack import postgres
from tdm_cli.stack.config import StackConfig, seaweedfs_ports
from tdm_cli.stack.process import ProcessRef, port_is_open
from tdm_core.settings import read_env_file

from tests.support.services import embedded_config

pytestmark = pytest.mark.timeout(300)

# Variables that would make `tdm up` use an external service, or leak this session's settings.
_SERVICE_VARS = (
    "DATABASE_URL",
    "REDIS_URL",
    "MINIO_ENDPOINT",
    "S3_ENDPOINT_URL",
    "MINIO_ACCESS_KEY",
    "MINIO_SECRET_KEY",
    "MINIO_BUCKET",
    "S3_BUCKET",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "TDM_ENCRYPTION_KEY",
    "TDM_PG_PORT",
    "TDM_REDIS_PORT",
    "TDM_S3_PORT",
    "TDM_API_PORT",
)


@dataclass
class TdmCli:
    home: Path
    config: StackConfig
    env: dict[str, str]
    cwd: Path

    def port_args(self) -> list[str]:
        return [
            f"--pg-port={self.config.pg_port}",
            f"--redis-port={self.config.redis_port}",
            f"--s3-port={self.config.s3_port}",
            f"--api-port={self.config.api_port}",
        ]

    def run(self, *args: str, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        tdm = Path(sys.executable).parent / "tdm"
        argv = [str(tdm)] if tdm.exists() else [sys.executable, "-m", "tdm_cli.main"]
        return subprocess.run(
            [*argv, *args],
            env={**self.env, **(extra_env or {})},
            cwd=self.cwd,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )

    def json(self, *args: str, expect_rc: int = 0, extra_env: dict[str, str] | None = None) -> dict[str, Any]:
        result = self.run(*args, "--json", extra_env=extra_env)
        assert result.returncode == expect_rc, (
            f"tdm {' '.join(args)}: rc={result.returncode}\n{result.stderr}"
        )
        payload: dict[str, Any] = json.loads(result.stdout)
        return payload

    def stack_env(self) -> dict[str, str]:
        return read_env_file(self.home / "stack.env")

    def recorded(self) -> list[ProcessRef]:
        try:
            state = json.loads((self.home / "run" / "state.json").read_text())
        except (OSError, ValueError):
            return []
        return [ProcessRef(int(rec["pid"]), float(rec["create_time"])) for rec in state["processes"].values()]


def _by_name(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {service["name"]: service for service in payload["services"]}


@pytest.fixture
def tdm() -> Iterator[TdmCli]:
    # Not pytest's tmp_path: pytest prunes old base temp folders when other sessions start, which would
    # delete a running server's data folder under it.
    root = Path(tempfile.mkdtemp(prefix="tdm-e2e-stack-"))
    home = root / "tdm-home"
    cwd = root / "cwd"  # no ./.env here: the repository's own must not leak into the test
    cwd.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in _SERVICE_VARS}
    env["TDM_HOME"] = str(home)
    cli = TdmCli(home=home, config=embedded_config(home), env=env, cwd=cwd)
    try:
        yield cli
    finally:
        started = cli.recorded()
        cli.run("down")
        # Backstop: never leave a server behind, even when `tdm down` itself is what broke. The start
        # time in the state file makes sure only the processes this test started are signalled.
        for ref in started:
            if ref.alive():
                ref.terminate(5.0, group=True)
        # As root, a home under a 0700 folder keeps its cluster outside it (see stack/postgres.py).
        shutil.rmtree(postgres.service_dir(home), ignore_errors=True)
        shutil.rmtree(root, ignore_errors=True)


def _s3(env: dict[str, str]) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=env["MINIO_ENDPOINT"],
        aws_access_key_id=env["MINIO_ACCESS_KEY"],
        aws_secret_access_key=env["MINIO_SECRET_KEY"],
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}),
    )


def _listening_ports(pid: int) -> set[tuple[str, int]]:
    proc = psutil.Process(pid)
    found = set()
    for p in [proc, *proc.children(recursive=True)]:
        for conn in p.net_connections(kind="inet"):
            if conn.status == psutil.CONN_LISTEN:
                found.add((conn.laddr.ip, conn.laddr.port))
    return found


def test_up_status_down_up_keeps_data(tdm: TdmCli) -> None:
    up = tdm.json("up", "--no-app", *tdm.port_args())
    services = _by_name(up)
    assert set(services) == {"postgres", "redis", "s3"}
    for name in ("postgres", "redis", "s3"):
        assert services[name]["source"] == "embedded", services[name]
        assert services[name]["state"] == "started", services[name]
        assert services[name]["reachable"] is True
    assert f"127.0.0.1:{tdm.config.pg_port}/tdm_metadata" in services["postgres"]["address"]
    assert services["s3"]["address"] == f"http://127.0.0.1:{tdm.config.s3_port}"

    # Generated secrets and the settings file other processes read: private, complete, never printed.
    env = tdm.stack_env()
    for key in ("DATABASE_URL", "REDIS_URL", "MINIO_ENDPOINT", "MINIO_ACCESS_KEY", "MINIO_SECRET_KEY"):
        assert env.get(key), key
    assert env["MINIO_BUCKET"] == "tdm-datasets"
    assert len(env["TDM_ENCRYPTION_KEY"]) >= 32
    for private in (tdm.home / "stack.env", tdm.home / "secrets.env"):
        assert stat.S_IMODE(private.stat().st_mode) == 0o600, private
    secrets = read_env_file(tdm.home / "secrets.env")
    printed = json.dumps(up)
    for secret in (secrets["TDM_PG_PASSWORD"], secrets["TDM_REDIS_PASSWORD"], secrets["TDM_S3_SECRET_KEY"]):
        assert secret not in printed

    # Every server listens on 127.0.0.1 only, on the ports we chose, never on the standard ones.
    expected = {
        "postgres": {tdm.config.pg_port},
        "redis": {tdm.config.redis_port},
        "s3": set(seaweedfs_ports(tdm.config.s3_port).values()),
    }
    for name, ports in expected.items():
        listening = _listening_ports(services[name]["pid"])
        assert listening, f"{name} listens nowhere"
        assert {ip for ip, _ in listening} == {"127.0.0.1"}, (name, listening)
        assert {port for _, port in listening} <= ports, (name, listening, ports)
    assert {port for _, port in _listening_ports(services["s3"]["pid"])} & {8333, 9333, 8888, 23646} == set()

    # Use each service as the platform will: SQL (migrated schema), Redis keys, S3 objects.
    marker = uuid.uuid4().hex
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() is not None
        conn.execute("CREATE TABLE IF NOT EXISTS stack_probe (marker text PRIMARY KEY)")
        conn.execute("INSERT INTO stack_probe VALUES (%s)", (marker,))
    client = redis.Redis.from_url(env["REDIS_URL"])
    client.set("stack-probe", marker)
    assert client.get("stack-probe") == marker.encode()
    client.close()
    s3 = _s3(env)
    s3.put_object(Bucket=env["MINIO_BUCKET"], Key="probe/marker.txt", Body=marker.encode())
    assert s3.get_object(Bucket=env["MINIO_BUCKET"], Key="probe/marker.txt")["Body"].read() == marker.encode()

    # S3 enforces the generated credentials.
    wrong = _s3({**env, "MINIO_SECRET_KEY": "not-the-secret"})
    with pytest.raises(
        Exception, match=r"SignatureDoesNotMatch|AccessDenied|InvalidAccessKeyId|Forbidden|403"
    ):
        wrong.list_buckets()

    status = tdm.json("status")
    assert status["healthy"] is True
    for name, service in _by_name(status).items():
        assert (service["source"], service["state"], service["reachable"]) == ("embedded", "running", True), (
            name
        )

    # Idempotent: a second `tdm up` finds everything running and starts nothing new.
    again = _by_name(tdm.json("up", "--no-app", *tdm.port_args()))
    for name in ("postgres", "redis", "s3"):
        assert again[name]["state"] == "running"
        assert again[name]["pid"] == services[name]["pid"]

    down = _by_name(tdm.json("down"))
    pids = {name: services[name]["pid"] for name in ("postgres", "redis", "s3")}
    for name in pids:
        assert down[name]["state"] == "stopped", down[name]
    for name, pid in pids.items():
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE, name
    for ports in expected.values():
        for port in ports:
            assert not port_is_open(port), f"port {port} still open after tdm down"
    stopped = tdm.run("status", "--json")
    assert stopped.returncode == 1
    assert {s["state"] for s in json.loads(stopped.stdout)["services"]} == {"not running"}

    # Same secrets, same data after a restart.
    restarted = _by_name(tdm.json("up", "--no-app", *tdm.port_args()))
    assert {restarted[name]["state"] for name in pids} == {"started"}
    assert tdm.stack_env() == env
    with psycopg.connect(env["DATABASE_URL"]) as conn:
        assert conn.execute("SELECT marker FROM stack_probe").fetchall() == [(marker,)]
    client = redis.Redis.from_url(env["REDIS_URL"])
    assert client.get("stack-probe") == marker.encode()
    client.close()
    assert s3.get_object(Bucket=env["MINIO_BUCKET"], Key="probe/marker.txt")["Body"].read() == marker.encode()

    final = _by_name(tdm.json("down"))
    assert {final[name]["state"] for name in pids} == {"stopped"}


def test_configured_redis_is_external_and_left_running(tdm: TdmCli) -> None:
    machine_redis = "redis://127.0.0.1:6379/0"
    try:
        probe = redis.Redis.from_url(machine_redis, socket_connect_timeout=2)
        redis_pid = probe.info("server")["process_id"]
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379 on this machine")
    extra = {"REDIS_URL": machine_redis}

    up = _by_name(tdm.json("up", "--no-app", *tdm.port_args(), extra_env=extra))
    assert (up["redis"]["source"], up["redis"]["state"], up["redis"]["pid"]) == ("external", "external", None)
    assert up["redis"]["address"] == machine_redis
    assert up["postgres"]["source"] == up["s3"]["source"] == "embedded"
    # Other processes read REDIS_URL from their environment, not from the embedded stack's file.
    assert "REDIS_URL" not in tdm.stack_env()
    assert not port_is_open(tdm.config.redis_port), "no embedded Redis may start"

    status = _by_name(tdm.json("status", extra_env=extra))
    assert (status["redis"]["source"], status["redis"]["reachable"]) == ("external", True)

    down = _by_name(tdm.json("down", extra_env=extra))
    assert down["redis"]["state"] == "left running"
    assert down["postgres"]["state"] == down["s3"]["state"] == "stopped"
    assert probe.ping() is True
    assert probe.info("server")["process_id"] == redis_pid
    probe.close()


def test_busy_port_is_a_clear_error(tdm: TdmCli) -> None:
    import socket

    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", tdm.config.pg_port))
        blocker.listen()
        result = tdm.run("up", "--no-app", *tdm.port_args())
    assert result.returncode == 1
    assert f"port {tdm.config.pg_port}" in result.stderr
    assert "--pg-port" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_port_option_names_the_option(tdm: TdmCli) -> None:
    result = tdm.run("up", "--no-app", "--redis-port=80")
    assert result.returncode == 1
    assert "--redis-port must be between 1024 and 65535" in result.stderr


def test_up_with_app_serves_the_api(tdm: TdmCli) -> None:
    import httpx

    up = _by_name(tdm.json("up", *tdm.port_args()))
    assert up["api"]["state"] == "started", up["api"]
    health = httpx.get(f"http://127.0.0.1:{tdm.config.api_port}/api/v1/health", timeout=5)
    assert health.status_code == 200
    assert _by_name(tdm.json("status"))["api"]["state"] == "running"

    down = _by_name(tdm.json("down"))
    assert down["api"]["state"] == "stopped"
    assert not port_is_open(tdm.config.api_port)
