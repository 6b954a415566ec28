"""Loading a dataset version into a PostgreSQL environment, in ONE transaction (spec 9.1).

`PostgresProvisioner` holds the target connection with its transaction open from `reset` to `commit`:
reset, schema, rows, keys, sequences and smoke checks all commit together or not at all. A failure
anywhere -- a row the target refuses, a key the data breaks, a smoke check -- rolls everything back
(PostgreSQL's DDL and TRUNCATE are transactional), so the environment is left exactly as it was; a
worker that dies mid-way leaves the same (the server rolls back an abandoned transaction).

Why one transaction and not a staging schema swapped in at the end: it keeps every object where the
application expects it (foreign keys from tables outside the dataset, grants, views on the tables),
and it lets COPY use FREEZE on tables created or truncated in the transaction (no second pass over
the rows to set hint bits). The cost: the environment's tables are locked while the job loads them,
which is what a reset means anyway.

Rows: each dataset table is streamed from Parquet as CSV into `COPY ... FROM STDIN` (psycopg 3); the
next chunk is encoded in a helper thread while the server parses the current one (pyarrow's CSV writer
releases the GIL), so the client and the server each keep a core busy.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import psycopg
import pyarrow as pa
import pyarrow.csv as pa_csv
from psycopg import sql
from tdm_core.errors import InvalidInputError, TDMError
from tdm_core.schema_model import RelationshipInfo, SchemaSnapshot, TableInfo, TableKey, qualified_name
from tdm_dataset_store.store import DatasetStore

from tdm_agents.provisioning import postgres_ddl as ddl
from tdm_agents.provisioning.contract import SmokeCheck

# One session look for every load: values read back exactly as the dataset wrote them.
SESSION_SETTINGS = (
    "SET LOCAL TimeZone = 'UTC'",
    "SET LOCAL DateStyle = 'ISO, MDY'",
    "SET LOCAL IntervalStyle = 'postgres'",
    "SET LOCAL extra_float_digits = 3",
    # Keys are built after the rows: a larger sort memory for those index builds (this transaction only).
    "SET LOCAL maintenance_work_mem = '512MB'",
)
SOURCE_SCHEMA = b"tdm.source_schema"
SOURCE_TABLE = b"tdm.source_table"
READ_BATCH_ROWS = 131_072


# Foreign keys as (child schema, table, parent schema, table), partitions named by their partitioned table.
_FOREIGN_KEYS_BY_ROOT = """
SELECT DISTINCT cn.nspname, c.relname, pn.nspname, p.relname FROM pg_constraint k
JOIN pg_class c ON c.oid = coalesce(pg_partition_root(k.conrelid), k.conrelid)
JOIN pg_namespace cn ON cn.oid = c.relnamespace
JOIN pg_class p ON p.oid = coalesce(pg_partition_root(k.confrelid), k.confrelid)
JOIN pg_namespace pn ON pn.oid = p.relnamespace
WHERE k.contype = 'f'
"""


class ProvisioningError(TDMError):
    """The target refused the dataset (a row, a key, a smoke check): nothing was committed."""

    status_code = 422
    code = "provisioning_failed"


@dataclass(frozen=True)
class DatasetTable:
    """One table of the dataset version: its file in the store, its table in the schema, its columns."""

    file: str
    key: TableKey
    columns: tuple[str, ...]
    rows: int

    @property
    def name(self) -> str:
        """As users name tables (the PII map's form): `customer`, `sales.orders`."""
        return qualified_name(*self.key)


def dataset_dialect(store: DatasetStore, version_id: str) -> str:
    """The dialect of the database the dataset's rows came from ("postgresql" or "mysql")."""
    for entry in store.manifest(version_id).tables:
        for schema_field in entry.pa_schema():
            dialect = (schema_field.metadata or {}).get(b"tdm.dialect")
            if dialect:
                return "mysql" if dialect.decode().startswith(("mysql", "mariadb")) else "postgresql"
    return "postgresql"


def dataset_tables(store: DatasetStore, version_id: str) -> list[DatasetTable]:
    """The tables of a dataset version, named by the source table its Parquet metadata records."""
    tables = []
    for entry in store.manifest(version_id).tables:
        schema = entry.pa_schema()
        meta = schema.metadata or {}
        if SOURCE_TABLE in meta:
            key = (meta.get(SOURCE_SCHEMA, b"public").decode(), meta[SOURCE_TABLE].decode())
        else:
            schema_name, _, table = entry.name.rpartition(".")
            key = (schema_name or "public", table)
        tables.append(DatasetTable(entry.name, key, tuple(schema.names), entry.row_count))
    return tables


@dataclass
class Report:
    """What the provision did, for the job result and events (names and counts, never values)."""

    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    row_counts: dict[str, int] = field(default_factory=dict)
    smoke: list[dict[str, Any]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


class PostgresProvisioner:
    """The phases of one provision, on a connection whose transaction the caller commits."""

    def __init__(
        self,
        conn: psycopg.Connection[Any],
        snapshot: SchemaSnapshot,
        tables: Sequence[DatasetTable],
        *,
        check: Callable[[], None] = lambda: None,
    ) -> None:
        self.conn = conn
        self.snapshot = snapshot
        self.tables = list(tables)
        self.check = check
        self.report = Report()
        self.created: set[TableKey] = set()  # tables created in this transaction
        self.emptied: set[TableKey] = set()  # tables truncated in this transaction
        self.rows_before: dict[TableKey, int] = {}
        self.dropped_foreign_keys: list[tuple[TableKey, str, str]] = []  # (table, name, definition)
        self._savepoints = 0
        missing = [t.name for t in self.tables if self.snapshot.table(t.key) is None]
        if missing:
            raise InvalidInputError(
                f"the dataset's schema version does not describe table(s) {', '.join(missing[:10])}"
            )
        for statement in SESSION_SETTINGS:
            self._execute(statement)

    def commit(self) -> None:
        self.conn.commit()

    def rollback(self) -> None:
        self.conn.rollback()  # DDL included: PostgreSQL undoes it all

    # --- helpers ------------------------------------------------------------------------------------

    def _execute(self, statement: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        with self.conn.cursor() as cursor:
            cursor.execute(statement.encode() if params is None else statement, params)
            return list(cursor.fetchall()) if cursor.description else []

    def _run(self, statement: ddl.Statement) -> bool:
        """Run a DDL statement; an optional one inside a savepoint, its failure kept as a warning."""
        self.check()
        if statement.required:
            try:
                self._execute(statement.sql)
            except psycopg.Error as exc:
                raise ProvisioningError(f"could not create {statement.what}: {_reason(exc)}") from None
            self.report.changes.append(statement.what)
            return True
        self._savepoints += 1
        name = f"tdm_optional_{self._savepoints}"
        self._execute(f"SAVEPOINT {name}")
        try:
            self._execute(statement.sql)
        except psycopg.Error as exc:
            self._execute(f"ROLLBACK TO SAVEPOINT {name}")
            self.report.warnings.append(f"{statement.what} not created: {_reason(exc)}")
            return False
        self._execute(f"RELEASE SAVEPOINT {name}")
        self.report.changes.append(statement.what)
        return True

    def catalog(self) -> ddl.TargetCatalog:
        found: dict[str, Any] = {}
        for part, query in ddl.CATALOG_SQL.items():
            rows = self._execute(query)
            found[part] = {row[0] for row in rows} if part == "schemas" else {tuple(row) for row in rows}
        return ddl.TargetCatalog(**found)

    def _table_info(self, key: TableKey) -> TableInfo:
        table = self.snapshot.table(key)
        assert table is not None  # checked in __init__
        return table

    def _count(self, key: TableKey) -> int:
        return int(self._execute(f"SELECT count(*) FROM {ddl.qtable(key)}")[0][0])

    # --- reset_env ----------------------------------------------------------------------------------

    def reset(self, mode: str) -> None:
        """Empty the dataset's tables that exist in the target (`truncate`), or drop them (`recreate`).

        One TRUNCATE of all the tables at once: PostgreSQL then accepts foreign keys among them in
        any direction, cycles included (the reverse-FK order one table at a time would need)."""
        catalog = self.catalog()
        present = [t.key for t in self.tables if t.key in catalog.tables]
        if not present:
            return
        names = ", ".join(ddl.qtable(key) for key in present)
        if mode == "recreate":
            self._execute(f"DROP TABLE {names} CASCADE")
            self.report.changes.append(f"dropped {len(present)} table(s) to recreate them")
            return
        outside = self._execute(_FOREIGN_KEYS_BY_ROOT)
        wanted = set(present)
        blockers = sorted(
            f"{row[0]}.{row[1]} -> {row[2]}.{row[3]}"
            for row in outside
            if (row[2], row[3]) in wanted and (row[0], row[1]) not in wanted
        )
        if blockers:
            raise InvalidInputError(
                "cannot empty the environment's tables: tables outside the dataset reference them "
                f"({', '.join(blockers[:5])}); use reset_mode 'recreate' or provision those tables too"
            )
        self._execute(f"TRUNCATE {names} RESTART IDENTITY")
        self.emptied |= set(present)
        self.report.changes.append(f"emptied {len(present)} table(s)")

    # --- apply_schema -------------------------------------------------------------------------------

    def apply_schema(self) -> None:
        """Create the types, sequences and tables the target lacks (keys come after the rows)."""
        catalog = self.catalog()
        infos = [self._table_info(t.key) for t in self.tables]
        missing = [table for table in infos if table.key not in catalog.tables]
        for statement in ddl.type_statements(missing, catalog) + ddl.sequence_statements(missing, catalog):
            self._run(statement)
        for table in missing:
            for statement in ddl.table_statements(table):
                self._run(statement)
            for statement in ddl.default_statements(table):
                self._run(statement)
            self.created.add(table.key)
        self._drop_foreign_keys_among_dataset_tables()
        for loaded in self.tables:
            fresh = loaded.key in self.created | self.emptied
            self.rows_before[loaded.key] = 0 if fresh else self._count(loaded.key)
        self._check_columns()

    def _drop_foreign_keys_among_dataset_tables(self) -> None:
        """Existing foreign keys from a dataset table: dropped for the load, added back (and so
        validated) after it, all in this transaction -- rows can then arrive in any table order."""
        keys = {t.key for t in self.tables} - self.created
        if not keys:
            return
        rows = self._execute(
            "SELECT n.nspname, c.relname, rn.nspname, r.relname, k.conname, pg_get_constraintdef(k.oid) "
            "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_class r ON r.oid = coalesce(pg_partition_root(c.oid), c.oid) "
            "JOIN pg_namespace rn ON rn.oid = r.relnamespace "
            "WHERE k.contype = 'f' AND k.conparentid = 0"  # a partition's clone goes with its parent's key
        )
        for schema, table, root_schema, root, name, definition in rows:
            if (root_schema, root) in keys:  # a key declared on a partition is its table's
                self._execute(f"ALTER TABLE {ddl.qtable((schema, table))} DROP CONSTRAINT {ddl.qident(name)}")
                self.dropped_foreign_keys.append(((schema, table), name, definition))

    def _check_columns(self) -> None:
        """Every column of the dataset must exist in the target table (an older table may lack one)."""
        rows = self._execute(
            "SELECT n.nspname, c.relname, a.attname FROM pg_attribute a "
            "JOIN pg_class c ON c.oid = a.attrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE a.attnum > 0 AND NOT a.attisdropped "
            "AND c.relkind IN ('r', 'p')"
        )
        present: dict[TableKey, set[str]] = {}
        for schema, table, column in rows:
            present.setdefault((schema, table), set()).add(column)
        for table in self.tables:
            lacking = [c for c in table.columns if c not in present.get(table.key, set())]
            if lacking:
                raise InvalidInputError(
                    f"table {table.name} in the environment has no column(s) {', '.join(lacking[:10])}: "
                    "provision with reset_env and reset_mode 'recreate' to rebuild it from the schema version"
                )

    # --- load_data ----------------------------------------------------------------------------------

    def load(self, store: DatasetStore, version_id: str, progress: Callable[[str, int], None]) -> None:
        for table in self.tables:
            self.check()
            started = time.monotonic()
            loaded = self._copy(store, version_id, table)
            self.report.row_counts[table.name] = loaded
            self.report.timings[f"copy {table.name}"] = round(time.monotonic() - started, 3)
            progress(table.name, loaded)

    def _copy(self, store: DatasetStore, version_id: str, table: DatasetTable) -> int:
        info = self._table_info(table.key)
        freeze = (table.key in self.created | self.emptied) and info.kind != "partitioned_table"
        statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv{})").format(
            sql.SQL(ddl.qtable(table.key)),
            sql.SQL(", ").join(sql.Identifier(c) for c in table.columns),
            sql.SQL(", FREEZE" if freeze else ""),
        )
        chunks = _csv_chunks(store.read_table(version_id, table.file, batch_size=READ_BATCH_ROWS))
        try:
            with self.conn.cursor() as cursor:
                with cursor.copy(statement) as copy:
                    for chunk in _prefetched(chunks):
                        copy.write(chunk)
                        self.check()
                return int(cursor.rowcount)
        except psycopg.Error as exc:
            raise ProvisioningError(f"the environment refused rows of {table.name}: {_reason(exc)}") from None

    # --- keys, sequences ----------------------------------------------------------------------------

    def add_keys(self) -> None:
        """Keys, indexes and checks of the tables created here, then every foreign key among the
        dataset's tables (the ones dropped for the load come back as they were)."""
        catalog = self.catalog()
        started = time.monotonic()
        for key in sorted(self.created):
            for statement in ddl.key_statements(self._table_info(key), catalog):
                self._run(statement)
        for table_key, name, definition in self.dropped_foreign_keys:
            self._run(
                ddl.Statement(
                    f"ALTER TABLE {ddl.qtable(table_key)} ADD CONSTRAINT {ddl.qident(name)} {definition}",
                    f"foreign key {name} on {ddl.qualified(table_key)}",
                )
            )
        catalog = self.catalog()
        for statement in ddl.foreign_key_statements(
            self.snapshot.relationships, {t.key for t in self.tables}, catalog
        ):
            self._run(statement)
        self.report.timings["keys"] = round(time.monotonic() - started, 3)

    def set_sequences(self) -> None:
        """Identity and serial sequences past the largest loaded value, so the application's next
        INSERT gets a free key (never moved backwards)."""
        for table in self.tables:
            info = self._table_info(table.key)
            for column in info.columns:
                details = column.type_details or {}
                sequence = self._sequence_of(table.key, column.name, details)
                if sequence is None:
                    continue
                top = self._execute(f"SELECT max({ddl.qident(column.name)}) FROM {ddl.qtable(table.key)}")[0][
                    0
                ]
                if top is None:
                    continue
                self._execute(
                    "SELECT setval(%s::regclass, %s, true) WHERE %s > (SELECT CASE WHEN is_called THEN "
                    f"last_value ELSE last_value - 1 END FROM {sequence})",
                    (sequence, int(top), int(top)),
                )

    def _sequence_of(self, key: TableKey, column: str, details: dict[str, Any]) -> str | None:
        if not (details.get("identity") or details.get("serial")):
            return None
        owned = self._execute("SELECT pg_get_serial_sequence(%s, %s)", (ddl.qtable(key), column))[0][0]
        if owned:
            return str(owned)
        serial = details.get("serial") or {}
        if serial.get("sequence"):
            return ddl.qtable(ddl._split(str(serial["sequence"])))
        return None

    # --- run_smoke_tests ----------------------------------------------------------------------------

    def smoke_tests(self, checks: Sequence[SmokeCheck], *, builtin: bool = True) -> list[dict[str, Any]]:
        """Row counts, foreign keys, then the user's checks; every result is kept (passed or not)."""
        results: list[dict[str, Any]] = []
        if builtin:
            for table in self.tables:
                expected = self.rows_before[table.key] + table.rows
                found = self._count(table.key)
                results.append(
                    {
                        "name": f"row count {table.name}",
                        "passed": found == expected,
                        "detail": f"{found} row(s), expected {expected}",
                    }
                )
            results += self._foreign_key_checks()
        for check in checks:
            results.append(self._user_check(check))
        self.report.smoke = results
        return results

    def _foreign_key_checks(self) -> list[dict[str, Any]]:
        """Declared keys were validated when added; a virtual one (declared in the platform only) is
        checked with an anti-join."""
        loaded = {t.key for t in self.tables}
        declared = [
            r for r in self.snapshot.relationships if r.child_key in loaded and r.parent_key in loaded
        ]
        results = []
        if any(not r.is_user_defined for r in declared):
            count = sum(1 for r in declared if not r.is_user_defined)
            results.append(
                {"name": "foreign keys", "passed": True, "detail": f"{count} constraint(s) validated"}
            )
        for rel in (r for r in declared if r.is_user_defined):
            orphans = self._orphans(rel)
            results.append(
                {
                    "name": f"virtual foreign key {rel.name}",
                    "passed": orphans == 0,
                    "detail": f"{orphans} row(s) reference no parent",
                }
            )
        return results

    def _orphans(self, rel: RelationshipInfo) -> int:
        match = " AND ".join(
            f"p.{ddl.qident(pc_)} = c.{ddl.qident(cc)}"
            for cc, pc_ in zip(rel.child_columns, rel.parent_columns, strict=True)
        )
        not_null = " AND ".join(f"c.{ddl.qident(cc)} IS NOT NULL" for cc in rel.child_columns)
        query = (
            f"SELECT count(*) FROM {ddl.qtable(rel.child_key)} c WHERE {not_null} AND NOT EXISTS "
            f"(SELECT 1 FROM {ddl.qtable(rel.parent_key)} p WHERE {match})"
        )
        return int(self._execute(query)[0][0])

    def _user_check(self, check: SmokeCheck) -> dict[str, Any]:
        self._savepoints += 1
        name = f"tdm_check_{self._savepoints}"
        self._execute(f"SAVEPOINT {name}")
        try:
            rows = self._execute(check.sql)
        except psycopg.Error as exc:
            self._execute(f"ROLLBACK TO SAVEPOINT {name}")
            return {"name": check.name, "passed": False, "detail": f"the query failed: {_reason(exc)}"}
        self._execute(f"RELEASE SAVEPOINT {name}")
        value = rows[0][0] if rows and rows[0] else None
        passed = same_value(value, check.expect)
        shown = "no row" if not rows else repr(_display(value))
        return {"name": check.name, "passed": passed, "detail": f"got {shown}, expected {check.expect!r}"}


def same_value(got: Any, expected: Any) -> bool:
    """A check's result equals its expectation: booleans as booleans, numbers as numbers (1 == 1.0),
    anything else as text."""
    if got is None or expected is None:
        return got is None and expected is None
    if isinstance(expected, bool) or isinstance(got, bool):
        return _truth(got) is not None and _truth(got) == _truth(expected)
    try:
        a, b = Decimal(str(got)), Decimal(str(expected))
    except InvalidOperation:
        return str(got) == str(expected)
    return a == b if a.is_finite() and b.is_finite() else str(a) == str(b)


def _truth(value: Any) -> bool | None:
    text = str(value).strip().lower()
    return True if text in ("true", "t", "1") else False if text in ("false", "f", "0") else None


def _display(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value if isinstance(value, int | float | str | bool) or value is None else str(value)


def _reason(exc: psycopg.Error) -> str:
    """The server's message, first line, without the row's values (DETAIL lines may quote data)."""
    diag = getattr(exc, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    text = str(primary or exc).splitlines()[0]
    return text[:300]


# --- Parquet -> CSV ------------------------------------------------------------------------------


def _csv_chunks(batches: Iterator[pa.RecordBatch]) -> Iterator[bytes]:
    for batch in batches:
        yield _csv(batch)


def _csv(batch: pa.RecordBatch) -> bytes:
    """A batch as CSV COPY reads it: strings always quoted (so "" is an empty string and an unquoted
    empty field is NULL), numbers and dates bare, bytea as \\x-hex."""
    columns = [_csv_ready(column) for column in batch.columns]
    table = pa.Table.from_arrays(columns, names=batch.schema.names)
    sink = pa.BufferOutputStream()
    pa_csv.write_csv(
        table, sink, write_options=pa_csv.WriteOptions(include_header=False, quoting_style="needed")
    )
    return bytes(sink.getvalue())


def _csv_ready(column: pa.Array) -> pa.Array:
    if pa.types.is_binary(column.type):
        return _hex(column)
    return utc_without_zone(column)


def utc_without_zone(column: pa.Array) -> pa.Array:
    """Zone-aware timestamps as zone-less UTC ones. The dataset holds UTC instants and every target
    session runs in UTC, so they read back as the same instants -- and Arrow formats zone-less
    timestamps 25x faster."""
    if pa.types.is_timestamp(column.type) and column.type.tz is not None:
        return column.cast(pa.timestamp(column.type.unit))
    return column


def _hex(column: pa.Array) -> pa.Array:
    """bytea's text form: \\x and hex digits."""
    return pa.array([None if v is None else "\\x" + v.hex() for v in column.to_pylist()], pa.string())


def _prefetched(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks, each encoded in a helper thread while the previous one is sent."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tdm-csv") as pool:
        pending = pool.submit(next, chunks, None)
        while True:
            chunk = pending.result()
            if chunk is None:
                return
            pending = pool.submit(next, chunks, None)
            yield chunk
