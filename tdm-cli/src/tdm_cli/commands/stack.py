"""`tdm up`, `tdm down`, `tdm status`: the local stack (embedded, or the services you configured)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from tdm_core.errors import TDMError
from tdm_core.redaction import redact_text

from tdm_cli.stack.config import StackConfig
from tdm_cli.stack.supervisor import ServiceStatus, Stack

HomeOption = Annotated[
    Path | None,
    typer.Option("--home", help="Folder for data, logs and secrets (default: $TDM_HOME, else ~/.tdm)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead of a table.")]


def _progress(message: str) -> None:
    typer.echo(message, err=True)


def _fail(exc: TDMError) -> typer.Exit:
    typer.echo(f"error: {redact_text(exc.detail)}", err=True)
    return typer.Exit(1)


def _table(statuses: Sequence[ServiceStatus], *, with_reachable: bool) -> str:
    header = ["SERVICE", "SOURCE", "ADDRESS", "STATE"]
    if with_reachable:
        header.append("REACHABLE")
    header.append("PID")
    rows = [header]
    for status in statuses:
        row = [status.label, status.source, status.address, status.state]
        if with_reachable:
            row.append({True: "yes", False: "no", None: "-"}[status.reachable])
        row.append(str(status.pid) if status.pid else "-")
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    notes = [f"  {s.label}: {s.detail}" for s in statuses if s.detail]
    return "\n".join(lines + notes)


def _emit_json(payload: dict[str, Any]) -> None:
    typer.echo(json.dumps(payload, indent=2))


def up(
    *,
    pg_port: Annotated[
        int | None, typer.Option(help="Embedded PostgreSQL port (default 55432, or $TDM_PG_PORT).")
    ] = None,
    redis_port: Annotated[
        int | None, typer.Option(help="Embedded Redis port (default 56379, or $TDM_REDIS_PORT).")
    ] = None,
    s3_port: Annotated[
        int | None,
        typer.Option(
            help="Embedded S3 port (default 58333, or $TDM_S3_PORT); SeaweedFS also uses the 8 after it."
        ),
    ] = None,
    api_port: Annotated[int | None, typer.Option(help="API port (default 8000, or $TDM_API_PORT).")] = None,
    with_app: Annotated[
        bool, typer.Option("--with-app/--no-app", help="Also run the API and a worker (when installed).")
    ] = True,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Start what is missing: PostgreSQL, Redis and S3 on 127.0.0.1, then migrate, then the API and a worker.

    A service configured in the environment or ./.env (DATABASE_URL, REDIS_URL, MINIO_ENDPOINT /
    S3_ENDPOINT_URL) that answers is used as it is ("external") and never stopped by `tdm down`.
    """
    try:
        config = StackConfig.resolve(
            home=home, pg_port=pg_port, redis_port=redis_port, s3_port=s3_port, api_port=api_port
        )
        result = Stack(config, progress=_progress).up(with_app=with_app)
    except TDMError as exc:
        raise _fail(exc) from None
    if as_json:
        _emit_json(
            {
                "home": str(config.home),
                "env_file": str(config.paths.stack_env),
                "services": [s.to_json() for s in result.statuses],
                "warnings": result.warnings,
            }
        )
        return
    typer.echo(_table(result.statuses, with_reachable=False))
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"\nSettings for other processes: {config.paths.stack_env}  (logs: {config.paths.logs})")


def down(home: HomeOption = None, as_json: JsonOption = False) -> None:
    """Stop what `tdm up` started (never an external service). Data stays for the next `tdm up`."""
    try:
        config = StackConfig.resolve(home=home)
        statuses = Stack(config, progress=_progress).down()
    except TDMError as exc:
        raise _fail(exc) from None
    if as_json:
        _emit_json({"home": str(config.home), "services": [s.to_json() for s in statuses]})
        return
    typer.echo(_table(statuses, with_reachable=False))


def status(home: HomeOption = None, as_json: JsonOption = False) -> None:
    """Report each service (embedded / external / not running) and whether it answers.

    Exits 1 when any of them is down.
    """
    try:
        config = StackConfig.resolve(home=home)
        statuses = Stack(config).status()
    except TDMError as exc:
        raise _fail(exc) from None
    healthy = not any(s.is_down for s in statuses)
    if as_json:
        _emit_json(
            {"home": str(config.home), "healthy": healthy, "services": [s.to_json() for s in statuses]}
        )
    else:
        typer.echo(_table(statuses, with_reachable=True))
    if not healthy:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Attach this group's commands to the root app."""
    app.command("up")(up)
    app.command("down")(down)
    app.command("status")(status)
