"""`tdm discover <connection-url>`: discover a source database's schema, in this process.

The job is created like the API creates it (user "cli"; the connection string is stored encrypted as a
connection, so a later `tdm pii classify` can sample the source) and run through the same runner a
worker uses (`tdm_orchestrator.runner.run_job`), so no API and no worker need to run: only the
metadata database and Redis (`tdm up`, or DATABASE_URL / REDIS_URL).

Also home of what `tdm pii classify` shares: running a job in-process, following its events, errors.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

import typer

CLI_USER = "cli"
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead of text.")]


@dataclass(frozen=True)
class JobOutcome:
    job_id: str
    status: str
    result: dict[str, Any]
    error: str | None


def fail(message: str) -> typer.Exit:
    from tdm_core.redaction import redact_text

    typer.echo(f"error: {redact_text(message)}", err=True)
    return typer.Exit(1)


@contextmanager
def clear_errors() -> Iterator[None]:
    """Platform errors, bad input and unreachable services as one readable line (never a password)."""
    from pydantic import ValidationError
    from redis.exceptions import RedisError
    from sqlalchemy.exc import InterfaceError, OperationalError
    from tdm_core.errors import TDMError
    from tdm_core.redaction import redact_url
    from tdm_orchestrator.settings import OrchestratorSettings

    try:
        yield
    except TDMError as exc:
        raise fail(exc.detail) from None
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_input=False, include_url=False):
            where = ".".join(str(part) for part in err["loc"]) or "input"
            problems.append(f"{where}: {str(err['msg']).removeprefix('Value error, ')}")
        raise fail("; ".join(problems)) from None
    except (OperationalError, InterfaceError):
        url = redact_url(OrchestratorSettings.load().database_url)
        raise fail(f"cannot reach the metadata database at {url}: run `tdm up` first") from None
    except RedisError:
        url = redact_url(OrchestratorSettings.load().redis_url)
        raise fail(f"cannot reach Redis at {url}: run `tdm up` first") from None


class EventPrinter(threading.Thread):
    """Prints a job's node progress (from its Redis event stream) to stderr while it runs here."""

    SHOWN = frozenset({"node_completed", "node_failed", "node_info", "job_requeued", "awaiting_approval"})

    def __init__(self, job_id: str) -> None:
        super().__init__(name=f"tdm-events-{job_id[:8]}", daemon=True)
        self.job_id = job_id
        self.done = threading.Event()
        self.after = "0"

    def run(self) -> None:
        from tdm_cache.events import JobEvents
        from tdm_orchestrator.runtime import get_runtime

        events = JobEvents(get_runtime().redis)
        while True:
            finishing = self.done.is_set()
            try:
                batch = events.read(self.job_id, after_id=self.after, block_ms=200, count=200)
            except Exception:  # progress is a courtesy: never let it break the command
                return
            for stream_id, event in batch:
                self.after = stream_id
                if event.get("type") in self.SHOWN:
                    typer.echo(f"  {event.get('message', '')}", err=True)
            if finishing and not batch:
                return

    def stop(self) -> None:
        self.done.set()
        self.join(timeout=5)


def run_in_process(request: dict[str, Any], *, progress: bool) -> JobOutcome:
    """Create the job row (user "cli") and run it here with the worker's runner; its final state."""
    from tdm_metadata_store.repositories.jobs import JobRepository
    from tdm_orchestrator import lifecycle
    from tdm_orchestrator.operations import validate_request
    from tdm_orchestrator.runner import run_job
    from tdm_orchestrator.runtime import get_runtime

    operation = validate_request(request).operation.value
    runtime = get_runtime()
    with runtime.session() as session:
        job_id = str(JobRepository(session).create(operation=operation, request=request, user_id=CLI_USER).id)
    printer = EventPrinter(job_id) if progress else None
    if printer is not None:
        typer.echo(f"job {job_id} ({operation}) running here", err=True)
        printer.start()
    try:
        run_job(job_id)
    except KeyboardInterrupt:
        lifecycle.finish_cancelled(job_id, "interrupted in the CLI (Ctrl+C)", runtime=runtime)
        typer.echo(f"job {job_id} cancelled", err=True)
        raise typer.Exit(130) from None
    finally:
        if printer is not None:
            printer.stop()
    with runtime.session() as session:
        job = JobRepository(session).require(uuid.UUID(job_id))
        return JobOutcome(job_id, job.status, dict(job.result_json or {}), job.error)


def require_completed(outcome: JobOutcome, what: str) -> dict[str, Any]:
    if outcome.status != "completed":
        reason = outcome.error or f"the job ended {outcome.status}"
        raise fail(f"{what} failed (job {outcome.job_id}): {reason}")
    return outcome.result


def emit_json(payload: dict[str, Any]) -> None:
    typer.echo(json.dumps(payload, indent=2, default=str))


def discover(
    connection_url: Annotated[
        str,
        typer.Argument(
            help="Source database, e.g. postgresql://user:password@host:5432/db (stored encrypted).",
            show_default=False,
        ),
    ],
    schema: Annotated[
        list[str] | None,
        typer.Option("--schema", "-s", help="Database schema to discover (repeatable; default: public)."),
    ] = None,
    no_stats: Annotated[
        bool, typer.Option("--no-stats", help="Skip statistics (row counts from the catalog only).")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Discover tables, columns, keys and statistics; print the new schema version and its counts."""
    with clear_errors():
        from tdm_api.dependencies import Principal
        from tdm_api.models.request import DiscoverRequest
        from tdm_api.services.jobs import RequestBuilder
        from tdm_orchestrator.runtime import get_runtime

        body = DiscoverRequest.model_validate(
            {
                "connection_string": connection_url,
                "schemas": schema or ["public"],
                "include_stats": not no_stats,
            }
        )
        with get_runtime().session() as session:
            # Same as POST /discover-schema: the string becomes a stored, encrypted connection.
            request = {"discover": RequestBuilder(session, Principal(CLI_USER, "admin")).discover(body)}
        outcome = run_in_process(request, progress=not as_json)
    result = require_completed(outcome, "discovery")
    step = (result.get("steps") or {}).get("discover") or {}
    counts = step.get("counts") or {}
    summary = {
        "job_id": outcome.job_id,
        "schema_id": step.get("schema_id"),
        "schema_name": step.get("schema_name"),
        "schema_version_id": result.get("schema_version_id"),
        "version_number": step.get("version_number"),
        "tables": counts.get("tables"),
        "columns": counts.get("columns"),
        "relationships": counts.get("relationships"),
        "changed_since_previous": step.get("changed_since_previous"),
    }
    if as_json:
        emit_json(summary)
        return
    typer.echo(
        f"schema {summary['schema_name']!r} version {summary['version_number']} "
        f"(schema_version_id {summary['schema_version_id']})"
    )
    for key in ("tables", "columns", "relationships"):
        typer.echo(f"  {key:<14}{summary[key]}")
    if summary["changed_since_previous"] is not None:
        changed = "changed" if summary["changed_since_previous"] else "unchanged"
        typer.echo(f"  structure     {changed} since the previous version")
    typer.echo(f"next: tdm pii classify {summary['schema_version_id']}")


def register(app: typer.Typer) -> None:
    """Attach this group's commands to the root app."""
    app.command("discover")(discover)
