"""Source-database connections and bulk catalog reads (PostgreSQL first).

A connection is passed around as a *reference* -- `{"connection_id": ...}` for a stored connection, or
`{"connection_string_encrypted": ...}` for one given in a request -- plus a `display_url` without the
password. Only `resolve_connection_string` turns a reference back into the secret, right before
connecting, so graph state, checkpoints, logs and errors never hold it.
"""

from __future__ import annotations

import os
import re
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine.reflection import ObjectKind
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.sql import sqltypes
from tdm_core.errors import DependencyUnavailableError, InvalidInputError, TDMError
from tdm_core.redaction import redact_text, redact_url
from tdm_metadata_store.crypto import decrypt, encrypt
from tdm_metadata_store.repositories.connections import ConnectionRepository, display_url
from tdm_metadata_store.settings import sqlalchemy_url

# pg_class.relkind -> the `kind` we store (tables.kind).
RELKINDS = {
    "r": "table",
    "p": "partitioned_table",
    "v": "view",
    "m": "materialized_view",
    "f": "foreign_table",
}
CONNECT_TIMEOUT_SECONDS = 10
# Driver messages that mean the request is wrong (retrying cannot help).
_PERMANENT_CONNECT_ERRORS = re.compile(
    r"password authentication failed|no password supplied|does not exist|could not translate host name|"
    r"failed to resolve host|name or service not known|invalid (dsn|connection option|integer value)|"
    r"pg_hba\.conf|permission denied|SSL is not enabled|certificate",
    re.IGNORECASE,
)

TableKey = str  # "schema.table"


def table_key(schema: str, name: str) -> TableKey:
    return f"{schema}.{name}"


# --- references ----------------------------------------------------------------------------------


def connection_reference(
    *, connection_string: str | None = None, connection_id: str | uuid.UUID | None = None
) -> dict[str, Any]:
    """A secret-free handle on a source connection, safe to keep in graph state."""
    if connection_id is not None:
        return {"connection_id": str(connection_id)}
    if not connection_string:
        raise InvalidInputError("a source connection_string or connection_id is required")
    _require_postgres(connection_string)
    return {
        "connection_string_encrypted": encrypt(connection_string),
        "display_url": display_url(connection_string),
    }


def resolve_connection_string(reference: dict[str, Any], session: Session) -> str:
    """The clear connection string behind a reference (for connecting only; never log it)."""
    if reference.get("connection_id"):
        try:
            connection_id = uuid.UUID(str(reference["connection_id"]))
        except ValueError:
            raise InvalidInputError(f"connection_id {reference['connection_id']!r} is not a UUID") from None
        connection_string = ConnectionRepository(session).reveal_connection_string(connection_id)
        _require_postgres(connection_string)
        return connection_string
    encrypted = reference.get("connection_string_encrypted")
    if isinstance(encrypted, str) and encrypted:
        return decrypt(encrypted)
    raise InvalidInputError(
        "the source connection reference names neither a connection_id nor a connection string"
    )


def describe_reference(reference: dict[str, Any], session: Session | None = None) -> str:
    """Password-free text naming the source, for messages."""
    if reference.get("display_url"):
        return str(reference["display_url"])
    if reference.get("connection_id"):
        if session is not None:
            row = ConnectionRepository(session).get(uuid.UUID(str(reference["connection_id"])))
            if row is not None:
                return f"connection {row.name!r} ({row.display_url or 'no address'})"
        return f"connection {reference['connection_id']}"
    return "the source database"


def _require_postgres(connection_string: str) -> None:
    scheme = connection_string.split("://", 1)[0].lower() if "://" in connection_string else ""
    base = scheme.split("+", 1)[0]
    if base not in ("postgresql", "postgres"):
        shown = f"{base!r}" if base else "a string without a URL scheme"
        raise InvalidInputError(
            f"schema discovery supports PostgreSQL sources only (postgresql://user:password@host:5432/db), "
            f"not {shown}"
        )


# --- engines -------------------------------------------------------------------------------------

_engines: dict[tuple[int, str], Engine] = {}
_engines_lock = threading.Lock()


def source_engine(connection_string: str) -> Engine:
    """One engine per source URL per process (a forked worker never reuses its parent's sockets).

    A pool of one connection: a discovery's nodes run one after another and reuse it. The caller
    that owns the job ends with `dispose_source_engines()`, so no connection to a production source
    stays open after a job (or while a job waits days for an approval).
    """
    key = (os.getpid(), connection_string)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = create_engine(
                sqlalchemy_url(connection_string),
                pool_size=1,
                max_overflow=2,
                pool_pre_ping=True,
                # No hstore adaptation needed: saves a catalog query on every new connection.
                use_native_hstore=False,
                connect_args={
                    "connect_timeout": CONNECT_TIMEOUT_SECONDS,
                    "application_name": "tdm-discovery",
                },
            )
            event.listen(engine, "connect", _abort_when_client_leaves)
            _engines[key] = engine
        return engine


def _abort_when_client_leaves(dbapi_connection: Any, _record: Any) -> None:
    """PostgreSQL 14+: have the server check the client every few seconds during a long query.

    Without it, a profile query whose worker was killed (a cancelled job) keeps running on the
    source until it finishes: a 20-minute scan on a production database nobody is waiting for.
    """
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("SELECT current_setting('server_version_num')::int >= 140000")
        row = cursor.fetchone()
        if row and row[0]:
            cursor.execute("SET client_connection_check_interval = '2s'")
    finally:
        cursor.close()
    dbapi_connection.commit()


def dispose_source_engines() -> int:
    """Close every source connection this process holds; returns how many engines were open."""
    with _engines_lock:
        mine = [key for key in _engines if key[0] == os.getpid()]
        engines = [_engines.pop(key) for key in mine]
    for engine in engines:
        engine.dispose()
    return len(engines)


@contextmanager
def translate_source_errors(source: str, action: str) -> Iterator[None]:
    """Driver errors -> TDMErrors that name the source without its password.

    Connection refused / timeouts / server restarts are retryable; a wrong password, database, host
    name or a missing privilege is not.
    """
    try:
        yield
    except TDMError:
        raise
    except (SQLAlchemyError, OSError) as exc:
        orig = exc.orig if isinstance(exc, DBAPIError) else exc
        reason = _first_line(redact_text(str(orig)))
        message = f"{action} failed on the source database {redact_url(source)}: {reason}"
        sqlstate = getattr(orig, "sqlstate", None)
        if isinstance(exc, DBAPIError) and sqlstate and not _transient_sqlstate(str(sqlstate)):
            # The server answered with an error about the request itself (syntax, privilege, ...).
            raise InvalidInputError(message) from None
        if _PERMANENT_CONNECT_ERRORS.search(str(orig)):
            raise InvalidInputError(message) from None
        raise DependencyUnavailableError(message) from None


def _transient_sqlstate(code: str) -> bool:
    # connection exception, insufficient resources, admin shutdown, serialization failure, deadlock
    return code.startswith(("08", "53", "57P")) or code in ("40001", "40P01")


def _first_line(message: str) -> str:
    # libpq prefixes "connection failed: connection to server at ... failed: FATAL:  <reason>".
    flat = " ".join(part.strip() for part in message.strip().splitlines() if part.strip())
    flat = re.sub(r"\s+", " ", flat)
    return flat[:500] or "unknown error"


# --- catalog reads -------------------------------------------------------------------------------


def check_connection(engine: Engine, schemas: Sequence[str], source: str) -> dict[str, Any]:
    """Connect, read server facts, and check that the requested schemas exist."""
    with translate_source_errors(source, "connecting"), engine.connect() as conn:
        row = conn.execute(
            text("SELECT current_database(), current_user, current_setting('server_version')")
        ).one()
        present = set(
            conn.execute(
                text("SELECT nspname FROM pg_namespace WHERE nspname = ANY(:names)"), {"names": list(schemas)}
            ).scalars()
        )
    missing = [name for name in schemas if name not in present]
    if missing:
        raise InvalidInputError(
            f"schema(s) {', '.join(map(repr, missing))} do not exist "
            f"in database {row[0]!r} at {redact_url(source)}"
        )
    return {
        "database": row[0],
        "user": row[1],
        "server_version": row[2],
        "schemas": list(schemas),
        "source": source,
    }


_TABLES_SQL = text(
    """
    SELECT n.nspname AS schema, c.relname AS name, c.relkind AS relkind, c.relispopulated AS populated,
           obj_description(c.oid, 'pg_class') AS comment
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ANY(:schemas)
      AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND NOT c.relispartition
    ORDER BY n.nspname, c.relname
    """
)


def list_tables(engine: Engine, schemas: Sequence[str], source: str) -> list[dict[str, Any]]:
    """Tables, partitioned tables, views, materialized views and foreign tables of the schemas.

    Partitions are left out: they are storage of their parent, which is listed (with its rows).
    """
    with translate_source_errors(source, "listing tables"), engine.connect() as conn:
        rows = conn.execute(_TABLES_SQL, {"schemas": list(schemas)}).mappings().all()
    tables = []
    for r in rows:
        table = {
            "schema": r["schema"],
            "name": r["name"],
            "kind": RELKINDS[r["relkind"]],
            "comment": r["comment"],
        }
        if not r["populated"]:
            # A materialized view never refreshed cannot be read (counting it raises an error).
            table["populated"] = False
        tables.append(table)
    return tables


# First match wins: ARRAY before String (arrays of text), Enum before String (Enum subclasses it).
_CATEGORIES: tuple[tuple[tuple[type[Any], ...], str], ...] = (
    ((sqltypes.ARRAY,), "array"),
    ((sqltypes.Boolean,), "boolean"),
    ((sqltypes.Integer, sqltypes.Numeric), "numeric"),
    ((sqltypes.Date, sqltypes.DateTime, sqltypes.Time, sqltypes.Interval), "datetime"),
    ((sqltypes.Enum,), "enum"),
    ((sqltypes.String,), "string"),  # Text, VARCHAR, CHAR, CITEXT
    ((sqltypes.Uuid,), "uuid"),
    ((sqltypes.JSON,), "json"),
    ((sqltypes.LargeBinary,), "binary"),
)


def type_category(sa_type: Any) -> str:
    """Coarse type family used by profiling and type inference."""
    for classes, category in _CATEGORIES:
        if isinstance(sa_type, classes):
            return category
    # Domains reflect as a type wrapping their base type.
    base = getattr(sa_type, "data_type", None)
    if base is not None and base is not sa_type:
        return type_category(base)
    return "other"


def _type_name(sa_type: Any, engine: Engine) -> str:
    try:
        return str(sa_type.compile(dialect=engine.dialect)).lower()
    except Exception:  # a type SQLAlchemy reflects but cannot render (NullType for unknown types)
        return str(getattr(sa_type, "name", None) or type(sa_type).__name__).lower()


def _type_details(column: dict[str, Any]) -> dict[str, Any] | None:
    sa_type = column["type"]
    details: dict[str, Any] = {}
    if isinstance(sa_type, sqltypes.Enum) and sa_type.enums:
        details["enum_labels"] = list(sa_type.enums)
    if isinstance(sa_type, sqltypes.ARRAY):
        details["item_type"] = str(sa_type.item_type).lower()
    base = getattr(sa_type, "data_type", None)
    if base is not None and base is not sa_type and not isinstance(sa_type, sqltypes.ARRAY):
        details["domain_base_type"] = str(base).lower()
    if column.get("identity"):
        details["identity"] = {k: v for k, v in column["identity"].items() if isinstance(v, str | int | bool)}
    if column.get("computed"):
        details["generated"] = str(column["computed"].get("sqltext"))
    default = column.get("default")
    if isinstance(default, str) and default.startswith("nextval("):
        details["serial"] = True
    return details or None


def list_columns(engine: Engine, tables: Sequence[dict[str, Any]], source: str) -> list[dict[str, Any]]:
    """All columns of `tables`, one bulk reflection per schema (get_multi_columns)."""
    by_schema: dict[str, list[str]] = {}
    for table in tables:
        by_schema.setdefault(table["schema"], []).append(table["name"])
    result: list[dict[str, Any]] = []
    with translate_source_errors(source, "reading columns"), engine.connect() as conn:
        inspector = inspect(conn)
        for schema, names in by_schema.items():
            reflected = inspector.get_multi_columns(schema=schema, filter_names=names, kind=ObjectKind.ANY)
            for name in names:
                for position, column in enumerate(reflected.get((schema, name), []), start=1):
                    result.append(
                        {
                            "schema": schema,
                            "table": name,
                            "name": column["name"],
                            "data_type": _type_name(column["type"], engine),
                            "category": type_category(column["type"]),
                            "nullable": bool(column.get("nullable", True)),
                            "default": column.get("default"),
                            "ordinal_position": position,
                            "type_details": _type_details(dict(column)),
                            "comment": column.get("comment"),
                        }
                    )
    return result
