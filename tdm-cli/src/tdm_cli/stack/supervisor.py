"""`tdm up` / `tdm down` / `tdm status`: decide external vs embedded, start, record, stop.

Per service (PostgreSQL, Redis, S3): a URL the user configured (environment, else ./.env) that answers is
used as it is ("external") and never touched; otherwise the embedded one is started on 127.0.0.1. What
was started is recorded in $TDM_HOME/run/state.json with pid and start time, so `tdm down` stops exactly
that and nothing else, and a second `tdm up` reuses what already runs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass, field
from typing import Any

from tdm_core.errors import ConfigurationError, DependencyUnavailableError
from tdm_core.redaction import redact_text, redact_url

from tdm_cli.stack import apps, postgres, redis_server, seaweedfs
from tdm_cli.stack.config import APPS, DEFAULT_BUCKET, SERVICES, StackConfig
from tdm_cli.stack.probes import (
    Configured,
    S3Target,
    configured,
    ensure_bucket,
    object_round_trip_problem,
    postgres_problem,
    redis_problem,
    s3_problem,
)
from tdm_cli.stack.process import ProcessRef, port_is_free, wait_until
from tdm_cli.stack.secrets import StackSecrets, load, load_or_create, write_private
from tdm_cli.stack.state import ProcessRecord, SourceRecord, StackState, locked

Progress = Callable[[str], None]

# After a restart SeaweedFS may need a while to load its volumes before it serves objects.
OBJECT_READY_TIMEOUT_SECONDS = 60.0
LABELS = {
    "postgres": "PostgreSQL",
    "redis": "Redis",
    "s3": "S3 (SeaweedFS)",
    "api": "API",
    "worker": "Worker",
}


@dataclass
class ServiceStatus:
    name: str
    source: str  # embedded | external | app | -
    address: str  # redacted
    state: (
        str  # started | running | external | stopped | left running | not running | down | failed | skipped
    )
    reachable: bool | None = None
    pid: int | None = None
    detail: str | None = None

    @property
    def label(self) -> str:
        return LABELS.get(self.name, self.name)

    @property
    def is_down(self) -> bool:
        return self.state in ("down", "not running", "failed")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class UpResult:
    statuses: list[ServiceStatus]
    # Effective settings for processes that use this stack (contains secrets: never print it).
    env: dict[str, str]
    warnings: list[str] = field(default_factory=list)


def _quiet(_: str) -> None:
    return None


class Stack:
    def __init__(self, config: StackConfig, *, progress: Progress | None = None) -> None:
        self.config = config
        self.paths = config.paths
        self.progress = progress or _quiet

    # ------------------------------------------------------------------------------------------- up

    def up(
        self,
        *,
        services: Collection[str] = SERVICES,
        with_app: bool = True,
        use_external: bool = True,
        migrate: bool = True,
    ) -> UpResult:
        unknown = set(services) - set(SERVICES)
        if unknown:
            raise ConfigurationError(f"unknown services {sorted(unknown)}; known: {list(SERVICES)}")
        self.paths.ensure()
        with locked(self.paths.lock_file):
            state = StackState.load(self.paths.state_file)
            secrets = load_or_create(self.paths.secrets_file)
            wanted = configured() if use_external else Configured(None, None, None, None, None)
            result = UpResult(statuses=[], env={})
            bucket = wanted.bucket or DEFAULT_BUCKET
            env: dict[str, str] = {}
            stack_env: dict[str, str] = {}

            if "postgres" in services:
                status, url = self._postgres(state, secrets, wanted, result.warnings)
                result.statuses.append(status)
                env["DATABASE_URL"] = url
                if status.source == "embedded":
                    stack_env["DATABASE_URL"] = url
            if "redis" in services:
                status, url = self._redis(state, secrets, wanted, result.warnings)
                result.statuses.append(status)
                env["REDIS_URL"] = url
                if status.source == "embedded":
                    stack_env["REDIS_URL"] = url
            if "s3" in services:
                status, target = self._s3(state, secrets, wanted, result.warnings)
                result.statuses.append(status)
                s3_env = {
                    "MINIO_ENDPOINT": target.endpoint,
                    "MINIO_ACCESS_KEY": target.access_key,
                    "MINIO_SECRET_KEY": target.secret_key,
                    "MINIO_BUCKET": bucket,
                }
                env.update(s3_env)
                if status.source == "embedded":
                    stack_env.update(s3_env)
                self._bucket(target, bucket, external=status.source == "external", warnings=result.warnings)

            env["TDM_ENCRYPTION_KEY"] = wanted.encryption_key or secrets.encryption_key
            stack_env["TDM_ENCRYPTION_KEY"] = secrets.encryption_key
            write_private(
                self.paths.stack_env,
                stack_env,
                header="Written by `tdm up`: addresses of the embedded stack. Environment and ./.env win.",
            )
            state.save(self.paths.state_file)

            if migrate and "DATABASE_URL" in env:
                self._migrate(env["DATABASE_URL"])

            if with_app:
                for name in APPS:
                    result.statuses.append(self._app(name, state, env, result.warnings))
                    state.save(self.paths.state_file)
            result.env = env
            return result

    def _record(self, state: StackState, name: str, source: SourceRecord) -> None:
        state.sources[name] = source
        state.save(self.paths.state_file)

    def _external(
        self,
        state: StackState,
        name: str,
        address: str,
        problem: str | None,
        *,
        variables: str,
        warnings: list[str],
    ) -> ServiceStatus | None:
        """Use a configured service that answers; else warn and let the caller start the embedded one."""
        if problem is None:
            self._record(state, name, SourceRecord("external", address))
            self._warn_stray(state, name, warnings)
            return ServiceStatus(name, "external", address, "external", True)
        warnings.append(
            f"{variables} ({address}) does not answer ({problem}); "
            f"starting the embedded {LABELS[name]} instead. "
            f"Unset {variables} so other processes use it too."
        )
        return None

    def _postgres(
        self, state: StackState, secrets: StackSecrets, wanted: Configured, warnings: list[str]
    ) -> tuple[ServiceStatus, str]:
        if wanted.database_url:
            external = self._external(
                state,
                "postgres",
                redact_url(wanted.database_url),
                postgres_problem(wanted.database_url),
                variables="DATABASE_URL",
                warnings=warnings,
            )
            if external is not None:
                return external, wanted.database_url
        port = self._port(state, "postgres", self.config.pg_port)
        server = postgres.EmbeddedPostgres(self.paths, port, secrets.pg_password)
        # Also adopt a server left running by an earlier `tdm up` whose state file was lost.
        ref = self._adopt(state, "postgres") or server.running()
        state_label = "running"
        running_port = server.running_port() if ref is not None else None
        if running_port is not None and running_port != server.port:
            server = postgres.EmbeddedPostgres(self.paths, running_port, secrets.pg_password)
        if ref is None:
            self.progress(f"starting PostgreSQL on 127.0.0.1:{server.port} (data in {server.data})")
            ref = server.start()
            state_label = "started"
        if state.alive("postgres") is None:
            state.processes["postgres"] = ProcessRecord(
                ref.pid, ref.create_time, port=server.port, ports=[server.port], log=str(server.log)
            )
        self._record(state, "postgres", SourceRecord("embedded", redact_url(server.url)))
        server.wait_ready()
        if server.ensure_database():
            self.progress("created database tdm_metadata")
        return ServiceStatus(
            "postgres", "embedded", redact_url(server.url), state_label, True, ref.pid
        ), server.url

    def _redis(
        self, state: StackState, secrets: StackSecrets, wanted: Configured, warnings: list[str]
    ) -> tuple[ServiceStatus, str]:
        if wanted.redis_url:
            external = self._external(
                state,
                "redis",
                redact_url(wanted.redis_url),
                redis_problem(wanted.redis_url),
                variables="REDIS_URL",
                warnings=warnings,
            )
            if external is not None:
                return external, wanted.redis_url
        server = redis_server.EmbeddedRedis(
            self.paths, self._port(state, "redis", self.config.redis_port), secrets.redis_password
        )
        ref = self._adopt(state, "redis")
        state_label = "running"
        if ref is None:
            self.progress(f"starting Redis on 127.0.0.1:{server.port} (data in {self.paths.redis_data})")
            ref = server.start()
            state.processes["redis"] = ProcessRecord(
                ref.pid, ref.create_time, port=server.port, ports=[server.port], log=str(server.log)
            )
            state.save(self.paths.state_file)
            state_label = "started"
        server.wait_ready(ref)
        self._record(state, "redis", SourceRecord("embedded", redact_url(server.url)))
        return ServiceStatus(
            "redis", "embedded", redact_url(server.url), state_label, True, ref.pid
        ), server.url

    def _s3(
        self, state: StackState, secrets: StackSecrets, wanted: Configured, warnings: list[str]
    ) -> tuple[ServiceStatus, S3Target]:
        if wanted.s3 is not None:
            external = self._external(
                state,
                "s3",
                wanted.s3.endpoint,
                s3_problem(wanted.s3),
                variables="MINIO_ENDPOINT / S3_ENDPOINT_URL",
                warnings=warnings,
            )
            if external is not None:
                return external, wanted.s3
        server = seaweedfs.EmbeddedSeaweedFS(
            self.paths,
            self._port(state, "s3", self.config.s3_port),
            secrets.s3_access_key,
            secrets.s3_secret_key,
        )
        ref = self._adopt(state, "s3")
        state_label = "running"
        if ref is None:
            self.progress(
                f"starting SeaweedFS S3 on 127.0.0.1:{server.s3_port} (data in {self.paths.seaweedfs_data})"
            )
            ref = server.start()
            state.processes["s3"] = ProcessRecord(
                ref.pid,
                ref.create_time,
                port=server.s3_port,
                ports=sorted(server.ports.values()),
                log=str(server.log),
            )
            state.save(self.paths.state_file)
            state_label = "started"
        server.wait_ready(ref)
        self._record(state, "s3", SourceRecord("embedded", server.target.endpoint))
        status = ServiceStatus("s3", "embedded", server.target.endpoint, state_label, True, ref.pid)
        return status, server.target

    def _port(self, state: StackState, name: str, requested: int) -> int:
        """A running embedded service keeps its port; a different request only applies after down."""
        record = state.alive(name)
        if record is not None and record.port is not None:
            if record.port != requested and name in self.config.explicit_ports:
                self.progress(
                    f"{LABELS[name]} already runs on port {record.port}; "
                    f"`tdm down` first to move it to {requested}"
                )
            return record.port
        return requested

    def _adopt(self, state: StackState, name: str) -> ProcessRef | None:
        record = state.alive(name)
        return record.ref if record is not None else None

    def _warn_stray(self, state: StackState, name: str, warnings: list[str]) -> None:
        if state.alive(name) is not None:
            warnings.append(
                f"an embedded {LABELS[name]} started earlier is still running (unused now); "
                "`tdm down` stops it"
            )

    def _bucket(self, target: S3Target, bucket: str, *, external: bool, warnings: list[str]) -> None:
        try:
            if ensure_bucket(target, bucket):
                self.progress(f"created bucket {bucket}")
        except Exception as exc:
            message = (
                f"could not create bucket {bucket!r} on {target.endpoint}: {redact_text(str(exc))[:200]}"
            )
            if not external:
                raise DependencyUnavailableError(message) from None
            warnings.append(message)
            return
        if external:
            return
        problem: list[str | None] = [None]

        def serves_objects() -> bool:
            problem[0] = object_round_trip_problem(target, bucket)
            return problem[0] is None

        if not wait_until(serves_objects, OBJECT_READY_TIMEOUT_SECONDS, interval=0.5):
            raise DependencyUnavailableError(f"embedded SeaweedFS does not serve objects yet: {problem[0]}")

    def _migrate(self, url: str) -> None:
        from tdm_metadata_store.migrations import upgrade_to_head

        self.progress(f"migrating {redact_url(url)} to the newest schema")
        upgrade_to_head(url)

    def _app(self, name: str, state: StackState, env: dict[str, str], warnings: list[str]) -> ServiceStatus:
        spec = apps.APP_SPECS[name]
        address = apps.health_url(self.config.api_port) if name == "api" else "-"
        record = state.alive(name)
        if record is not None:
            if name == "api" and record.port is not None:
                address = apps.health_url(record.port)
            return ServiceStatus(name, "app", address, "running", None, record.pid)
        state.processes.pop(name, None)
        unavailable = spec.available()
        if unavailable is not None:
            self.progress(f"{LABELS[name]} skipped: {unavailable}")
            return ServiceStatus(name, "app", address, "skipped", None, None, unavailable)
        app_env = {
            **os.environ,
            **env,
            "TDM_HOME": str(self.paths.home),
            "TDM_API_HOST": "127.0.0.1",
            "TDM_API_PORT": str(self.config.api_port),
        }
        if name == "api" and not port_is_free(self.config.api_port):
            reason = f"port {self.config.api_port} is in use; choose another with --api-port or TDM_API_PORT"
            warnings.append(f"{LABELS[name]} not started: {reason}")
            return ServiceStatus(name, "app", address, "failed", False, None, reason)
        self.progress(f"starting the {LABELS[name]} (log in {self.paths.log(name)})")
        ref = apps.start(spec, self.paths, app_env)
        state.processes[name] = ProcessRecord(
            ref.pid,
            ref.create_time,
            port=self.config.api_port if name == "api" else None,
            log=str(self.paths.log(name)),
        )
        state.save(self.paths.state_file)
        failure = apps.wait_started(spec, ref, self.config.api_port)
        if failure is not None:
            apps.stop(ref)
            state.processes.pop(name, None)
            detail = f"{failure}; see {self.paths.log(name)}"
            warnings.append(f"{LABELS[name]} did not start: {detail}")
            return ServiceStatus(name, "app", address, "failed", False, None, detail)
        return ServiceStatus(name, "app", address, "started", name == "api" or None, ref.pid)

    # ----------------------------------------------------------------------------------------- down

    def down(self) -> list[ServiceStatus]:
        """Stop what `tdm up` started, apps first; external services are never touched."""
        if not self.paths.state_file.exists():
            return [ServiceStatus(name, "-", "-", "not running") for name in SERVICES]
        with locked(self.paths.lock_file):
            state = StackState.load(self.paths.state_file)
            secrets = load(self.paths.secrets_file)
            statuses: list[ServiceStatus] = []
            for name in (*reversed(APPS), "s3", "redis", "postgres"):
                record = state.processes.get(name)
                source = state.sources.get(name)
                if record is None:
                    if source is not None and source.source == "external":
                        statuses.append(ServiceStatus(name, "external", source.address, "left running"))
                    elif name in SERVICES:
                        address = source.address if source else "-"
                        statuses.append(
                            ServiceStatus(name, "embedded" if source else "-", address, "not running")
                        )
                    continue
                address = source.address if source else "-"
                if name == "api" and record.port:
                    address = apps.health_url(record.port)
                if not record.ref.alive():
                    state.processes.pop(name)
                    state.save(self.paths.state_file)
                    statuses.append(ServiceStatus(name, _kind(name), address, "not running"))
                    continue
                self.progress(f"stopping {LABELS[name]} (pid {record.pid})")
                clean = self._stop(name, record, secrets)
                state.processes.pop(name)
                state.save(self.paths.state_file)
                detail = None if clean else "did not stop in time: killed"
                statuses.append(
                    ServiceStatus(name, _kind(name), address, "stopped", False, record.pid, detail)
                )
            state.save(self.paths.state_file)
            return list(reversed(statuses))

    def _stop(self, name: str, record: ProcessRecord, secrets: StackSecrets | None) -> bool:
        ref = record.ref
        if name in APPS:
            return apps.stop(ref)
        if name == "s3":
            return ref.terminate(seaweedfs.STOP_TIMEOUT_SECONDS)
        if name == "redis":
            if secrets is None or record.port is None:
                return ref.terminate(redis_server.STOP_TIMEOUT_SECONDS)
            return redis_server.EmbeddedRedis(self.paths, record.port, secrets.redis_password).stop(ref)
        server = postgres.EmbeddedPostgres(self.paths, record.port or 0, "")
        return server.stop(ref)

    # --------------------------------------------------------------------------------------- status

    def status(self) -> list[ServiceStatus]:
        state = StackState.load(self.paths.state_file)
        secrets = load(self.paths.secrets_file)
        wanted = configured()
        statuses = [self._service_status(name, state, secrets, wanted) for name in SERVICES]
        for name in APPS:
            record = state.processes.get(name)
            if record is None:
                continue
            alive = record.ref.alive()
            address = apps.health_url(record.port) if name == "api" and record.port else "-"
            reachable = apps.api_healthy(record.port) if (alive and name == "api" and record.port) else None
            up = alive and reachable is not False
            statuses.append(
                ServiceStatus(name, "app", address, "running" if up else "down", reachable, record.pid)
            )
        return statuses

    def _service_status(
        self, name: str, state: StackState, secrets: StackSecrets | None, wanted: Configured
    ) -> ServiceStatus:
        record = state.processes.get(name)
        source = state.sources.get(name)
        if record is not None and (source is None or source.source == "embedded"):
            url = self._embedded_url(name, record, secrets)
            address = source.address if source else "-"
            if not record.ref.alive():
                return ServiceStatus(name, "embedded", address, "down", False, record.pid, "process is gone")
            problem = _problem(name, url) if url is not None else "secrets.env is missing"
            return ServiceStatus(
                name,
                "embedded",
                address,
                "running" if problem is None else "down",
                problem is None,
                record.pid,
                problem,
            )
        external_url, external_address = _configured_for(name, wanted)
        if external_url is not None:
            problem = _problem(name, external_url)
            return ServiceStatus(
                name,
                "external",
                external_address,
                "external" if problem is None else "down",
                problem is None,
                None,
                problem,
            )
        if source is not None and source.source == "embedded":
            return ServiceStatus(name, "embedded", source.address, "not running", False)
        if source is not None and source.source == "external":
            return ServiceStatus(
                name,
                "external",
                source.address,
                "external",
                None,
                None,
                "configured in the shell that ran `tdm up`, not in this one: not checked",
            )
        return ServiceStatus(name, "-", "-", "not running")

    def _embedded_url(self, name: str, record: ProcessRecord, secrets: StackSecrets | None) -> Any:
        if secrets is None or record.port is None:
            return None
        if name == "postgres":
            return postgres.url(record.port, secrets.pg_password)
        if name == "redis":
            return redis_server.url(record.port, secrets.redis_password)
        return S3Target(seaweedfs.endpoint(record.port), secrets.s3_access_key, secrets.s3_secret_key, "")


def _kind(name: str) -> str:
    return "app" if name in APPS else "embedded"


def _problem(name: str, target: Any) -> str | None:
    if name == "postgres":
        return postgres_problem(target)
    if name == "redis":
        return redis_problem(target)
    return s3_problem(target)


def _configured_for(name: str, wanted: Configured) -> tuple[Any, str]:
    if name == "postgres" and wanted.database_url:
        return wanted.database_url, redact_url(wanted.database_url)
    if name == "redis" and wanted.redis_url:
        return wanted.redis_url, redact_url(wanted.redis_url)
    if name == "s3" and wanted.s3 is not None:
        return wanted.s3, wanted.s3.endpoint
    return None, "-"
