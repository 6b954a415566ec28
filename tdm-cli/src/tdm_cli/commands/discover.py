"""`tdm discover <connection-url>`: discover a source database's schema, in this process.

The job is submitted like the API submits it (user "cli"; the connection string is stored encrypted as
a connection, so a later `tdm pii classify` can sample the source) and run through the same runner a
worker uses (`tdm_orchestrator.runner.run_job`), so no API and no worker need to run.
"""

from __future__ import annotations

from typing import Annotated

import typer

from tdm_cli.jobrunner import JsonOption, clear_errors, emit_json, require_completed, run_in_process


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
        typer.Option(
            "--schema", "-s", help="Database schema to discover (repeatable; default: every non-system one)."
        ),
    ] = None,
    no_stats: Annotated[
        bool, typer.Option("--no-stats", help="Skip statistics (row counts from the catalog only).")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Discover tables, columns, keys and statistics; print the new schema version and its counts."""
    with clear_errors():
        from tdm_agents.schema_discovery.contract import DiscoverRequest

        body = DiscoverRequest.model_validate(
            {"connection_string": connection_url, "schemas": schema or None, "include_stats": not no_stats}
        )
        outcome = run_in_process({"discover": body}, progress=not as_json)
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
