"""PostgreSQL DDL for a dataset's tables, from the schema version's snapshot (spec 9.1 `apply_schema`).

Only what a target lacks is created, in the order a load needs:
  before the rows   schemas, enum types, domains, sequences a default calls, tables (a partitioned
                    table with its partitions, any depth) with column types, NOT NULL, identities,
                    generated columns and defaults;
  after the rows    primary keys, unique constraints, unique and other indexes, check constraints,
                    then foreign keys (so cycles and self-references load in any order).
Keys are built after the rows because one index build over a loaded table is far cheaper than
maintaining the index row by row during COPY.

Each statement says whether the provision needs it (`required`): a table, a key, a unique index, a
foreign key. An optional one (a default calling a function the target lacks, a check constraint or a
plain index whose expression does not compile there) runs inside a savepoint and, if the target refuses
it, becomes a warning in the result instead of failing the provision.

Types, defaults, bounds, predicates and check definitions are the source catalog's own SQL text
(`format_type`, `pg_get_expr`...), so they read back the same on a PostgreSQL target; names are always
quoted identifiers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tdm_core.schema_model import ColumnInfo, RelationshipInfo, TableInfo, TableKey

from tdm_agents.common.sql import quote_identifier, quote_table


@dataclass(frozen=True)
class Statement:
    sql: str
    what: str  # for the result and messages: "table public.film", "index idx_title"
    required: bool = True


def qident(name: str) -> str:
    return quote_identifier(name, "postgresql")


def qtable(key: TableKey) -> str:
    return quote_table(key[0], key[1], "postgresql")


def _split(dotted: str) -> TableKey:
    """A "schema.name" the snapshot wrote (f"{schema}.{name}") as a pair."""
    schema, _, name = dotted.partition(".")
    return (schema, name) if name else ("public", schema)


def _details(column: ColumnInfo) -> dict[str, Any]:
    return dict(column.type_details or {})


def _ordered_columns(table: TableInfo) -> list[ColumnInfo]:
    return sorted(table.columns, key=lambda c: (c.ordinal_position, c.name))


# --- types and sequences ---------------------------------------------------------------------------


@dataclass
class TargetCatalog:
    """What already exists in the target (read once, in the provisioning transaction)."""

    schemas: set[str]
    types: set[TableKey]
    tables: set[TableKey]
    sequences: set[TableKey]
    constraints: set[tuple[str, str, str]]  # (schema, table, constraint name)
    indexes: set[TableKey]  # (schema, index name)


CATALOG_SQL = {
    "schemas": "SELECT nspname FROM pg_namespace",
    "types": "SELECT n.nspname, t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace",
    "tables": (
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p', 'f')"
    ),
    "sequences": (
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'S'"
    ),
    "constraints": (
        "SELECT n.nspname, c.relname, k.conname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace"
    ),
    "indexes": (
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('i', 'I')"
    ),
}


def type_statements(tables: Sequence[TableInfo], catalog: TargetCatalog) -> list[Statement]:
    """Schemas, enums, composite types and domains the tables' columns use and the target lacks (enums
    first: a domain may be over an enum; domains over domains in dependency order)."""
    statements: list[Statement] = []
    wanted_schemas = {t.schema_name for t in tables}
    enums: dict[TableKey, list[str]] = {}
    domains: dict[TableKey, dict[str, Any]] = {}
    composites: dict[TableKey, list[dict[str, Any]]] = {}
    for table in tables:
        for column in table.columns:
            details = _details(column)
            if (
                details.get("enum_labels") is not None
                and details.get("type_name")
                and "domain" not in details
            ):
                enums[_split(str(details["type_name"]))] = list(details["enum_labels"])
            if details.get("element_enum_labels") and details.get("element_type"):
                element = str(details["element_type"]).strip('"')
                enums[_split(element) if "." in element else (table.schema_name, element)] = list(
                    details["element_enum_labels"]
                )
            if isinstance(details.get("domain"), dict):
                domain = details["domain"]
                domains[_split(str(domain["name"]))] = domain
            if isinstance(details.get("composite"), dict):
                composite = details["composite"]
                composites[_split(str(composite["name"]))] = list(composite.get("attributes") or [])
    wanted_schemas |= {key[0] for key in (*enums, *domains, *composites)}
    statements += [
        Statement(f"CREATE SCHEMA IF NOT EXISTS {qident(schema)}", f"schema {schema}")
        for schema in sorted(wanted_schemas - catalog.schemas)
    ]
    for key, labels in sorted(enums.items()):
        if key not in catalog.types:
            values = ", ".join(_literal(label) for label in labels)
            statements.append(
                Statement(f"CREATE TYPE {qtable(key)} AS ENUM ({values})", f"enum {key[0]}.{key[1]}")
            )
    for key, attributes in sorted(composites.items()):
        if key not in catalog.types and attributes:
            fields = ", ".join(f"{qident(str(a['name']))} {a['type']}" for a in attributes)
            statements.append(
                Statement(f"CREATE TYPE {qtable(key)} AS ({fields})", f"type {key[0]}.{key[1]}")
            )
    # A domain over another domain needs that one first: create in rounds until none is left.
    pending = {key: d for key, d in domains.items() if key not in catalog.types}
    while pending:
        ready = [
            key
            for key, d in pending.items()
            if not any(
                str(d.get("base_type", "")).strip('"') in (other[1], f"{other[0]}.{other[1]}")
                for other in pending
                if other != key
            )
        ] or sorted(pending)[:1]
        for key in sorted(ready):
            statements.append(_domain_statement(key, pending.pop(key)))
    return statements


def _domain_statement(key: TableKey, domain: dict[str, Any]) -> Statement:
    parts = [f"CREATE DOMAIN {qtable(key)} AS {domain['base_type']}"]
    if domain.get("default"):
        parts.append(f"DEFAULT {domain['default']}")
    if domain.get("not_null"):
        parts.append("NOT NULL")
    for constraint in domain.get("constraints") or []:
        parts.append(f"CONSTRAINT {qident(str(constraint['name']))} {constraint['definition']}")
    return Statement(" ".join(parts), f"domain {key[0]}.{key[1]}")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def sequence_statements(tables: Sequence[TableInfo], catalog: TargetCatalog) -> list[Statement]:
    """The sequences `nextval()` defaults call (serial columns; identities make their own)."""
    wanted: set[TableKey] = set()
    for table in tables:
        for column in table.columns:
            serial = _details(column).get("serial")
            if isinstance(serial, dict) and serial.get("sequence"):
                wanted.add(_split(str(serial["sequence"])))
    return [
        Statement(f"CREATE SEQUENCE IF NOT EXISTS {qtable(key)}", f"sequence {key[0]}.{key[1]}")
        for key in sorted(wanted - catalog.sequences)
    ]


# --- tables ---------------------------------------------------------------------------------------


def _column_sql(column: ColumnInfo) -> str:
    details = _details(column)
    parts = [qident(column.name), str(column.data_type or "text")]
    generated = details.get("generated")
    identity = details.get("identity")
    if isinstance(generated, dict) and generated.get("expression"):
        parts.append(f"GENERATED ALWAYS AS ({generated['expression']}) STORED")
    elif isinstance(identity, dict):
        parts.append(
            f"GENERATED {'ALWAYS' if identity.get('generation') == 'always' else 'BY DEFAULT'} AS IDENTITY"
        )
    if not column.nullable:
        parts.append("NOT NULL")
    return " ".join(parts)


def table_statements(table: TableInfo) -> list[Statement]:
    """CREATE TABLE (with its partitions, parents before children), without keys or defaults."""
    columns = ",\n  ".join(_column_sql(c) for c in _ordered_columns(table))
    key = table.key
    partition_key = getattr(table, "partition_key", None)
    partitioned = (
        f" PARTITION BY {partition_key}" if table.kind == "partitioned_table" and partition_key else ""
    )
    statements = [
        Statement(
            f"CREATE TABLE {qtable(key)} (\n  {columns}\n){partitioned}", f"table {table.qualified_name}"
        )
    ]
    for partition in sorted(
        table.partitions or [], key=lambda p: (int(p.get("level") or 0), str(p.get("name")))
    ):
        if not isinstance(partition, dict):
            continue
        part_key = (str(partition["schema"]), str(partition["name"]))
        parent = _split(str(partition.get("parent") or f"{key[0]}.{key[1]}"))
        sub = f" PARTITION BY {partition['partition_key']}" if partition.get("partition_key") else ""
        bound = partition.get("bound") or "DEFAULT"
        statements.append(
            Statement(
                f"CREATE TABLE {qtable(part_key)} PARTITION OF {qtable(parent)} {bound}{sub}",
                f"partition {part_key[0]}.{part_key[1]}",
            )
        )
    return statements


def default_statements(table: TableInfo) -> list[Statement]:
    """Column defaults (optional: a default may call a function the target lacks)."""
    statements = []
    for column in _ordered_columns(table):
        details = _details(column)
        if column.default is None or details.get("identity") or details.get("generated"):
            continue
        statements.append(
            Statement(
                f"ALTER TABLE {qtable(table.key)} ALTER COLUMN {qident(column.name)} "
                f"SET DEFAULT {column.default}",
                f"default of {table.qualified_name}.{column.name}",
                required=False,
            )
        )
    return statements


def key_statements(table: TableInfo, catalog: TargetCatalog) -> list[Statement]:
    """Primary key, unique constraints, indexes and check constraints of a table created here."""
    key = table.key
    statements: list[Statement] = []
    constraint_names: set[str] = set()
    for constraint in table.constraints or []:
        if not isinstance(constraint, dict):
            continue
        name = constraint.get("name")
        kind = constraint.get("type")
        if kind == "primary_key":
            continue
        if name and (key[0], key[1], str(name)) in catalog.constraints:
            continue
        named = f"CONSTRAINT {qident(str(name))} " if name else ""
        if kind == "unique":
            columns = ", ".join(qident(str(c)) for c in constraint.get("columns") or [])
            statements.append(
                Statement(
                    f"ALTER TABLE {qtable(key)} ADD {named}UNIQUE ({columns})",
                    f"unique {table.qualified_name}({columns})",
                )
            )
            constraint_names.add(str(name))
        elif kind == "check" and constraint.get("definition"):
            statements.append(
                Statement(
                    f"ALTER TABLE {qtable(key)} ADD {named}CHECK ({constraint['definition']})",
                    f"check {name or ''} on {table.qualified_name}",
                    required=False,
                )
            )
    primary = table.primary_key()
    pk_name = next(
        (
            c.get("name")
            for c in table.constraints or []
            if isinstance(c, dict) and c.get("type") == "primary_key"
        ),
        None,
    )
    if primary and not (pk_name and (key[0], key[1], str(pk_name)) in catalog.constraints):
        named = f"CONSTRAINT {qident(str(pk_name))} " if pk_name else ""
        columns = ", ".join(qident(c) for c in primary)
        statements.insert(
            0,
            Statement(
                f"ALTER TABLE {qtable(key)} ADD {named}PRIMARY KEY ({columns})",
                f"primary key {table.qualified_name}({columns})",
            ),
        )
        if pk_name:
            constraint_names.add(str(pk_name))
    for index in table.indexes or []:
        statement = _index_statement(table, index, constraint_names, catalog)
        if statement is not None:
            statements.append(statement)
    return statements


def _index_statement(
    table: TableInfo, index: Any, constraint_names: set[str], catalog: TargetCatalog
) -> Statement | None:
    if not isinstance(index, dict) or not index.get("name") or index.get("constraint"):
        return None  # the index behind a constraint comes with the constraint
    name = str(index["name"])
    if name in constraint_names or (table.schema_name, name) in catalog.indexes:
        return None
    known = {c.name for c in table.columns}
    sorting = {str(k): [str(o) for o in v] for k, v in dict(index.get("sorting") or {}).items()}
    elements = []
    for element in index.get("columns") or []:
        text = qident(str(element)) if element in known else f"({element})"
        for option in sorting.get(str(element), []):
            text += {"desc": " DESC", "nulls_first": " NULLS FIRST", "nulls_last": " NULLS LAST"}.get(
                option, ""
            )
        elements.append(text)
    if not elements:
        return None
    unique = "UNIQUE " if index.get("unique") else ""
    method = str(index.get("method") or "btree")
    include = index.get("include")
    sql = (
        f"CREATE {unique}INDEX {qident(name)} ON {qtable(table.key)} USING {qident(method)} "
        f"({', '.join(elements)})"
    )
    if include:
        sql += f" INCLUDE ({', '.join(qident(str(c)) for c in include)})"
    if index.get("predicate"):
        sql += f" WHERE {index['predicate']}"
    # A unique index is a key the data must meet (and foreign keys may reference it): required.
    return Statement(sql, f"index {name} on {table.qualified_name}", required=bool(index.get("unique")))


def foreign_key_statements(
    relationships: Iterable[RelationshipInfo], tables: set[TableKey], catalog: TargetCatalog
) -> list[Statement]:
    """Declared foreign keys between the provisioned tables (user-declared virtual ones are not in the
    source database, so they are not created); one per constraint, on the logical table."""
    statements = []
    seen: set[tuple[Any, ...]] = set()
    for rel in relationships:
        if rel.is_user_defined or rel.child_key not in tables or rel.parent_key not in tables:
            continue
        identity = (rel.child_key, tuple(rel.child_columns), rel.parent_key, tuple(rel.parent_columns))
        if identity in seen or (rel.child_schema, rel.child_table, rel.name) in catalog.constraints:
            continue
        seen.add(identity)
        extra = rel.model_extra or {}
        child = ", ".join(qident(c) for c in rel.child_columns)
        parent = ", ".join(qident(c) for c in rel.parent_columns)
        sql = (
            f"ALTER TABLE {qtable(rel.child_key)} ADD CONSTRAINT {qident(rel.name)} FOREIGN KEY ({child}) "
            f"REFERENCES {qtable(rel.parent_key)} ({parent})"
        )
        if extra.get("match") == "FULL":
            sql += " MATCH FULL"
        sql += _action("UPDATE", extra.get("on_update")) + _action("DELETE", rel.on_delete)
        if extra.get("deferrable"):
            sql += " DEFERRABLE" + (" INITIALLY DEFERRED" if extra.get("initially_deferred") else "")
        statements.append(Statement(sql, f"foreign key {rel.name} on {qualified(rel.child_key)}"))
    return statements


_ACTIONS = frozenset({"CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT"})


def _action(event: str, action: Any) -> str:
    """ON UPDATE / ON DELETE as discovery recorded it ("CASCADE" ...; None for NO ACTION)."""
    text = str(action or "").upper()
    return f" ON {event} {text}" if text in _ACTIONS else ""


def qualified(key: TableKey) -> str:
    return f"{key[0]}.{key[1]}"
