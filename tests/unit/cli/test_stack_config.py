"""Stack configuration, secrets and service discovery: what `tdm up` decides before starting anything."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import psutil
import pytest
from tdm_cli.stack.config import DEFAULT_S3_PORT, StackConfig, seaweedfs_ports
from tdm_cli.stack.probes import configured
from tdm_cli.stack.process import ProcessRef
from tdm_cli.stack.secrets import load_or_create
from tdm_core.errors import InvalidInputError
from tdm_core.settings import read_env_file

# Ports a default SeaweedFS (the developers' dev server), PostgreSQL, Redis or MinIO listen on.
STANDARD_PORTS = {
    5432,
    6379,
    9000,
    8333,
    18333,
    9333,
    19333,
    8888,
    18888,
    9340,
    19340,
    23646,
    33646,
    7333,
    8181,
    9101,
}


def test_default_ports_avoid_the_standard_ones(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("TDM_PG_PORT", "TDM_REDIS_PORT", "TDM_S3_PORT", "TDM_API_PORT"):
        monkeypatch.delenv(name, raising=False)
    config = StackConfig.resolve(home=tmp_path)
    used = {config.pg_port, config.redis_port, *seaweedfs_ports(config.s3_port).values()}
    assert (config.pg_port, config.redis_port, config.s3_port) == (55432, 56379, 58333)
    assert used.isdisjoint(STANDARD_PORTS)
    assert config.explicit_ports == frozenset()


@pytest.mark.parametrize("s3_port", [DEFAULT_S3_PORT, 20000, 40000, 65527])
def test_every_seaweedfs_port_derives_from_the_s3_port(s3_port: int) -> None:
    ports = seaweedfs_ports(s3_port)
    assert ports["s3"] == s3_port
    assert len(set(ports.values())) == len(ports) == 10
    assert all(1024 <= port <= 65535 for port in ports.values())
    # weed's admin plugin worker dials admin HTTP + 10000 whatever -admin.port.grpc says.
    assert ports["admin.grpc"] - ports["admin"] == 10000
    # Two stacks nine ports apart never share a port.
    if s3_port + 9 + 8 <= 65535:
        assert set(ports.values()).isdisjoint(seaweedfs_ports(s3_port + 9).values())


def test_ports_come_from_options_then_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TDM_PG_PORT", "45000")
    monkeypatch.setenv("TDM_REDIS_PORT", "45001")
    config = StackConfig.resolve(home=tmp_path, redis_port=45002)
    assert (config.pg_port, config.redis_port) == (45000, 45002)
    assert config.explicit_ports == {"postgres", "redis"}


@pytest.mark.parametrize(
    ("kwargs", "env", "message"),
    [
        ({"pg_port": 80}, {}, "--pg-port must be between 1024 and 65535, got 80"),
        ({}, {"TDM_REDIS_PORT": "six"}, "TDM_REDIS_PORT must be a port number, got 'six'"),
        ({"s3_port": 65530}, {}, "S3 port 65530 is too high"),
        ({"pg_port": 45000, "redis_port": 45000}, {}, "port 45000 is given to both postgres and redis"),
        ({"pg_port": 58334}, {}, "port 58334 is given to both postgres and s3 (s3.grpc)"),
    ],
)
def test_bad_ports_are_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, kwargs: dict[str, int], env: dict[str, str], message: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(InvalidInputError) as info:
        StackConfig.resolve(home=tmp_path, **kwargs)
    assert message in info.value.detail


def test_secrets_are_generated_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / "secrets.env"
    first = load_or_create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len({first.pg_password, first.redis_password, first.s3_secret_key, first.encryption_key}) == 4
    assert load_or_create(path) == first

    # A key missing from an older file is added; the others are kept (the data depends on them).
    values = read_env_file(path)
    del values["TDM_REDIS_PASSWORD"]
    path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    repaired = load_or_create(path)
    assert repaired.pg_password == first.pg_password
    assert repaired.redis_password and repaired.redis_password != first.redis_password
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_configured_services_come_from_environment_then_dotenv_never_stack_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in (
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
    ):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("TDM_HOME", str(home))
    # What `tdm up` wrote itself must not count as "configured by the user".
    (home / "stack.env").write_text("DATABASE_URL=postgresql://postgres:x@127.0.0.1:55432/tdm_metadata\n")
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "REDIS_URL=redis://from-dotenv:6379/0\nMINIO_ENDPOINT=localhost:9000\nMINIO_ACCESS_KEY=ak\n"
    )
    monkeypatch.setenv("MINIO_SECRET_KEY", "sk")

    found = configured(dotenv)
    assert found.database_url is None
    assert found.redis_url == "redis://from-dotenv:6379/0"
    assert found.s3 is not None
    assert (found.s3.endpoint, found.s3.access_key, found.s3.secret_key) == (
        "http://localhost:9000",
        "ak",
        "sk",
    )

    monkeypatch.setenv("REDIS_URL", "redis://from-env:6379/1")
    assert configured(dotenv).redis_url == "redis://from-env:6379/1"


def test_a_reused_pid_is_not_ours() -> None:
    me = ProcessRef.of(os.getpid())
    assert me is not None and me.alive()
    # Same pid, other start time: what a recycled pid looks like after a reboot.
    assert not ProcessRef(os.getpid(), psutil.Process().create_time() - 3600).alive()
    assert not ProcessRef(2**22 + 1, time.time()).alive()
