"""`tdm worker [--processes N] [--burst]`: run job workers (same as the `tdm-worker` script).

Settings come from the environment, ./.env or $TDM_HOME/stack.env (what `tdm up` wrote), so on a
machine where `tdm up` runs the embedded stack, `tdm worker` needs no arguments.
"""

from __future__ import annotations

from typing import Annotated

import typer
from tdm_core.errors import TDMError
from tdm_core.redaction import redact_text


def worker(
    processes: Annotated[
        int, typer.Option("--processes", "-n", min=1, help="Worker processes (each runs one job at a time).")
    ] = 1,
    burst: Annotated[bool, typer.Option("--burst", help="Exit once the queue is empty.")] = False,
    queue: Annotated[
        str | None, typer.Option("--queue", help="Queue name (default: TDM_QUEUE_NAME, else tdm-jobs).")
    ] = None,
    log_level: Annotated[str | None, typer.Option("--log-level", help="DEBUG, INFO, WARNING, ...")] = None,
) -> None:
    """Run job workers: they take jobs from the queue and run the orchestration graph.

    SIGTERM / Ctrl+C drains: the step in progress finishes and is checkpointed, the job goes back to
    the queue for another worker to resume. A second Ctrl+C stops at once.
    """
    from tdm_orchestrator.worker import run_workers

    try:
        run_workers(processes, burst=burst, queue_name=queue, log_level=log_level)
    except TDMError as exc:
        typer.echo(f"error: {redact_text(exc.detail)}", err=True)
        raise typer.Exit(1) from None


def register(app: typer.Typer) -> None:
    """Attach this group's commands to the root app."""
    app.command("worker")(worker)
