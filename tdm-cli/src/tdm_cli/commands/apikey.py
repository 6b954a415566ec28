"""`tdm apikey create|list|revoke`: manage API keys directly in the metadata store.

This is how the first admin key of an installation is made (or set API_SECRET_KEY and use the API).
The clear key is printed once, by `create`; only its SHA-256 is stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated

import typer

apikey_app = typer.Typer(
    name="apikey", help="Create, list and revoke API keys (X-API-Key).", no_args_is_help=True
)


class Role(StrEnum):
    admin = "admin"
    operator = "operator"
    viewer = "viewer"


@contextmanager
def _clear_errors() -> Iterator[None]:
    """Platform errors and an unreachable database as one readable line, not a traceback."""
    from sqlalchemy.exc import InterfaceError, OperationalError
    from tdm_core.errors import TDMError
    from tdm_core.redaction import redact_url
    from tdm_metadata_store.settings import MetadataStoreSettings

    try:
        yield
    except TDMError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(code=1) from None
    except (OperationalError, InterfaceError):
        url = redact_url(MetadataStoreSettings.load().database_url)
        typer.echo(
            f"error: cannot reach the metadata database at {url} (is it running and migrated?)", err=True
        )
        raise typer.Exit(code=1) from None


@apikey_app.command("create")
def create(
    name: Annotated[str, typer.Option("--name", "-n", help="Who or what uses the key (recorded on jobs).")],
    role: Annotated[Role, typer.Option("--role", "-r", help="admin, operator or viewer.")] = Role.viewer,
) -> None:
    """Create a key and print it once."""
    from tdm_metadata_store.db import session_scope
    from tdm_metadata_store.repositories.api_keys import ApiKeyRepository

    if not name.strip():
        raise typer.BadParameter("must not be empty", param_hint="--name")
    with _clear_errors(), session_scope() as session:
        row, clear = ApiKeyRepository(session).create(
            name=name.strip(), role=role.value, created_by="tdm-cli"
        )
        key_id = row.id
    typer.echo(f"created API key {key_id} ({name.strip()}, {role.value})", err=True)
    typer.echo("store it now, it is not shown again:", err=True)
    typer.echo(clear)


@apikey_app.command("list")
def list_keys() -> None:
    """List keys (prefix, role, last use); never the keys themselves."""
    from tdm_metadata_store.db import session_scope
    from tdm_metadata_store.repositories.api_keys import ApiKeyRepository

    with _clear_errors(), session_scope() as session:
        rows = ApiKeyRepository(session).list()
        lines = [
            "\t".join(
                [
                    str(row.id),
                    row.name,
                    row.role,
                    f"{row.key_prefix}...",
                    f"last used {row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "never used",
                    "REVOKED" if row.revoked_at else "active",
                ]
            )
            for row in rows
        ]
    if not lines:
        typer.echo("no API keys; create one with: tdm apikey create --name NAME --role admin", err=True)
    for line in lines:
        typer.echo(line)


@apikey_app.command("revoke")
def revoke(key_id: Annotated[str, typer.Argument(help="Id of the key (see `tdm apikey list`).")]) -> None:
    """Revoke a key: requests with it get 401 from then on."""
    from tdm_metadata_store.db import session_scope
    from tdm_metadata_store.repositories.api_keys import ApiKeyRepository

    try:
        parsed = uuid.UUID(key_id)
    except ValueError:
        raise typer.BadParameter("must be a key id such as 1b4e28ba-2fa1-11d2-883f-0016d3cca427") from None
    with _clear_errors(), session_scope() as session:
        repo = ApiKeyRepository(session)
        known = any(row.id == parsed for row in repo.list())
        revoked = repo.revoke(parsed)
    if not known:
        typer.echo(f"no API key {parsed}", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"revoked {parsed}" if revoked else f"{parsed} was already revoked")


def register(app: typer.Typer) -> None:
    """Attach this group's commands to the root app."""
    app.add_typer(apikey_app)
