"""`tdm db upgrade|downgrade|current|check`: migrations of the metadata database.

The database is DATABASE_URL from the environment, ./.env or $TDM_HOME/stack.env (what `tdm up` wrote),
unless --database-url is given. The work is done by `tdm_metadata_store.cli`, shared with `tdm-db`.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated

import typer
from tdm_core.errors import TDMError
from tdm_core.redaction import redact_text

db_app = typer.Typer(
    name="db", help="Migrate and check the metadata database.", no_args_is_help=True, add_completion=False
)

UrlOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="PostgreSQL URL (default: DATABASE_URL from the environment, ./.env or $TDM_HOME/stack.env).",
    ),
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Show Alembic's progress messages.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def _logging(verbose: bool) -> None:
    # Alembic narrates every step at INFO; the summary printed at the end is enough unless asked.
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")


def _fail(exc: TDMError) -> typer.Exit:
    typer.echo(f"error: {redact_text(exc.detail)}", err=True)
    return typer.Exit(1)


def _print_status(database: str, current: str | None, head: str | None, as_json: bool) -> None:
    if as_json:
        payload = {"database": database, "current": current, "head": head, "up_to_date": current == head}
        typer.echo(json.dumps(payload, indent=2))
        return
    typer.echo(f"database: {database}")
    typer.echo(f"current:  {current or '(none: not migrated)'}")
    typer.echo(f"head:     {head}")


@db_app.command("upgrade")
def upgrade(
    to: Annotated[str, typer.Option("--to", metavar="REV", help="Target revision.")] = "head",
    database_url: UrlOption = None,
    verbose: VerboseOption = False,
    as_json: JsonOption = False,
) -> None:
    """Apply pending migrations (default: up to the newest)."""
    from tdm_metadata_store import cli

    _logging(verbose)
    try:
        before = cli.db_current(database_url).current
        status = cli.db_upgrade(database_url, to)
    except TDMError as exc:
        raise _fail(exc) from None
    if not as_json:
        typer.echo(f"upgrade: {before or 'base'} -> {status.current or 'base'}")
    _print_status(status.database_url, status.current, status.head, as_json)


@db_app.command("downgrade")
def downgrade(
    to: Annotated[
        str, typer.Option("--to", metavar="REV", help="Target revision; 'base' drops every table.")
    ] = "-1",
    database_url: UrlOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before dropping everything.")] = False,
    verbose: VerboseOption = False,
    as_json: JsonOption = False,
) -> None:
    """Undo migrations (default: one step). `--to base` removes every table of the metadata store."""
    from tdm_metadata_store import cli

    _logging(verbose)
    if to == "base" and not yes:
        typer.confirm("This drops every table of the metadata database. Continue?", abort=True)
    try:
        before = cli.db_current(database_url).current
        status = cli.db_downgrade(database_url, to)
    except TDMError as exc:
        raise _fail(exc) from None
    if not as_json:
        typer.echo(f"downgrade: {before or 'base'} -> {status.current or 'base'}")
    _print_status(status.database_url, status.current, status.head, as_json)


@db_app.command("current")
def current(database_url: UrlOption = None, as_json: JsonOption = False) -> None:
    """Show the revision of the database and of the code."""
    from tdm_metadata_store import cli

    _logging(False)
    try:
        status = cli.db_current(database_url)
    except TDMError as exc:
        raise _fail(exc) from None
    _print_status(status.database_url, status.current, status.head, as_json)
    if not status.up_to_date and not as_json:
        typer.echo("pending migrations: run `tdm db upgrade`")


@db_app.command("check")
def check(database_url: UrlOption = None, as_json: JsonOption = False) -> None:
    """Exit 1 and list the differences when the models and the database differ."""
    from tdm_metadata_store import cli

    _logging(False)
    try:
        differences = cli.db_check(database_url)
    except TDMError as exc:
        raise _fail(exc) from None
    if as_json:
        typer.echo(json.dumps({"match": not differences, "differences": differences}, indent=2))
    elif differences:
        typer.echo(f"models and database differ ({len(differences)}):")
        for line in differences:
            typer.echo(f"  {line}")
    else:
        typer.echo("models and database match")
    if differences:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Attach this group's commands to the root app."""
    app.add_typer(db_app, name="db")
