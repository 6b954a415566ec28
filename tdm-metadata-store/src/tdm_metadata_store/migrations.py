"""Programmatic Alembic: the API, the worker, `tdm-db`, `tdm db` and the tests all migrate through here.

The scripts live inside the package (`tdm_metadata_store:alembic`) so an installed wheel can migrate
without a checkout; `tdm-metadata-store/alembic.ini` points the plain `alembic` command at the same place.
The database URL is never written into a config file: it comes from the caller or from `DATABASE_URL`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine, create_engine
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.pool import NullPool
from tdm_core.errors import DependencyUnavailableError, InvalidInputError
from tdm_core.redaction import redact_text, redact_url

from tdm_metadata_store.models import Base
from tdm_metadata_store.settings import MetadataStoreSettings, sqlalchemy_url

SCRIPT_LOCATION = "tdm_metadata_store:alembic"
# Key of `Config.attributes` carrying the URL from the caller to env.py (attributes are not
# interpolated like ini options, so a percent-encoded password survives).
URL_ATTRIBUTE = "tdm_database_url"
# Tables other components keep in the same database (LangGraph's PostgresSaver checkpoints). They are
# not ours to create or drop, so autogenerate and `tdm-db check` ignore them.
EXTERNAL_TABLES = frozenset({"checkpoints", "checkpoint_blobs", "checkpoint_writes", "checkpoint_migrations"})
# pg_advisory_xact_lock key: the API and workers starting together migrate one at a time.
MIGRATION_LOCK_KEY = 0x7D4D_0001


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Autogenerate filter: leave other components' tables alone."""
    del obj, reflected, compare_to
    return not (type_ == "table" and name in EXTERNAL_TABLES)


def comparison_options() -> dict[str, Any]:
    """Options shared by env.py (autogenerate) and `pending_model_diff` so both see the same drift."""
    return {
        "target_metadata": Base.metadata,
        "compare_type": True,
        "compare_server_default": True,
        "include_object": include_object,
    }


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config for our scripts; `url=None` means `DATABASE_URL` from the settings."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    # Readable file names: versions/0002_add_foo.py (the revision id is given with --rev-id).
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    config.set_main_option("path_separator", "os")
    if url is not None:
        config.attributes[URL_ATTRIBUTE] = url
    return config


def database_url(config: Config) -> str:
    """URL for env.py: the caller's, else the settings' (never an ini file's)."""
    url = config.attributes.get(URL_ATTRIBUTE)
    if isinstance(url, str) and url:
        return url
    return MetadataStoreSettings.load().database_url


def _engine(url: str) -> Engine:
    # NullPool: a migration or a check is one short connection; nothing to keep open afterwards.
    return create_engine(sqlalchemy_url(url), poolclass=NullPool)


@contextmanager
def translate_errors(url: str) -> Iterator[None]:
    """Driver connection errors -> 503-style error with the password redacted; bad revisions -> 422."""
    try:
        yield
    except CommandError as exc:
        raise InvalidInputError(f"migration command failed: {exc}") from None
    except (OperationalError, InterfaceError) as exc:
        reason = redact_text(str(exc.orig) if exc.orig is not None else str(exc)).strip().splitlines()
        raise DependencyUnavailableError(
            f"cannot use the metadata database at {redact_url(url)}: {reason[0] if reason else 'error'}"
        ) from None


def upgrade_to_head(url: str | None = None) -> str | None:
    """Apply every pending migration; returns the revision the database is at afterwards."""
    return upgrade(url, "head")


def upgrade(url: str | None = None, revision: str = "head") -> str | None:
    config = alembic_config(url)
    resolved = database_url(config)
    with translate_errors(resolved):
        command.upgrade(config, revision)
    return current_revision(resolved)


def downgrade_to_base(url: str | None = None) -> None:
    """Drop every table the migrations created (leaves only an empty `alembic_version`)."""
    downgrade(url, "base")


def downgrade(url: str | None = None, revision: str = "-1") -> str | None:
    config = alembic_config(url)
    resolved = database_url(config)
    with translate_errors(resolved):
        command.downgrade(config, revision)
    return current_revision(resolved)


def current_revision(url: str | None = None) -> str | None:
    """The revision recorded in the database, or None for a database never migrated."""
    resolved = url or MetadataStoreSettings.load().database_url
    engine = _engine(resolved)
    try:
        with translate_errors(resolved), engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def head_revision() -> str | None:
    """The newest revision shipped with this package."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def is_up_to_date(url: str | None = None) -> bool:
    return current_revision(url) == head_revision()


def pending_model_diff(url: str | None = None) -> list[Any]:
    """Differences between the models and the live database, as Alembic autogenerate reports them.

    Empty means the migrations produce exactly what the models describe. Entries are Alembic's diff
    tuples (or lists of tuples for column changes); `describe_diff` turns them into text.
    """
    resolved = url or MetadataStoreSettings.load().database_url
    engine = _engine(resolved)
    try:
        with translate_errors(resolved), engine.connect() as conn:
            options = comparison_options()
            options.pop("target_metadata")
            context = MigrationContext.configure(conn, opts=options)
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def describe_diff(diff: Sequence[Any]) -> list[str]:
    """One readable line per difference, e.g. `add_column: columns.comment`."""
    lines: list[str] = []
    for entry in diff:
        # Column modifications come as a list of tuples, one per changed attribute.
        for item in entry if isinstance(entry, list) else [entry]:
            lines.append(_describe_item(tuple(item)))
    return lines


def _describe_item(item: tuple[Any, ...]) -> str:
    op = item[0]
    if op in ("add_table", "remove_table"):
        return f"{op}: {item[1].name}"
    if op in ("add_column", "remove_column"):
        return f"{op}: {item[2]}.{item[3].name}"
    if op.startswith("modify_"):
        # (op, schema, table, column, info, existing, new)
        return f"{op}: {item[2]}.{item[3]} {_render(item[5])} -> {_render(item[6])}"
    if op in ("add_index", "remove_index", "add_constraint", "remove_constraint"):
        target = item[1]
        table = getattr(getattr(target, "table", None), "name", "?")
        return f"{op}: {table}.{target.name}"
    if op in ("add_fk", "remove_fk"):
        return f"{op}: {item[1].parent.name}.{item[1].name}"
    return f"{op}: {item[1:]!r}"


def _render(value: Any) -> str:
    """Server defaults arrive wrapped (DefaultClause around a TextClause or a string)."""
    value = getattr(value, "arg", value)
    value = getattr(value, "text", value)
    return repr(value) if isinstance(value, str) or value is None else str(value)


def create_revision(message: str, *, rev_id: str, autogenerate: bool = True, url: str | None = None) -> None:
    """Write a new revision file (developers only: the scripts live in the source tree)."""
    config = alembic_config(url)
    with translate_errors(database_url(config)):
        command.revision(config, message=message, autogenerate=autogenerate, rev_id=rev_id)
