"""What the commands that run jobs share: submitting through the orchestrator's jobs service, running
a job in this process with the worker's runner (only the metadata database and Redis are needed: `tdm
up`, or DATABASE_URL / REDIS_URL), following its events, and printing errors without secrets."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator, Mapping
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

    SHOWN = frozenset(
        {"node_completed", "node_running", "node_failed", "node_info", "job_requeued", "awaiting_approval"}
    )

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
                # The master graph's own nodes are plumbing: show the agents' nodes.
                if event.get("type") in self.SHOWN and event.get("subgraph") != "master":
                    typer.echo(f"  {event.get('message', '')}", err=True)
            if finishing and not batch:
                return

    def stop(self) -> None:
        self.done.set()
        self.join(timeout=5)


def submit(request: Mapping[str, Any], *, enqueue: bool) -> tuple[str, str]:
    """Submit like POST /<agent> does (ids checked, inline connection strings stored encrypted, user
    "cli"), through the orchestrator's jobs service; (job id, operation)."""
    from tdm_orchestrator.jobs import JobSubmissions, Submitter
    from tdm_orchestrator.runtime import get_runtime

    with get_runtime().session() as session:
        job = JobSubmissions(session, Submitter(CLI_USER)).submit(request, enqueue=enqueue).job
        return str(job.id), job.operation


def run_in_process(request: Mapping[str, Any], *, progress: bool) -> JobOutcome:
    """Submit the job and run it here with the worker's runner (no worker needed); its final state."""
    from tdm_metadata_store.repositories.jobs import JobRepository
    from tdm_orchestrator import lifecycle
    from tdm_orchestrator.runner import run_job
    from tdm_orchestrator.runtime import get_runtime

    runtime = get_runtime()
    job_id, operation = submit(request, enqueue=False)
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
