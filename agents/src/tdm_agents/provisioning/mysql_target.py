"""Loading a dataset version into a MySQL or MariaDB environment (the second target type).

MySQL commits implicitly around every DDL statement, so "one transaction" is built in two parts:
  1. schema: tables the environment lacks are created, whole (columns, primary key, unique keys,
     indexes, foreign keys -- with foreign_key_checks off, so cycles can be declared); with
     `reset_mode: recreate` the existing tables are first renamed aside (one atomic RENAME TABLE);
  2. rows, in one InnoDB transaction with foreign_key_checks off: the reset (DELETE, not TRUNCATE,
     which would commit), the INSERTs, then every foreign key checked with an anti-join, the row counts
     and the user's smoke checks -- COMMIT only if all hold.
On failure the transaction rolls back and part 1 is undone: the tables it created are dropped and the
renamed ones renamed back. The environment ends as it was, as on PostgreSQL; unlike PostgreSQL, another
session could see the new empty tables while the job runs.

Types: a dataset from a MySQL source keeps its own column types. From PostgreSQL each type is mapped
(`mysql_type`); what has no MySQL equivalent is stored in its PostgreSQL text form (arrays, ranges,
tsvector, interval, inet... in LONGTEXT) and listed in the result's warnings; what cannot be created at
all (an expression or partial index, a check constraint, a default calling a function) is left out and
listed too. Two tables of different schemas with the same name cannot both exist in one MySQL
database: that is an error naming them. Values go in strict mode (`STRICT_ALL_TABLES`): a value that
does not fit its column fails the load instead of being cut.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from typing import Any

import pyarrow as pa
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import ColumnInfo, SchemaSnapshot, TableInfo, TableKey
from tdm_dataset_store.store import DatasetStore

from tdm_agents.common.sql import quote_identifier
from tdm_agents.provisioning.contract import SmokeCheck
from tdm_agents.provisioning.postgres_target import (
    DatasetTable,
    ProvisioningError,
    Report,
    same_value,
    utc_without_zone,
)

INSERT_BATCH = 5_000
MAX_NAME = 64
KEY_VARCHAR = 768  # the longest utf8mb4 VARCHAR an InnoDB index takes whole (3072 bytes)
SESSION = (
    "SET SESSION time_zone = '+00:00'",
    "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
    "NO_ENGINE_SUBSTITUTION'",
    "SET SESSION foreign_key_checks = 0",
)
_PG_TYPES: tuple[tuple[str, str], ...] = (
    (r"smallint", "SMALLINT"),
    (r"integer|int", "INT"),
    (r"bigint", "BIGINT"),
    (r"real", "FLOAT"),
    (r"double precision", "DOUBLE"),
    (r"boolean", "BOOLEAN"),
    (r"date", "DATE"),
    (r"timestamp(\(\d\))? without time zone|timestamp(\(\d\))?", "DATETIME(6)"),
    (r"timestamp(\(\d\))? with time zone", "DATETIME(6)"),
    (r"time(\(\d\))? without time zone|time(\(\d\))?", "TIME(6)"),
    (r"bytea", "LONGBLOB"),
    (r"uuid", "CHAR(36)"),
    (r"jsonb?", "JSON"),
    (r"text|citext|name", "LONGTEXT"),
)


def q(name: str) -> str:
    return quote_identifier(name, "mysql")


def _short(name: str, used: set[str]) -> str:
    """A MySQL identifier (at most 64 characters), unique among `used`."""
    base = name[:MAX_NAME]
    candidate, n = base, 1
    while candidate.lower() in used:
        n += 1
        suffix = f"_{n}"
        candidate = base[: MAX_NAME - len(suffix)] + suffix
    used.add(candidate.lower())
    return candidate


def mysql_type(  # noqa: PLR0911, PLR0912 - one answer per family of types
    column: ColumnInfo, dialect: str, *, keyed: bool
) -> tuple[str, str | None]:
    """(MySQL column type, warning or None) of a column of the dataset's schema version."""
    data_type = (column.data_type or "text").strip()
    details = dict(column.type_details or {})
    if dialect == "mysql":
        return data_type, None
    if details.get("enum_labels") and not details.get("element_type"):
        labels = ", ".join("'" + str(label).replace("'", "''") + "'" for label in details["enum_labels"])
        return f"ENUM({labels})", None
    domain = details.get("domain")
    if isinstance(domain, dict) and domain.get("base_type"):
        data_type = str(domain["base_type"])
    lowered = data_type.lower()
    if lowered.endswith("[]") or details.get("element_type"):
        return "LONGTEXT", f"{column.name} ({data_type}): an array, stored as its PostgreSQL text form"
    if match := re.fullmatch(r"(?:numeric|decimal)\((\d+),\s*(\d+)\)", lowered):
        precision, scale = int(match.group(1)), int(match.group(2))
        if precision <= 65 and scale <= 30:
            return f"DECIMAL({precision},{scale})", None
        return "LONGTEXT", f"{column.name} ({data_type}): beyond DECIMAL(65,30), stored as text"
    if lowered in ("numeric", "decimal"):
        return "DECIMAL(65,30)", f"{column.name} ({data_type}): unbounded numeric as DECIMAL(65,30)"
    if match := re.fullmatch(r"(?:character varying|varchar)(?:\((\d+)\))?", lowered):
        length = match.group(1)
        if length is None:
            return (f"VARCHAR({KEY_VARCHAR})", None) if keyed else ("LONGTEXT", None)
        return f"VARCHAR({length})", None
    if match := re.fullmatch(r"(?:character|char|bpchar)(?:\((\d+)\))?", lowered):
        return f"CHAR({match.group(1) or 1})", None
    for pattern, mapped in _PG_TYPES:
        if re.fullmatch(pattern, lowered):
            if mapped == "LONGTEXT" and keyed:
                return f"VARCHAR({KEY_VARCHAR})", None
            return mapped, None
    kind = f"VARCHAR({KEY_VARCHAR})" if keyed else "LONGTEXT"
    return kind, f"{column.name} ({data_type}): no MySQL type, stored as its PostgreSQL text form"


_LITERAL = re.compile(r"^\(?('(?:[^']|'')*'|-?\d+(?:\.\d+)?)\)?(?:::[\w\s\"\.\[\]\(\),]+)?$")


def mysql_default(default: str, column_type: str, dialect: str) -> str | None:
    """A column default MySQL accepts: literals, booleans, the current time; None for the rest."""
    if dialect == "mysql":
        return default
    text = default.strip()
    lowered = text.lower()
    if lowered in ("now()", "current_timestamp", "transaction_timestamp()", "statement_timestamp()"):
        return "CURRENT_TIMESTAMP(6)" if column_type.upper().startswith(("DATETIME", "TIMESTAMP")) else None
    if lowered in ("true", "false"):
        return "1" if lowered == "true" else "0"
    if column_type.upper() in ("LONGTEXT", "LONGBLOB", "JSON"):
        return None  # MariaDB and MySQL differ on defaults of these: left out
    match = _LITERAL.match(text)
    return match.group(1) if match else None


class MySQLProvisioner:
    """The phases of one provision into MySQL/MariaDB (see the module docstring for atomicity)."""

    def __init__(
        self,
        conn: Any,  # a PyMySQL connection, autocommit off
        snapshot: SchemaSnapshot,
        tables: Sequence[DatasetTable],
        *,
        dialect: str,
        check: Callable[[], None] = lambda: None,
    ) -> None:
        self.conn = conn
        self.snapshot = snapshot
        self.tables = list(tables)
        self.dialect = dialect
        self.check = check
        self.report = Report()
        self.created: list[str] = []
        self.renamed: list[tuple[str, str]] = []  # (table, its name while aside)
        self.rows_before: dict[TableKey, int] = {}
        self.names = self._mysql_names()
        for statement in SESSION:
            self._execute(statement)

    def _mysql_names(self) -> dict[TableKey, str]:
        names: dict[TableKey, str] = {}
        seen: dict[str, TableKey] = {}
        for table in self.tables:
            if self.snapshot.table(table.key) is None:
                raise InvalidInputError(f"the dataset's schema version does not describe table {table.name}")
            other = seen.get(table.key[1].lower())
            if other is not None:
                raise InvalidInputError(
                    f"tables {'.'.join(other)} and {'.'.join(table.key)} would both be `{table.key[1]}`: a "
                    "MySQL database has one namespace of tables"
                )
            seen[table.key[1].lower()] = table.key
            names[table.key] = table.key[1]
        return names

    def _execute(self, statement: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        with self.conn.cursor() as cursor:
            cursor.execute(statement, params)
            return list(cursor.fetchall() or [])

    def _existing(self) -> set[str]:
        return {str(r[0]).lower() for r in self._execute("SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'")}

    def _info(self, key: TableKey) -> TableInfo:
        table = self.snapshot.table(key)
        assert table is not None
        return table

    # --- part 1: schema ---------------------------------------------------------------------------

    def reset(self, mode: str) -> None:
        """`recreate`: the dataset's existing tables are renamed aside (put back if the job fails)."""
        if mode != "recreate":
            return  # truncate: rows are deleted inside the load's transaction
        existing = self._existing()
        pairs = [
            (name, _short(f"_tdm_old_{name}", set()))
            for name in self.names.values()
            if name.lower() in existing
        ]
        if pairs:
            self._execute("RENAME TABLE " + ", ".join(f"{q(a)} TO {q(b)}" for a, b in pairs))
            self.renamed = pairs
            self.report.changes.append(f"set {len(pairs)} table(s) aside to recreate them")

    def apply_schema(self) -> None:
        existing = self._existing()
        missing = [t for t in self.tables if self.names[t.key].lower() not in existing]
        used: set[str] = set()
        for table in missing:
            self.check()
            statement = self._create_table(self._info(table.key), used)
            try:
                self._execute(statement)
            except Exception as exc:
                raise ProvisioningError(f"could not create table {table.name}: {_reason(exc)}") from None
            self.created.append(self.names[table.key])
            self.report.changes.append(f"table {table.name}")
        self._check_columns()

    def _keyed_columns(self, table: TableInfo) -> set[str]:
        keyed = set(table.primary_key())
        for columns in table.unique_keys():
            keyed |= set(columns)
        for rel in self.snapshot.relationships:
            if rel.child_key == table.key:
                keyed |= set(rel.child_columns)
            if rel.parent_key == table.key:
                keyed |= set(rel.parent_columns)
        for index in table.indexes or []:
            if isinstance(index, dict) and _plain_index(index):
                keyed |= {str(c) for c in index.get("columns") or []}
        return keyed

    def _column_types(self, table: TableInfo) -> dict[str, str]:
        keyed = self._keyed_columns(table)
        types: dict[str, str] = {}
        for column in table.columns:
            mapped, warning = mysql_type(column, self.dialect, keyed=column.name in keyed)
            types[column.name] = mapped
            if warning:
                self.report.warnings.append(f"{table.qualified_name}.{warning}")
        # A foreign key's columns take their parent's type: MySQL refuses integer widths that differ.
        for rel in self.snapshot.relationships:
            parent = self.snapshot.table(rel.parent_key)
            if rel.child_key != table.key or parent is None or rel.is_user_defined:
                continue
            parent_keyed = self._keyed_columns(parent)
            for child_column, parent_column in zip(rel.child_columns, rel.parent_columns, strict=True):
                source = parent.column(parent_column)
                if source is not None and not types[child_column].upper().startswith(("VARCHAR", "CHAR")):
                    types[child_column] = mysql_type(
                        source, self.dialect, keyed=parent_column in parent_keyed
                    )[0]
        return types

    def _create_table(self, table: TableInfo, used: set[str]) -> str:
        types = self._column_types(table)
        primary = table.primary_key()
        lines = []
        for column in sorted(table.columns, key=lambda c: (c.ordinal_position, c.name)):
            details = column.type_details or {}
            if details.get("generated"):
                self.report.warnings.append(
                    f"{table.qualified_name}.{column.name}: generated column left out"
                )
                continue
            line = f"{q(column.name)} {types[column.name]}{'' if column.nullable else ' NOT NULL'}"
            automatic = (
                details.get("identity")
                or details.get("serial")
                or "auto_increment" in str(details.get("extra") or "").lower()
            )
            if automatic and primary[:1] == [column.name]:
                line += " AUTO_INCREMENT"
            elif column.default is not None and not automatic:
                default = mysql_default(str(column.default), types[column.name], self.dialect)
                if default is None:
                    self.report.warnings.append(
                        f"{table.qualified_name}.{column.name}: default {str(column.default)[:60]} left out"
                    )
                else:
                    line += f" DEFAULT {default}"
            lines.append(line)
        if primary:
            lines.append(f"PRIMARY KEY ({', '.join(q(c) for c in primary)})")
        for columns in table.unique_keys():
            name = _short("uq_" + "_".join(columns), used)
            lines.append(f"UNIQUE KEY {q(name)} ({', '.join(q(c) for c in columns)})")
        lines += self._index_lines(table, used)
        lines += self._foreign_key_lines(table, used)
        for constraint in table.constraints or []:
            if isinstance(constraint, dict) and constraint.get("type") == "check":
                self.report.warnings.append(
                    f"check {constraint.get('name')} on {table.qualified_name}: left out"
                )
        body = ",\n  ".join(lines)
        return f"CREATE TABLE {q(self.names[table.key])} (\n  {body}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"

    def _index_lines(self, table: TableInfo, used: set[str]) -> list[str]:
        lines = []
        known = {c.name for c in table.columns}
        primary = table.primary_key()
        for index in table.indexes or []:
            if not isinstance(index, dict) or index.get("constraint"):
                continue
            columns = [str(c) for c in index.get("columns") or []]
            name = str(index.get("name") or "idx")
            if not columns or any(c not in known for c in columns) or not _plain_index(index):
                self.report.warnings.append(
                    f"index {name} on {table.qualified_name}: an expression, partial or "
                    f"{index.get('method')} index has no MySQL form"
                )
                continue
            if columns == primary or (index.get("unique") and columns in table.unique_keys()):
                continue
            kind = "UNIQUE KEY" if index.get("unique") else "KEY"
            lines.append(f"{kind} {q(_short(name, used))} ({', '.join(q(c) for c in columns)})")
        return lines

    def _foreign_key_lines(self, table: TableInfo, used: set[str]) -> list[str]:
        lines = []
        for rel in self.snapshot.relationships:
            if rel.child_key != table.key or rel.is_user_defined or rel.parent_key not in self.names:
                continue
            child = ", ".join(q(c) for c in rel.child_columns)
            parent = ", ".join(q(c) for c in rel.parent_columns)
            line = (
                f"CONSTRAINT {q(_short(rel.name, used))} FOREIGN KEY ({child}) "
                f"REFERENCES {q(self.names[rel.parent_key])} ({parent})"
            )
            for event, action in (
                ("DELETE", rel.on_delete),
                ("UPDATE", (rel.model_extra or {}).get("on_update")),
            ):
                if str(action or "").upper() in ("CASCADE", "SET NULL", "RESTRICT"):
                    line += f" ON {event} {str(action).upper()}"
            lines.append(line)
        return lines

    def _check_columns(self) -> None:
        for table in self.tables:
            rows = self._execute(f"SHOW COLUMNS FROM {q(self.names[table.key])}")
            present = {str(r[0]) for r in rows}
            lacking = [c for c in table.columns if c not in present]
            if lacking:
                raise InvalidInputError(
                    f"table {table.name} in the environment has no column(s) {', '.join(lacking[:10])}: "
                    "provision with reset_env and reset_mode 'recreate' to rebuild it"
                )

    # --- part 2: rows, in one transaction -----------------------------------------------------------

    def load(
        self, store: DatasetStore, version_id: str, progress: Callable[[str, int], None], *, reset: bool
    ) -> None:
        self._execute("START TRANSACTION")
        for table in self.tables:
            name = q(self.names[table.key])
            if reset:
                self._execute(f"DELETE FROM {name}")
            self.rows_before[table.key] = int(self._execute(f"SELECT count(*) FROM {name}")[0][0])
        for table in self.tables:
            started = time.monotonic()
            loaded = self._insert(store, version_id, table)
            self.report.row_counts[table.name] = loaded
            self.report.timings[f"insert {table.name}"] = round(time.monotonic() - started, 3)
            progress(table.name, loaded)

    def _insert(self, store: DatasetStore, version_id: str, table: DatasetTable) -> int:
        columns = ", ".join(q(c) for c in table.columns)
        marks = ", ".join(["%s"] * len(table.columns))
        statement = f"INSERT INTO {q(self.names[table.key])} ({columns}) VALUES ({marks})"
        loaded = 0
        for batch in store.read_table(version_id, table.file, batch_size=INSERT_BATCH):
            self.check()
            rows = list(zip(*(_values(c) for c in batch.columns), strict=True))
            try:
                with self.conn.cursor() as cursor:
                    cursor.executemany(statement, rows)
            except Exception as exc:
                raise ProvisioningError(
                    f"the environment refused rows of {table.name}: {_reason(exc)}"
                ) from None
            loaded += len(rows)
        return loaded

    def smoke_tests(self, checks: Sequence[SmokeCheck], *, builtin: bool = True) -> list[dict[str, Any]]:
        results: list[dict[str, Any]] = []
        if builtin:
            for table in self.tables:
                expected = self.rows_before[table.key] + table.rows
                found = int(self._execute(f"SELECT count(*) FROM {q(self.names[table.key])}")[0][0])
                results.append(
                    {
                        "name": f"row count {table.name}",
                        "passed": found == expected,
                        "detail": f"{found} row(s), expected {expected}",
                    }
                )
        # Foreign keys were not checked during the load (foreign_key_checks off): every one is, here.
        for rel in self.snapshot.relationships:
            if rel.child_key not in self.names or rel.parent_key not in self.names:
                continue
            match = " AND ".join(
                f"p.{q(p)} = c.{q(c)}" for c, p in zip(rel.child_columns, rel.parent_columns, strict=True)
            )
            not_null = " AND ".join(f"c.{q(c)} IS NOT NULL" for c in rel.child_columns)
            orphans = int(
                self._execute(
                    f"SELECT count(*) FROM {q(self.names[rel.child_key])} c WHERE {not_null} AND NOT EXISTS "
                    f"(SELECT 1 FROM {q(self.names[rel.parent_key])} p WHERE {match})"
                )[0][0]
            )
            results.append(
                {
                    "name": f"foreign key {rel.name}",
                    "passed": orphans == 0,
                    "detail": f"{orphans} row(s) reference no parent",
                }
            )
        for check in checks:
            try:
                rows = self._execute(check.sql)
            except Exception as exc:
                results.append(
                    {"name": check.name, "passed": False, "detail": f"the query failed: {_reason(exc)}"}
                )
                continue
            value = rows[0][0] if rows and rows[0] else None
            results.append(
                {
                    "name": check.name,
                    "passed": same_value(value, check.expect),
                    "detail": f"got {value!r}, expected {check.expect!r}",
                }
            )
        self.report.smoke = results
        return results

    # --- the end --------------------------------------------------------------------------------------

    def commit(self) -> None:
        self.conn.commit()
        for _table, aside in self.renamed:
            self._execute(f"DROP TABLE IF EXISTS {q(aside)}")
        self.renamed = []

    def rollback(self) -> None:
        """Undo everything: the rows (transaction), the tables created, the tables set aside."""
        try:
            self.conn.rollback()
        finally:
            if self.created:
                self._execute("DROP TABLE IF EXISTS " + ", ".join(q(name) for name in self.created))
                self.created = []
            if self.renamed:
                self._execute("RENAME TABLE " + ", ".join(f"{q(b)} TO {q(a)}" for a, b in self.renamed))
                self.renamed = []


def _plain_index(index: dict[str, Any]) -> bool:
    """A B-tree (or hash) index on plain columns: the kind MySQL can create."""
    method = str(index.get("method") or "btree").lower()
    return method in ("btree", "hash") and not index.get("predicate") and not index.get("expressions")


def _values(column: pa.Array) -> list[Any]:
    return list(utc_without_zone(column).to_pylist())


def _reason(exc: Exception) -> str:
    """The server's message without the row's values (MySQL quotes the offending value: cut it)."""
    args: tuple[Any, ...] = tuple(getattr(exc, "args", ()))
    text = str(args[1]) if len(args) > 1 else str(exc)
    text = re.sub(r"'[^']*' for", "a value for", text)
    text = re.sub(r"Duplicate entry '.*?'", "Duplicate entry", text)
    return text.splitlines()[0][:300] if text else type(exc).__name__
