"""Process and port helpers shared by the embedded services.

A process is identified by its pid *and* its start time: after a reboot or a long pause the pid in our
state file may belong to somebody else's process, which `tdm down` must never signal.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

from tdm_cli.stack.config import LOOPBACK

# psutil rounds create_time differently between calls on some systems; a second is plenty to tell.
_CREATE_TIME_TOLERANCE = 1.0


@dataclass(frozen=True)
class ProcessRef:
    pid: int
    create_time: float

    @classmethod
    def of(cls, pid: int) -> ProcessRef | None:
        try:
            return cls(pid, psutil.Process(pid).create_time())
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            return None

    def alive(self) -> bool:
        _reap(self.pid)
        try:
            proc = psutil.Process(self.pid)
            if abs(proc.create_time() - self.create_time) > _CREATE_TIME_TOLERANCE:
                return False  # the pid was reused by another process
            return bool(proc.status() != psutil.STATUS_ZOMBIE)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            return False

    def send(self, sig: signal.Signals, *, group: bool = False) -> None:
        if not self.alive():
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if group and os.getpgid(self.pid) == self.pid:
                os.killpg(self.pid, sig)
            else:
                os.kill(self.pid, sig)

    def wait_gone(self, timeout: float) -> bool:
        return wait_until(lambda: not self.alive(), timeout)

    def terminate(
        self, timeout: float, *, group: bool = False, first: signal.Signals = signal.SIGTERM
    ) -> bool:
        """Ask politely, then SIGKILL after `timeout`. True when it stopped without the SIGKILL."""
        self.send(first, group=group)
        if self.wait_gone(timeout):
            return True
        self.send(signal.SIGKILL, group=group)
        self.wait_gone(5.0)
        return False


def _reap(pid: int) -> None:
    """Collect the exit status of a child we spawned ourselves, so it does not linger as a zombie."""
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def wait_until(predicate: Callable[[], bool], timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def port_is_free(port: int, host: str = LOOPBACK) -> bool:
    """True when nothing listens on host:port (binding is the only race-free-enough test)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        # SO_REUSEADDR: a port in TIME_WAIT from our own previous run counts as free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES):
            return False
        raise
    finally:
        sock.close()
    return True


def port_is_open(port: int, host: str = LOOPBACK, timeout: float = 1.0) -> bool:
    """True when something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def free_port(host: str = LOOPBACK) -> int:
    """A port the kernel considers free right now (for tests and throwaway stacks)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def spawn_detached(
    argv: Sequence[str],
    *,
    log_path: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> ProcessRef:
    """Start a long-running process in its own session, output appended to `log_path`.

    Its own session: Ctrl-C in the terminal that ran `tdm up` must not stop the stack, and `tdm down`
    can signal the whole process group (uvicorn or RQ children included).
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(  # noqa: S603 - argv is built from our own binaries, never from user text
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
        )
    # The child outlives us; dropping the Popen handle must not warn or wait.
    proc.returncode = 0
    ref = ProcessRef.of(proc.pid)
    if ref is None:
        # It died at once: keep its pid so the caller's readiness check reports the failure.
        _reap(proc.pid)
        return ProcessRef(proc.pid, 0.0)
    return ref


def tail(path: Path, lines: int = 15) -> str:
    """Last lines of a log file, for error messages (callers redact before showing)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 8192))
            text = handle.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])
