"""Source databases: connection references, engines and error translation, for every agent.

A source connection is passed around as a *reference* -- `{"connection_id": ...}` for a stored
connection, or `{"connection_string_encrypted": ..., "display_url": ...}` for one given inline -- never
as the secret. Only `resolve_connection_string` turns a reference back into the secret, right before
connecting, so graph state, checkpoints, logs and errors never hold it. `open_source` is what an agent
calls: reference in, (cached engine, password-free description) out.

Supported sources: PostgreSQL (psycopg 3), MySQL / MariaDB (PyMySQL) and SQLite, within the source
policy (`source_policy`), checked again before every engine is made. Every connection is bounded: a
connect timeout, TCP keepalives, a read timeout (MySQL) and a statement timeout, so a wrong address or a
server that never answers costs seconds, not a worker for hours. Connection failures are reported as
"could not connect to host:port (<what happened>)" -- never what the other end sent back -- and are
retryable only when a later attempt may succeed (refused, timed out), never for a wrong password,
database, host name, protocol or TLS setting.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
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

from tdm_agents.common.source_policy import SourcePolicySettings, check_source_allowed, parse_endpoint

# The driver this project ships per dialect family (a URL that names none gets it).
_DRIVERS = {"postgresql": "psycopg", "mysql": "pymysql", "sqlite": None}
# Driver messages that mean the request is wrong (retrying cannot help).
_PERMANENT_CONNECT_ERRORS = re.compile(
    r"password authentication failed|no password supplied|does not exist|could not translate host name|"
    r"failed to resolve host|name or service not known|invalid (dsn|connection option|integer value)|"
    r"pg_hba\.conf|permission denied|SSL is not enabled|certificate|access denied|unknown database|"
    r"unable to open database file|file is not a database",
    re.IGNORECASE,
)
# What happened while connecting, as a short phrase of our own (the driver's text may quote what a
# non-database server answered), and whether a later attempt may succeed. First match wins.
NOT_THIS_DATABASE = "the server there did not answer as this kind of database"
DATABASE_MISSING = "the database does not exist"
_CONNECT_OUTCOMES: tuple[tuple[re.Pattern[str], str, bool], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), phrase, transient)
    for pattern, phrase, transient in (
        (
            r"password authentication failed|no password supplied|access denied|authentication failed",
            "authentication failed",
            False,
        ),
        (r"database \S+ does not exist|unknown database", DATABASE_MISSING, False),
        (
            r"could not translate host name|failed to resolve host|name or service not known|"
            r"nodename nor servname|temporary failure in name resolution|getaddrinfo failed|errno -[23]\b",
            "the host name does not resolve",
            False,
        ),
        (
            r"received invalid response|expected authentication request|unexpected response|"
            r"packet sequence number wrong|malformed packet|bad handshake|unsupported frontend protocol|"
            r"invalid packet",
            NOT_THIS_DATABASE,
            False,
        ),
        (
            r"server does not support SSL|SSL was required|SSL is not enabled|sslmode|certificate|"
            r"SSL error|tlsv1|\bssl\b",
            "TLS/SSL settings do not match the server",
            False,
        ),
        (r"pg_hba\.conf|not allowed to connect", "the server does not accept connections from here", False),
        (r"connection refused|errno 111", "connection refused", True),
        (r"timeout expired|timed out|errno 110", "no answer within the connect timeout", True),
        (
            r"too many connections|remaining connection slots|the database system is starting up|"
            r"shutting down|in recovery mode",
            "the server is busy or restarting",
            True,
        ),
        (r"no route to host|network is unreachable|errno 113|errno 101", "the network cannot reach it", True),
        (r"server closed the connection unexpectedly|lost connection", NOT_THIS_DATABASE, False),
    )
)
# PyMySQL's codes for a handshake that failed after the TCP connection was made: what answered is not
# a MySQL server (its "during query" wording notwithstanding).
_MYSQL_HANDSHAKE_LOST = 2013


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
        connection_string = decrypt(encrypted)
        source_family(connection_string)
        return connection_string
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
    """The dialect family of a connection string ("postgresql", "mysql" or "sqlite"), if the source
    policy allows it; InvalidInputError (422) naming the rule otherwise."""
    return check_source_allowed(connection_string).family


def engine_url(connection_string: str) -> str:
    """The SQLAlchemy URL: plain schemes get the driver this project ships (psycopg 3, PyMySQL)."""
    family = parse_endpoint(connection_string).family
    if family == "postgresql":
        return sqlalchemy_url(connection_string)
    scheme, rest = connection_string.split("://", 1)
    driver = _DRIVERS[family]
    if "+" not in scheme and driver:
        return f"{scheme.lower()}+{driver}://{rest}"
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
    limits = SourcePolicySettings.load()
    connect_timeout = limits.tdm_source_connect_timeout_seconds
    statement_ms = int(limits.tdm_source_statement_timeout_seconds * 1000)
    common: dict[str, Any] = {
        # Exceptions (and so tracebacks in logs) never carry the statement's parameters: row values.
        "hide_parameters": True,
    }
    try:
        if family == "sqlite":
            database = make_url(url).database
            in_file = database and database != ":memory:" and not database.startswith("file:")
            if in_file and not Path(str(database)).is_file():
                # SQLite would silently create an empty database: say what is wrong instead.
                raise InvalidInputError(f"SQLite database file {Path(str(database)).name!r} does not exist")
            return create_engine(url, connect_args={"timeout": connect_timeout}, **common)
        if family == "mysql":
            engine = create_engine(
                url,
                pool_size=1,
                max_overflow=2,
                pool_pre_ping=True,
                connect_args={
                    "connect_timeout": connect_timeout,
                    # The handshake is read with this timeout: a port where something else listens
                    # fails here instead of waiting for ever. Widened after connecting (below).
                    "read_timeout": connect_timeout,
                    "write_timeout": connect_timeout,
                },
                **common,
            )
            event.listen(engine, "connect", _mysql_session_limits(statement_ms))
            return engine
        options = f"-c statement_timeout={statement_ms}" if statement_ms else ""
        engine = create_engine(
            url,
            pool_size=1,
            max_overflow=2,
            pool_pre_ping=True,
            # No hstore adaptation needed: saves a catalog query on every new connection.
            use_native_hstore=False,
            connect_args={
                "connect_timeout": max(1, round(connect_timeout)),
                "application_name": "tdm",
                # A peer that vanishes (network cut, server host gone) is noticed within about a
                # minute instead of the kernel's two hours.
                "keepalives": 1,
                "keepalives_idle": 30,
                "keepalives_interval": 10,
                "keepalives_count": 3,
                "tcp_user_timeout": 60_000,
                **({"options": options} if options else {}),
            },
            **common,
        )
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise InvalidInputError(
            f"invalid source connection string {redact_url(connection_string)}: {redact_text(str(exc))}"
        ) from None
    event.listen(engine, "connect", _abort_when_client_leaves)
    return engine


def _mysql_session_limits(statement_ms: int) -> Any:
    """After the handshake: statements may run for the statement timeout (reads wait that long too),
    TCP keepalives on, and the server stops a SELECT running longer than the limit."""

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        seconds = statement_ms / 1000 if statement_ms else None
        # PyMySQL reads its timeouts from these attributes on every read and write; it has no setter.
        dbapi_connection._read_timeout = seconds + 60 if seconds else None
        dbapi_connection._write_timeout = seconds + 60 if seconds else None
        sock = getattr(dbapi_connection, "_sock", None)
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
            for option, value in (("TCP_KEEPIDLE", 30), ("TCP_KEEPINTVL", 10), ("TCP_KEEPCNT", 3)):
                if hasattr(socket, option):
                    sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, option), value)
        if statement_ms:
            cursor = dbapi_connection.cursor()
            try:
                # MySQL: max_execution_time (ms); MariaDB: max_statement_time (s). Whichever exists.
                for statement in (
                    f"SET SESSION max_execution_time = {statement_ms}",
                    f"SET SESSION max_statement_time = {statement_ms / 1000:.3f}",
                ):
                    with suppress(Exception):
                        cursor.execute(statement)
            finally:
                cursor.close()

    return on_connect


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

    While connecting, the message is ours: "could not connect to host:port (<what happened>)", never
    the driver's text (it may quote whatever answered on that port). Refused or timed-out connections
    and server restarts are retryable; a wrong password, database, host name, protocol or TLS setting,
    a syntax error or a missing privilege is not.
    """
    try:
        yield
    except TDMError:
        raise
    except (SQLAlchemyError, OSError) as exc:
        orig: BaseException = (exc.orig or exc) if isinstance(exc, DBAPIError) else exc
        text = str(orig)
        if _is_connect_failure(exc, orig, action):
            phrase, transient = _connect_outcome(orig)
            if phrase == DATABASE_MISSING:  # the name is the user's own (from their URL), safe to show
                phrase = f"the database {_database(source)!r} does not exist"
            message = f"{action} failed: could not connect to {_where(source)} ({phrase})"
            raise (DependencyUnavailableError if transient else InvalidInputError)(message) from None
        reason = _first_line(redact_text(text))
        message = f"{action} failed on the source database {redact_url(source)}: {reason}"
        sqlstate = getattr(orig, "sqlstate", None)
        if isinstance(exc, DBAPIError) and sqlstate and not _transient_sqlstate(str(sqlstate)):
            # The server answered with an error about the request itself (syntax, privilege, ...).
            raise InvalidInputError(message) from None
        if isinstance(exc, ProgrammingError | IntegrityError | DataError):
            raise InvalidInputError(message) from None  # drivers without SQLSTATE (PyMySQL, sqlite3)
        if _PERMANENT_CONNECT_ERRORS.search(text):
            raise InvalidInputError(message) from None
        raise DependencyUnavailableError(message) from None


def _is_connect_failure(exc: BaseException, orig: BaseException, action: str) -> bool:
    """A failure to establish the connection (as opposed to an error of a statement on it)."""
    if action == "connecting":
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return False  # a connection that worked and then broke: the statement's error below
    text = str(orig).lower()
    if "connection failed" in text or "could not connect" in text or "can't connect" in text:
        return True
    code = (getattr(orig, "args", None) or (None,))[0]
    if code in (1045, 1049, 2003, 2005, 2006):
        return True  # PyMySQL: access denied, unknown database, can't connect, server gone
    sqlstate = getattr(orig, "sqlstate", None)
    return bool(sqlstate) and str(sqlstate) in ("08001", "08004", "28000", "28P01", "3D000")


def _connect_outcome(orig: BaseException) -> tuple[str, bool]:
    text = str(orig)
    code = (getattr(orig, "args", None) or (None,))[0]
    if code == _MYSQL_HANDSHAKE_LOST:
        return NOT_THIS_DATABASE, False
    for pattern, phrase, transient in _CONNECT_OUTCOMES:
        if pattern.search(text):
            return phrase, transient
    return "the connection could not be established", False


def _database(source: str) -> str:
    try:
        return parse_endpoint(source).database or ""
    except InvalidInputError:
        return ""


def _where(source: str) -> str:
    try:
        return parse_endpoint(source).shown
    except InvalidInputError:
        return redact_url(source)


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
