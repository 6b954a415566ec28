"""Schema selection and the table/column catalog of a source database (connections themselves are
`tdm_agents.common.sources`).

Sources: PostgreSQL (first class: partitions, enums, domains, identities... from `pg_catalog`),
MySQL / MariaDB and SQLite through SQLAlchemy's dialect-neutral inspector. Every catalog read is a
bulk one (`get_multi_*`, one `pg_catalog` query for all schemas): never one query per table on
PostgreSQL. (SQLAlchemy's MySQL and SQLite dialects implement `get_multi_*` table by table
internally; their catalogs offer nothing better through the inspector.)
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine.reflection import Inspector, ObjectKind
from sqlalchemy.exc import SAWarning
from sqlalchemy.sql import sqltypes
from tdm_core.errors import InvalidInputError
from tdm_core.redaction import redact_url

from tdm_agents.common.sources import dialect_family, translate_source_errors
from tdm_agents.schema_discovery import postgres_catalog

# pg_class.relkind -> the `kind` we store (tables.kind).
RELKINDS = postgres_catalog.RELKINDS
# "schemas": ["*"] asks for every non-system schema, like leaving "schemas" out.
ALL_SCHEMAS = "*"
_SYSTEM_SCHEMAS = {
    "postgresql": frozenset({"information_schema"}),  # plus every pg_* schema
    "mysql": frozenset({"information_schema", "mysql", "performance_schema", "sys"}),
    "sqlite": frozenset({"temp"}),
}
TableKey = str  # "schema.table"


def table_key(schema: str, name: str) -> TableKey:
    return f"{schema}.{name}"


@contextmanager
def quiet_reflection() -> Iterator[None]:
    """Types SQLAlchemy does not know (PostGIS, custom base types) reflect as NullType with a warning;
    the PostgreSQL catalog names them anyway, so the warning is noise."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        yield


# --- connection check and schemas ----------------------------------------------------------------


def requested_schemas(schemas: Sequence[str] | None) -> list[str] | None:
    """The explicit schema list of a request, or None for "every non-system schema"."""
    cleaned = [s for s in (schemas or []) if s]
    if not cleaned or cleaned == [ALL_SCHEMAS]:
        return None
    if ALL_SCHEMAS in cleaned:
        raise InvalidInputError('"*" (every schema) cannot be combined with schema names')
    return list(dict.fromkeys(cleaned))


def _is_system_schema(family: str, name: str) -> bool:
    if family == "postgresql" and name.startswith("pg_"):
        return True
    return name in _SYSTEM_SCHEMAS.get(family, frozenset())


def check_connection(engine: Engine, schemas: Sequence[str] | None, source: str) -> dict[str, Any]:
    """Connect, read server facts, and resolve the schemas to discover.

    `schemas` empty/None (or ["*"]) means every non-system schema on PostgreSQL, the database of the
    URL on MySQL/MariaDB, and "main" on SQLite (as does ["public"] where no such schema exists).
    Named schemas must exist.
    """
    wanted = requested_schemas(schemas)
    family = dialect_family(engine)
    with translate_source_errors(source, "connecting"), engine.connect() as conn:
        if family == "postgresql":
            row = conn.execute(
                text("SELECT current_database(), current_user, current_setting('server_version')")
            ).one()
            database, user, version = row[0], row[1], row[2]
            present = list(conn.execute(text("SELECT nspname FROM pg_namespace ORDER BY nspname")).scalars())
            default = None
        else:
            inspector = inspect(conn)
            present = list(inspector.get_schema_names())
            default = inspector.default_schema_name
            database = default if family == "mysql" else (engine.url.database or "main")
            user = engine.url.username
            version = ".".join(str(part) for part in (engine.dialect.server_version_info or ()))
    if wanted == ["public"] and family != "postgresql" and "public" not in present:
        # The request's default (spec 4.3: ["public"]) names PostgreSQL's default schema: elsewhere
        # that is the URL's database (MySQL/MariaDB) or "main" (SQLite).
        wanted = None
    if wanted is None:
        if family == "postgresql":
            chosen = [name for name in present if not _is_system_schema(family, name)]
        elif family == "mysql":
            if not default:
                raise InvalidInputError(
                    f"the MySQL/MariaDB URL {redact_url(source)} names no database: add one "
                    "(mysql://user@host:3306/dbname) or list the schemas (databases) to discover"
                )
            chosen = [default]
        else:
            chosen = ["main"]
    else:
        missing = [name for name in wanted if name not in present]
        if missing:
            raise InvalidInputError(
                f"schema(s) {', '.join(map(repr, missing))} do not exist "
                f"in database {database!r} at {redact_url(source)}"
            )
        chosen = wanted
    return {
        "database": database,
        "user": user,
        "server_version": version,
        "dialect": family,
        "schemas": chosen,
        "schemas_requested": wanted is not None,
        "source": source,
    }


# --- tables --------------------------------------------------------------------------------------


def list_tables(engine: Engine, schemas: Sequence[str], source: str) -> list[dict[str, Any]]:
    """Tables, partitioned tables, views, materialized views and foreign tables of the schemas.

    A partitioned table is ONE table (kind partitioned_table) listing its partitions (name, bound,
    level); partitions are not tables of their own: they are storage of their parent.
    """
    with translate_source_errors(source, "listing tables"), engine.connect() as conn:
        if dialect_family(conn) == "postgresql":
            return postgres_catalog.tables(conn, schemas)
        return _neutral_tables(conn, schemas)


def _neutral_tables(conn: Connection, schemas: Sequence[str]) -> list[dict[str, Any]]:
    inspector = inspect(conn)
    tables: list[dict[str, Any]] = []
    for schema in schemas:
        kinds: dict[str, str] = {}
        for name in inspector.get_table_names(schema=schema):
            kinds[name] = "table"
        for name in inspector.get_view_names(schema=schema):
            kinds[name] = "view"
        try:
            for name in inspector.get_materialized_view_names(schema=schema):
                kinds[name] = "materialized_view"
        except NotImplementedError:
            pass
        comments: dict[tuple[str | None, str], Any] = {}
        with suppress(NotImplementedError):  # SQLite keeps no comments
            comments = dict(inspector.get_multi_table_comment(schema=schema, kind=ObjectKind.ANY))
        for name in sorted(kinds):
            comment = (comments.get((schema, name)) or {}).get("text")
            tables.append({"schema": schema, "name": name, "kind": kinds[name], "comment": comment})
    return tables


def partition_roots(tables: Sequence[dict[str, Any]]) -> dict[tuple[str, str], tuple[str, str]]:
    """(schema, partition) -> (schema, root table) for every partition listed under a table."""
    roots: dict[tuple[str, str], tuple[str, str]] = {}
    for table in tables:
        for partition in table.get("partitions") or []:
            roots[(partition["schema"], partition["name"])] = (table["schema"], table["name"])
    return roots


def group_by_schema(tables: Sequence[dict[str, Any]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for table in tables:
        grouped.setdefault(table["schema"], []).append(table["name"])
    return grouped


# --- columns -------------------------------------------------------------------------------------

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
    name = type(sa_type).__name__.upper()
    if name in ("TSVECTOR", "TSQUERY"):
        return "text_search"
    for classes, category in _CATEGORIES:
        if isinstance(sa_type, classes):
            return category
    # Domains reflect as a type wrapping their base type.
    base = getattr(sa_type, "data_type", None)
    if base is not None and base is not sa_type:
        return type_category(base)
    return "other"


def _type_name(sa_type: Any, engine: Engine | Connection) -> str:
    try:
        return str(sa_type.compile(dialect=engine.dialect)).lower()
    except Exception:  # a type SQLAlchemy reflects but cannot render (NullType for unknown types)
        return str(getattr(sa_type, "name", None) or type(sa_type).__name__).lower()


def _neutral_type_details(column: dict[str, Any], category: str) -> dict[str, Any]:
    """What the inspector alone tells about a type (MySQL/MariaDB, SQLite)."""
    sa_type = column["type"]
    details: dict[str, Any] = {"family": category}
    if isinstance(sa_type, sqltypes.Enum) and sa_type.enums:
        details["enum_labels"] = list(sa_type.enums)
    if isinstance(sa_type, sqltypes.ARRAY):
        details["element_type"] = str(sa_type.item_type).lower()
    if column.get("autoincrement") is True:
        details["auto_increment"] = True
    if column.get("computed"):
        details["generated"] = str(column["computed"].get("sqltext"))
    return details


def list_columns(engine: Engine, tables: Sequence[dict[str, Any]], source: str) -> list[dict[str, Any]]:
    """All columns of `tables`: one bulk reflection per schema (get_multi_columns), plus on PostgreSQL
    one catalog query for exact type names, enums, domains, arrays, identities and sequences."""
    result: list[dict[str, Any]] = []
    with translate_source_errors(source, "reading columns"), engine.connect() as conn, quiet_reflection():
        family = dialect_family(conn)
        inspector = inspect(conn)
        extras = (
            postgres_catalog.column_details(conn, sorted({t["schema"] for t in tables}))
            if family == "postgresql"
            else {}
        )
        for schema, names in group_by_schema(tables).items():
            reflected = reflect_bulk(inspector, "get_multi_columns", schema, names, ObjectKind.ANY)
            for name in names:
                for position, column in enumerate(reflected.get((schema, name), []), start=1):
                    raw = dict(column)
                    category = type_category(raw["type"])
                    extra = extras.get((schema, name, raw["name"]))
                    if extra is not None:
                        data_type = extra["data_type"]
                        details = postgres_catalog.type_details(extra, raw, category)
                    else:
                        data_type = _type_name(raw["type"], conn)
                        details = _neutral_type_details(raw, category)
                    result.append(
                        {
                            "schema": schema,
                            "table": name,
                            "name": raw["name"],
                            "data_type": data_type,
                            "category": category,
                            "nullable": bool(raw.get("nullable", True)),
                            "default": _text_or_none(raw.get("default")),
                            "ordinal_position": position,
                            "type_details": details,
                            "comment": raw.get("comment"),
                        }
                    )
    return result


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def reflect_bulk(
    inspector: Inspector, method: str, schema: str, names: Sequence[str], kind: ObjectKind
) -> dict[tuple[str | None, str], Any]:
    """One bulk inspector call for a schema, keyed (schema, table) whatever the dialect returns."""
    found = getattr(inspector, method)(schema=schema, filter_names=list(names), kind=kind)
    # SQLite and MySQL may key by None for the default schema.
    return {(schema, key[1]): value for key, value in dict(found).items()}
