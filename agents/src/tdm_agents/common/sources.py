"""Source databases: connection references, engines and error translation, for every agent.

A source connection is passed around as a *reference* -- `{"connection_id": ...}` for a stored
connection, or `{"connection_string_encrypted": ..., "display_url": ...}` for one given inline -- never
as the secret. Only `resolve_connection_string` turns a reference back into the secret, right before
connecting, so graph state, checkpoints, logs and errors never hold it. `open_source` is what an agent
calls: reference in, (cached engine, password-free description) out.

Supported sources: PostgreSQL (psycopg 3), MySQL / MariaDB (PyMySQL) and SQLite.
"""

from __future__ import annotations

import os
import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DataError,
    DBAPIError,
    IntegrityError,
    NoSuchModuleError,
    ProgrammingError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session
from tdm_core.errors import DependencyUnavailableError, InvalidInputError, TDMError
from tdm_core.redaction import redact_text, redact_url
from tdm_metadata_store.crypto import decrypt, encrypt
from tdm_metadata_store.repositories.connections import ConnectionRepository, display_url
from tdm_metadata_store.settings import sqlalchemy_url

CONNECT_TIMEOUT_SECONDS = 10
# URL scheme (before any +driver) -> dialect family; the driver we pick when none is named.
_SCHEMES = {
    "postgresql": ("postgresql", "psycopg"),
    "postgres": ("postgresql", "psycopg"),
    "mysql": ("mysql", "pymysql"),
    "mariadb": ("mysql", "pymysql"),
    "sqlite": ("sqlite", None),
}
# Driver messages that mean the request is wrong (retrying cannot help).
_PERMANENT_CONNECT_ERRORS = re.compile(
    r"password authentication failed|no password supplied|does not exist|could not translate host name|"
    r"failed to resolve host|name or service not known|invalid (dsn|connection option|integer value)|"
    r"pg_hba\.conf|permission denied|SSL is not enabled|certificate|access denied|unknown database|"
    r"unable to open database file|file is not a database",
    re.IGNORECASE,
)


def dialect_family(engine_or_conn: Engine | Connection) -> str:
    """ "postgresql", "mysql" (MySQL and MariaDB) or "sqlite"."""
    name = engine_or_conn.dialect.name
    return "mysql" if name in ("mysql", "mariadb") else name


# --- references ----------------------------------------------------------------------------------


def connection_reference(
    *, connection_string: str | None = None, connection_id: str | uuid.UUID | None = None
) -> dict[str, Any]:
    """A secret-free handle on a source connection, safe to keep in graph state."""
    if connection_id is not None:
        return {"connection_id": str(connection_id)}
    if not connection_string:
        raise InvalidInputError("a source connection_string or connection_id is required")
    source_family(connection_string)
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
        source_family(connection_string)
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


def source_family(connection_string: str) -> str:
    """The dialect family of a connection string; InvalidInputError for anything we cannot discover."""
    scheme = connection_string.split("://", 1)[0].lower() if "://" in connection_string else ""
    base = scheme.split("+", 1)[0]
    if base not in _SCHEMES:
        shown = f"{base!r}" if base else "a string without a URL scheme"
        raise InvalidInputError(
            "schema discovery supports PostgreSQL (postgresql://user:password@host:5432/db), "
            "MySQL/MariaDB (mysql://user:password@host:3306/db) and SQLite (sqlite:///path/file.db) "
            f"sources, not {shown}"
        )
    return _SCHEMES[base][0]


def engine_url(connection_string: str) -> str:
    """The SQLAlchemy URL: plain schemes get the driver this project ships (psycopg 3, PyMySQL)."""
    family = source_family(connection_string)
    if family == "postgresql":
        return sqlalchemy_url(connection_string)
    scheme, rest = connection_string.split("://", 1)
    if "+" not in scheme and _SCHEMES[scheme.lower()][1]:
        return f"{scheme.lower()}+{_SCHEMES[scheme.lower()][1]}://{rest}"
    return connection_string


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
            engine = _create_engine(connection_string)
            _engines[key] = engine
        return engine


def _create_engine(connection_string: str) -> Engine:
    family = source_family(connection_string)
    url = engine_url(connection_string)
    try:
        if family == "sqlite":
            database = make_url(url).database
            in_file = database and database != ":memory:" and not database.startswith("file:")
            if in_file and not Path(str(database)).is_file():
                # SQLite would silently create an empty database: say what is wrong instead.
                raise InvalidInputError(f"SQLite database file {database!r} does not exist")
            return create_engine(url, connect_args={"timeout": CONNECT_TIMEOUT_SECONDS})
        if family == "mysql":
            return create_engine(
                url,
                pool_size=1,
                max_overflow=2,
                pool_pre_ping=True,
                connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
            )
        engine = create_engine(
            url,
            pool_size=1,
            max_overflow=2,
            pool_pre_ping=True,
            # No hstore adaptation needed: saves a catalog query on every new connection.
            use_native_hstore=False,
            connect_args={
                "connect_timeout": CONNECT_TIMEOUT_SECONDS,
                "application_name": "tdm",
            },
        )
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise InvalidInputError(
            f"invalid source connection string {redact_url(connection_string)}: {redact_text(str(exc))}"
        ) from None
    event.listen(engine, "connect", _abort_when_client_leaves)
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
        if isinstance(exc, ProgrammingError | IntegrityError | DataError):
            raise InvalidInputError(message) from None  # drivers without SQLSTATE (PyMySQL, sqlite3)
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


def open_source(reference: dict[str, Any], session: Session) -> tuple[Engine, str]:
    """The (per-process cached) engine behind a reference, and a password-free name for messages."""
    engine = source_engine(resolve_connection_string(reference, session))
    return engine, describe_reference(reference, session)
