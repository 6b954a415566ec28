"""`tdm-db`: migrate and check the metadata database.

    tdm-db upgrade [--to REV]        apply migrations (default: head)
    tdm-db downgrade [--to REV]      undo migrations (default: one step; `--to base` drops everything)
    tdm-db current                   revision of the database and of the code
    tdm-db check                     exit 1 and list the differences when models and database differ

The URL comes from `--database-url` or `DATABASE_URL` (settings). The plain functions below are what
the `tdm db` Typer group calls; they return data and raise `TDMError`, they never print or exit.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from tdm_core.errors import TDMError
from tdm_core.redaction import redact_url

from tdm_metadata_store import migrations
from tdm_metadata_store.settings import MetadataStoreSettings


@dataclass(frozen=True)
class RevisionStatus:
    database_url: str  # redacted, safe to print
    current: str | None
    head: str | None

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def resolve_url(url: str | None = None) -> str:
    return url or MetadataStoreSettings.load().database_url


def db_upgrade(url: str | None = None, revision: str = "head") -> RevisionStatus:
    resolved = resolve_url(url)
    migrations.upgrade(resolved, revision)
    return db_current(resolved)


def db_downgrade(url: str | None = None, revision: str = "-1") -> RevisionStatus:
    resolved = resolve_url(url)
    migrations.downgrade(resolved, revision)
    return db_current(resolved)


def db_current(url: str | None = None) -> RevisionStatus:
    resolved = resolve_url(url)
    return RevisionStatus(
        database_url=redact_url(resolved),
        current=migrations.current_revision(resolved),
        head=migrations.head_revision(),
    )


def db_check(url: str | None = None) -> list[str]:
    """Differences between models and database, one line each; empty when they match."""
    return migrations.describe_diff(migrations.pending_model_diff(resolve_url(url)))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tdm-db", description="Migrate and check the TDM metadata database."
    )
    parser.add_argument(
        "--database-url", help="PostgreSQL URL (default: DATABASE_URL from the environment or stack.env)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show Alembic's progress messages")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    up = sub.add_parser("upgrade", help="apply migrations")
    up.add_argument("--to", default="head", metavar="REV", help="target revision (default: head)")
    down = sub.add_parser("downgrade", help="undo migrations")
    down.add_argument(
        "--to",
        default="-1",
        metavar="REV",
        help="target revision, or 'base' to drop every table (default: -1)",
    )
    sub.add_parser("current", help="show the database's and the code's revision")
    sub.add_parser("check", help="exit 1 when models and database differ")
    return parser


def _print_status(status: RevisionStatus) -> None:
    print(f"database: {status.database_url}")
    print(f"current:  {status.current or '(none: not migrated)'}")
    print(f"head:     {status.head}")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # Alembic narrates every step at INFO; the summary printed below is enough unless asked.
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    url: str | None = args.database_url
    try:
        if args.command in ("upgrade", "downgrade"):
            before = db_current(url).current
            run = db_upgrade if args.command == "upgrade" else db_downgrade
            status = run(url, args.to)
            print(f"{args.command}: {before or 'base'} -> {status.current or 'base'}")
            _print_status(status)
        elif args.command == "current":
            status = db_current(url)
            _print_status(status)
            if not status.up_to_date:
                print("pending migrations: run `tdm-db upgrade`")
        else:
            differences = db_check(url)
            if differences:
                print(f"models and database differ ({len(differences)}):")
                for line in differences:
                    print(f"  {line}")
                return 1
            print("models and database match")
    except TDMError as exc:
        print(f"error: {exc.detail}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
