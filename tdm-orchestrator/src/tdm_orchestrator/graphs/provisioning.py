"""Provisioning subgraph (spec 9.1): validate_dataset_version -> connect_env -> reset_env ->
apply_schema -> load_data -> run_smoke_tests -> complete_provisioning.

Every change to the environment happens in ONE target transaction (`PostgresProvisioner`; on MySQL and
MariaDB, `MySQLProvisioner`: a transaction for the rows and undone DDL for the tables), opened by
connect_env and committed by complete_provisioning; the nodes between add their part to it. So the
transaction and the environment's lock live in this process across nodes (`_Session`), not in the
graph state: the state holds only ids and counts.

A node that finds no session -- the job resumed in another worker after a crash, or a node retried
after a failure rolled the transaction back -- replays the phases before it in a new transaction
(reset, schema, rows: all functions of the state), so a resumed job ends like an uninterrupted one and
an abandoned transaction never leaves anything behind. Any failure rolls back and releases the lock at
once; the end of the run (done, failed, cancelled, paused for an approval) does the same for whatever
is still open.

One provision per environment at a time: a Redis lock on the environment's name, waited for up to
`lock_timeout_seconds` (the wait is announced in the job's events, naming the job that holds it).
"""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import psycopg
from langgraph.graph.state import CompiledStateGraph
from tdm_agents.common.sources import source_engine, source_family, translate_source_errors
from tdm_agents.provisioning.contract import CONTRACT, SmokeCheck
from tdm_agents.provisioning.mysql_target import MySQLProvisioner
from tdm_agents.provisioning.postgres_target import (
    DatasetTable,
    PostgresProvisioner,
    ProvisioningError,
    dataset_dialect,
    dataset_tables,
)
from tdm_cache.locks import RedisLock
from tdm_core.errors import InvalidInputError, TDMError
from tdm_core.schema_model import SchemaSnapshot, qualified_name
from tdm_dataset_store import DatasetStore
from tdm_metadata_store.repositories.datasets import DatasetRepository
from tdm_metadata_store.repositories.environments import EnvironmentRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository

from tdm_orchestrator.graphs.common import NodeFn, linear_subgraph, step_output
from tdm_orchestrator.jobrun import current_run
from tdm_orchestrator.runtime import get_runtime
from tdm_orchestrator.settings import OrchestratorSettings
from tdm_orchestrator.state import TDMState

SUBGRAPH = CONTRACT.agent
NOTICE = "node_info"
LOCK_KIND = "provision"
LOCK_TTL_SECONDS = 30.0
PHASES = ("reset", "schema", "load", "smoke")


class EnvironmentBusyError(TDMError):
    status_code = 409
    code = "environment_busy"


class ProvisionState(TDMState, total=False):
    """The master state plus this subgraph's own keys (ids, names and counts only)."""

    provision_source: dict[str, Any]  # dataset + schema version, environment, the dataset's tables
    provision_report: dict[str, Any]  # what the phases did (changes, warnings, counts, smoke results)


def _notice(state: TDMState, node: str, message: str, **details: Any) -> None:
    current_run(state["job_id"]).reporter.emit(
        NOTICE, message, node=node, subgraph=SUBGRAPH, details={"info": details} if details else None
    )


def _options(state: TDMState) -> dict[str, Any]:
    return dict(state.get("step_input") or {})


# --- the open transaction of a job, in this process ------------------------------------------------


@dataclass
class _Session:
    raw: Any  # the pool's connection (returned to the pool on close)
    provisioner: PostgresProvisioner | MySQLProvisioner
    lock: RedisLock
    done: list[str] = field(default_factory=list)

    def close(self, *, commit: bool) -> None:
        try:
            if commit:
                self.provisioner.commit()
            else:
                self.provisioner.rollback()
        finally:
            try:
                self.raw.close()
            finally:
                if self.lock.owned():
                    self.lock.release()


_sessions: dict[str, _Session] = {}
_sessions_lock = threading.Lock()


def _abort(job_id: str) -> None:
    with _sessions_lock:
        session = _sessions.pop(job_id, None)
    if session is not None:
        # The connection may already be gone: the server then rolls back by itself.
        with contextlib.suppress(Exception):
            session.close(commit=False)


def _connection_string(environment_id: str) -> str:
    with get_runtime().session() as session:
        return EnvironmentRepository(session).reveal_connection_string(uuid.UUID(environment_id))


def _snapshot(schema_version_id: str) -> SchemaSnapshot:
    with get_runtime().session() as session:
        return SchemaRepository(session).load_version(uuid.UUID(schema_version_id))


def _tables(source: dict[str, Any]) -> list[DatasetTable]:
    return [
        DatasetTable(t["file"], (t["schema"], t["table"]), tuple(t["columns"]), int(t["rows"]))
        for t in source["tables"]
    ]


def _lock(state: ProvisionState) -> RedisLock:
    """Take the environment's lock, waiting (announced, cancellable) for the job that holds it."""
    runtime = get_runtime()
    run = current_run(state["job_id"])
    environment = state["provision_source"]["environment"]
    lock = RedisLock(
        runtime.redis,
        LOCK_KIND,
        environment,
        ttl_seconds=LOCK_TTL_SECONDS,
        owner=f"job:{state['job_id']}",
        auto_extend=True,
    )
    if lock.acquire():
        return lock
    wait = int(_options(state).get("lock_timeout_seconds", 1800))
    holder = runtime.redis.get(lock.key)
    shown = holder.decode() if isinstance(holder, bytes) else str(holder or "another job")
    _notice(
        state,
        "connect_env",
        f"waiting for environment {environment}: {shown} is provisioning it (up to {wait} s)",
        holder=shown,
    )
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        run.check_boundary()
        if lock.acquire(blocking=True, timeout=min(2.0, max(0.0, deadline - time.monotonic()))):
            _notice(state, "connect_env", f"environment {environment} is free: provisioning it now")
            return lock
    raise EnvironmentBusyError(
        f"environment {environment} stayed busy for {wait} s ({shown} is provisioning it); try again later"
    )


def _open(state: ProvisionState) -> _Session:
    source = state["provision_source"]
    connection_string = _connection_string(source["environment_id"])
    family = source_family(connection_string)
    if family not in ("postgresql", "mysql"):
        raise InvalidInputError(
            f"environment {source['environment']} is a {family} database: PostgreSQL, MySQL and MariaDB "
            "environments can be provisioned"
        )
    lock = _lock(state)
    try:
        with translate_source_errors(source["display_url"], "connecting to the environment"):
            raw = source_engine(connection_string).raw_connection()
        try:
            check = current_run(state["job_id"]).check_boundary
            snapshot = _snapshot(source["schema_version_id"])
            provisioner: PostgresProvisioner | MySQLProvisioner
            if family == "postgresql":
                connection = cast(psycopg.Connection[Any], raw.driver_connection)
                provisioner = PostgresProvisioner(connection, snapshot, _tables(source), check=check)
            else:
                provisioner = MySQLProvisioner(
                    raw.driver_connection,
                    snapshot,
                    _tables(source),
                    dialect=source.get("dialect", "postgresql"),
                    check=check,
                )
        except BaseException:
            raw.rollback()
            raw.close()
            raise
    except BaseException:
        lock.release()
        raise
    session = _Session(raw, provisioner, lock)
    with _sessions_lock:
        _sessions[state["job_id"]] = session
    current_run(state["job_id"]).on_end(lambda: _abort(state["job_id"]))
    return session


def _phase(state: ProvisionState, phase: str, session: _Session) -> None:
    options = _options(state)
    provisioner = session.provisioner
    mode = str(options.get("reset_mode") or "truncate")
    if phase == "reset":
        if options.get("reset_env"):
            provisioner.reset(mode)
    elif phase == "schema":
        provisioner.apply_schema()
    elif phase == "load":
        source = state["provision_source"]
        store = DatasetStore.load()
        try:
            if isinstance(provisioner, PostgresProvisioner):
                provisioner.load(store, source["dataset_version_id"], _progress(state))
                provisioner.add_keys()
                provisioner.set_sequences()
            else:  # MySQL: keys come with the tables; rows are emptied inside the load's transaction
                reset = bool(options.get("reset_env")) and mode == "truncate"
                provisioner.load(store, source["dataset_version_id"], _progress(state), reset=reset)
        finally:
            store.close()
    elif phase == "smoke":
        checks = [SmokeCheck.model_validate(c) for c in options.get("smoke_checks") or []]
        results = provisioner.smoke_tests(checks, builtin=bool(options.get("run_smoke_tests", True)))
        failed = [r for r in results if not r["passed"]]
        if failed:
            shown = "; ".join(f"{r['name']}: {r['detail']}" for r in failed[:10])
            raise ProvisioningError(
                f"{len(failed)} of {len(results)} smoke check(s) failed (nothing was committed): {shown}"
            )
    session.done.append(phase)


def _progress(state: ProvisionState) -> Callable[[str, int], None]:
    def report(table: str, rows: int) -> None:
        _notice(state, "load_data", f"loaded {rows} row(s) into {table}", table=table, rows=rows)

    return report


def _through(state: ProvisionState, phase: str | None) -> dict[str, Any]:
    """Run the phases up to `phase` that this process's transaction has not run yet (all of them in a
    new transaction after a crash or a retry). Any failure rolls back and releases the lock."""
    job_id = state["job_id"]
    try:
        with _sessions_lock:
            session = _sessions.get(job_id)
        if session is None:
            session = _open(state)
        if phase is not None:
            for step in PHASES[: PHASES.index(phase) + 1]:
                if step not in session.done:
                    _phase(state, step, session)
    except BaseException:
        _abort(job_id)
        raise
    report = session.provisioner.report
    return {
        "provision_report": {
            "changes": report.changes[-200:],
            "changes_count": len(report.changes),
            "warnings": report.warnings[:100],
            "row_counts": dict(report.row_counts),
            "smoke": report.smoke,
            "timings": report.timings,
        }
    }


# --- nodes -----------------------------------------------------------------------------------------


def validate_dataset_version(state: ProvisionState) -> dict[str, Any]:
    options = _options(state)
    raw_id = options.get("dataset_version_id")
    if not raw_id:
        raise InvalidInputError("provision needs a dataset_version_id")
    version_id = uuid.UUID(str(raw_id))
    name = str(options.get("target_env") or "")
    with get_runtime().session() as session:
        dataset = DatasetRepository(session).require(version_id)
        if dataset.status != "active":
            raise InvalidInputError(f"dataset version {version_id} is {dataset.status}, not active")
        if dataset.schema_version_id is None:
            raise InvalidInputError(
                f"dataset version {version_id} has no schema version: its tables cannot be created"
            )
        environment = EnvironmentRepository(session).get_by_name(name)
        if environment is None:
            raise InvalidInputError(f"no environment named {name!r} (see GET /environments)")
        if not environment.connection_string_encrypted:
            raise InvalidInputError(f"environment {name} has no connection string: set one first")
        environment_id, display = str(environment.id), environment.display_url or name
        schema_version_id = str(dataset.schema_version_id)
    store = DatasetStore.load()
    try:
        tables = dataset_tables(store, str(version_id))
        dialect = dataset_dialect(store, str(version_id))
    finally:
        store.close()
    snapshot = _snapshot(schema_version_id)
    unknown = [t.name for t in tables if snapshot.table(t.key) is None]
    if unknown:
        raise InvalidInputError(
            f"dataset version {version_id} holds table(s) its schema version does not describe: "
            f"{', '.join(unknown[:10])}"
        )
    return {
        "provision_source": {
            "dataset_version_id": str(version_id),
            "schema_version_id": schema_version_id,
            "environment": name,
            "environment_id": environment_id,
            "display_url": display,
            "dialect": dialect,
            "tables": [
                {
                    "file": t.file,
                    "schema": t.key[0],
                    "table": t.key[1],
                    "columns": list(t.columns),
                    "rows": t.rows,
                }
                for t in tables
            ],
        }
    }


def connect_env(state: ProvisionState) -> dict[str, Any]:
    update = _through(state, None)
    source = state["provision_source"]
    _notice(state, "connect_env", f"connected to environment {source['environment']}; its lock is held")
    return update


def reset_env(state: ProvisionState) -> dict[str, Any]:
    return _through(state, "reset")


def apply_schema(state: ProvisionState) -> dict[str, Any]:
    update = _through(state, "schema")
    report = update["provision_report"]
    if report["warnings"]:
        _notice(state, "apply_schema", f"{len(report['warnings'])} optional object(s) not created")
    return update


def load_data(state: ProvisionState) -> dict[str, Any]:
    return _through(state, "load")


def run_smoke_tests(state: ProvisionState) -> dict[str, Any]:
    return _through(state, "smoke")


def complete_provisioning(state: ProvisionState) -> dict[str, Any]:
    job_id = state["job_id"]
    update = _through(state, "smoke")
    with _sessions_lock:
        session = _sessions.pop(job_id)
    session.close(commit=True)
    source = state["provision_source"]
    report = update["provision_report"]
    smoke = report["smoke"]
    result = {
        "environment": source["environment"],
        "dataset_version_id": source["dataset_version_id"],
        "tables_loaded": [qualified_name(t["schema"], t["table"]) for t in source["tables"]],
        "row_counts": report["row_counts"],
        "smoke_test_results": {"passed": all(r["passed"] for r in smoke), "checks": smoke},
        "schema_changes": report["changes"],
        "warnings": report["warnings"],
    }
    lineage = [
        {
            "source_type": "dataset_version",
            "source_id": source["dataset_version_id"],
            "target_type": "environment",
            "target_id": source["environment_id"],
            "operation": "provisioned_to",
        }
    ]
    return {"step_results": {CONTRACT.step: step_output(CONTRACT, result, lineage=lineage)}}


NODES: tuple[tuple[str, NodeFn], ...] = (
    ("validate_dataset_version", cast(NodeFn, validate_dataset_version)),
    ("connect_env", cast(NodeFn, connect_env)),
    ("reset_env", cast(NodeFn, reset_env)),
    ("apply_schema", cast(NodeFn, apply_schema)),
    ("load_data", cast(NodeFn, load_data)),
    ("run_smoke_tests", cast(NodeFn, run_smoke_tests)),
    ("complete_provisioning", cast(NodeFn, complete_provisioning)),
)
NODE_NAMES = tuple(name for name, _ in NODES)


def build_provisioning_graph(settings: OrchestratorSettings | None = None) -> CompiledStateGraph[Any]:
    """The compiled subgraph; a node of the master graph, sharing its checkpointer."""
    return linear_subgraph(CONTRACT, NODES, settings or OrchestratorSettings.load(), ProvisionState)
