"""Sample up to N non-null values per column from a source database, in bulk and in bounded time.

One query per table fetches every candidate column at once (not one per column), plus at most one
top-up query for columns that were too sparse in it. PostgreSQL tables
larger than `big_table_rows` (by the planner's estimate) are read through TABLESAMPLE so the query touches
a fraction of the pages; smaller tables, MySQL and SQLite use LIMIT. Binary, array and document columns
are never read. Text is cut to 256 characters in the database so a huge CLOB never crosses the wire.
Every statement runs read-only under a statement timeout; a table that times out or fails is skipped
(its columns fall back to name-only classification) and recorded in `problems`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from tdm_core.errors import InvalidInputError
from tdm_core.redaction import redact_text

from tdm_agents.common.sql import quote_table
from tdm_agents.pii_detection.detectors import UNSAMPLED_FAMILIES, type_family
from tdm_agents.pii_detection.labels import ColumnInput, ColumnKey

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 256
_SYSTEM_SCHEMAS = frozenset(
    {"information_schema", "pg_catalog", "pg_toast", "mysql", "performance_schema", "sys"}
)


def is_sampleable(column: ColumnInput) -> bool:
    """Binary, array and document (json, tsvector, geometry...) columns are not sampled."""
    return type_family(column.data_type) not in UNSAMPLED_FAMILIES


class ColumnSampler:
    """Reads samples; `problems` maps "schema.table" to why it could not be sampled (no values in it)."""

    def __init__(
        self,
        engine: Engine,
        *,
        per_column: int = 100,
        big_table_rows: int = 100_000,
        statement_timeout_seconds: float = 10.0,
        total_timeout_seconds: float | None = 120.0,
        seed: int = 20240215,
    ) -> None:
        if per_column < 1:
            raise InvalidInputError(f"sample size per column must be at least 1, got {per_column}")
        if statement_timeout_seconds <= 0:
            raise InvalidInputError(f"statement timeout must be positive, got {statement_timeout_seconds}")
        self.engine = engine
        self.per_column = per_column
        self.big_table_rows = big_table_rows
        self.statement_timeout_seconds = statement_timeout_seconds
        self.total_timeout_seconds = total_timeout_seconds
        self.seed = seed
        self.problems: dict[str, str] = {}
        self.queries = 0  # statements that read table data (for tests and logs)
        self.methods: dict[str, str] = {}  # "schema.table" -> limit | bernoulli | system

    # --- public ----------------------------------------------------------------------------------

    def sample(self, columns: Sequence[ColumnInput]) -> dict[ColumnKey, list[Any]]:
        """Samples per column key; columns not sampled (skipped type, failed table) are absent."""
        by_table: dict[tuple[str | None, str], list[ColumnInput]] = {}
        for column in columns:
            if is_sampleable(column):
                by_table.setdefault((column.schema_name, column.table), []).append(column)
        deadline = (
            None if self.total_timeout_seconds is None else time.monotonic() + self.total_timeout_seconds
        )
        samples: dict[ColumnKey, list[Any]] = {}
        for (schema, table), table_columns in by_table.items():
            label = f"{schema}.{table}" if schema else table
            if deadline is not None and time.monotonic() > deadline:
                self.problems[label] = "sampling time budget exhausted before this table"
                continue
            try:
                samples.update(self._sample_table(schema, table, table_columns, deadline))
            except SQLAlchemyError as exc:
                # Driver messages may echo SQL but never row values; still scrub credentials.
                reason = redact_text(str(getattr(exc, "orig", None) or exc).splitlines()[0])[:300]
                self.problems[label] = reason
                log.warning("PII sampling skipped table %s: %s", label, reason)
        return samples

    # --- internals -------------------------------------------------------------------------------

    def _sample_table(
        self, schema: str | None, table: str, columns: list[ColumnInput], deadline: float | None
    ) -> dict[ColumnKey, list[Any]]:
        names = list(dict.fromkeys(c.column for c in columns))
        families = {c.column: type_family(c.data_type) for c in columns}
        tbl = sa.table(table, *(sa.column(name) for name in names), schema=schema)
        # Twice as many rows as values wanted, so sparse columns still collect a useful sample.
        row_limit = self.per_column * 2
        with self.engine.connect() as conn:
            self._begin_bounded(conn)
            estimate = self._estimate_rows(conn, schema, table)
            source: sa.FromClause = tbl
            method = "limit"
            if (
                self.engine.dialect.name == "postgresql"
                and estimate is not None
                and estimate > self.big_table_rows
            ):
                # SYSTEM reads whole pages (cheap on huge tables); BERNOULLI picks rows (better spread).
                method = "system" if estimate > 50 * self.big_table_rows else "bernoulli"
                # Aim a little above the row limit: LIMIT then trims only the tail of a sample that
                # spans the table, and falling short (a second, plain query) stays rare.
                percent = min(100.0, max(0.0001, 100.0 * row_limit * 1.3 / estimate))
                source = sa.tablesample(
                    tbl, getattr(sa.func, method)(percent), name="s", seed=sa.literal(self.seed)
                )
            rows = self._fetch(
                conn, source=source, names=names, families=families, limit=row_limit, deadline=deadline
            )
            if method != "limit" and len(rows) < self.per_column:
                # An unlucky sample: read the first rows instead.
                rows = self._fetch(
                    conn, source=tbl, names=names, families=families, limit=row_limit, deadline=deadline
                )
                method += "+limit"
            self.methods[f"{schema}.{table}" if schema else table] = method
            values: dict[str, list[Any]] = {name: [] for name in names}
            for row in rows:
                for name, value in zip(names, row, strict=True):
                    if value is not None:
                        values[name].append(value)
            values = {name: _spread(found, self.per_column) for name, found in values.items()}
            if method != "limit" or len(rows) >= row_limit:  # more rows exist than we read
                self._top_up(conn, tbl, values, families, deadline)
            conn.rollback()
        return {ColumnKey(schema, table, name): vals for name, vals in values.items()}

    def _top_up(
        self,
        conn: Connection,
        tbl: sa.TableClause,
        values: dict[str, list[Any]],
        families: Mapping[str, str],
        deadline: float | None,
    ) -> None:
        """More rows exist: one more query for the sparse columns only (rows where one of them is set).

        It may have to scan far on a huge table with an almost empty column, so it gets a third of the
        statement timeout, inside a savepoint: a timeout here keeps what the table query already read."""
        sparse = [name for name, found in values.items() if len(found) < self.per_column // 2]
        if not sparse or _expired(deadline):
            return
        budget = time.monotonic() + self.statement_timeout_seconds / 3
        deadline = budget if deadline is None else min(deadline, budget)
        try:
            with conn.begin_nested():
                rows = self._fetch(
                    conn,
                    source=tbl,
                    names=sparse,
                    families=families,
                    limit=self.per_column * 2,
                    deadline=deadline,
                )
        except SQLAlchemyError as exc:
            log.info("PII sampling: top-up of sparse columns of %s stopped: %s", tbl.name, type(exc).__name__)
            return
        for index, name in enumerate(sparse):
            found = [row[index] for row in rows if row[index] is not None]
            if len(found) > len(values[name]):
                values[name] = _spread(found, self.per_column)

    def _fetch(
        self,
        conn: Connection,
        *,
        source: sa.FromClause,
        names: list[str],
        families: Mapping[str, str],
        limit: int,
        deadline: float | None,
    ) -> list[Sequence[Any]]:
        selected: list[sa.ColumnElement[Any]] = []
        for name in names:
            col = source.c[name]
            if families[name] == "text":
                selected.append(sa.func.substr(sa.cast(col, sa.Text), 1, MAX_TEXT_CHARS).label(name))
            else:
                selected.append(col)
        query = sa.select(*selected).select_from(source)
        query = query.where(sa.or_(*(source.c[name].is_not(None) for name in names))).limit(limit)
        self._apply_timeout(conn, deadline)
        self.queries += 1
        return list(conn.execute(query).fetchall())

    def _begin_bounded(self, conn: Connection) -> None:
        if self.engine.dialect.name == "postgresql":
            conn.execute(sa.text("SET TRANSACTION READ ONLY"))

    def _apply_timeout(self, conn: Connection, deadline: float | None) -> None:
        seconds = self.statement_timeout_seconds
        if deadline is not None:
            seconds = max(0.05, min(seconds, deadline - time.monotonic()))
        millis = int(seconds * 1000)
        dialect = self.engine.dialect.name
        if dialect == "postgresql":
            conn.execute(sa.text("SELECT set_config('statement_timeout', :ms, true)"), {"ms": str(millis)})
        elif dialect in ("mysql", "mariadb"):
            conn.execute(sa.text(f"SET SESSION max_execution_time = {millis}"))

    def _estimate_rows(self, conn: Connection, schema: str | None, table: str) -> int | None:
        """The planner's row estimate (PostgreSQL); partitioned parents sum their partitions."""
        if self.engine.dialect.name != "postgresql":
            return None
        qualified = quote_table(schema, table)
        row = conn.execute(
            sa.text(
                "SELECT c.reltuples, (SELECT sum(greatest(p.reltuples, 0)) FROM pg_inherits i "
                "JOIN pg_class p ON p.oid = i.inhrelid WHERE i.inhparent = c.oid) "
                "FROM pg_class c WHERE c.oid = to_regclass(:name)"
            ),
            {"name": qualified},
        ).first()
        if row is None:
            return None
        own, children = row
        if own is not None and own > 0:
            return int(own)
        if children is not None and children > 0:
            return int(children)
        return None  # never analysed: unknown, LIMIT is safe anyway


def _spread(values: list[Any], count: int) -> list[Any]:
    """`count` values evenly spaced over `values` (deterministic), so a sample covers all rows read."""
    if len(values) <= count:
        return values
    return [values[i * len(values) // count] for i in range(count)]


def _expired(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() > deadline


def sample_columns(
    engine: Engine, columns: Sequence[ColumnInput], *, per_column: int = 100
) -> dict[ColumnKey, list[Any]]:
    """Convenience wrapper: sample with default bounds."""
    return ColumnSampler(engine, per_column=per_column).sample(columns)


def reflect_columns(engine: Engine, schemas: Iterable[str] | None = None) -> list[ColumnInput]:
    """Every column of every base table (views excluded) of the given schemas (default: all user schemas),
    with primary/foreign key flags. For callers without a metadata store (CLI, tests)."""
    inspector = sa.inspect(engine)
    if schemas is None:
        schemas = [
            s for s in inspector.get_schema_names() if s not in _SYSTEM_SCHEMAS and not s.startswith("pg_")
        ]
    result: list[ColumnInput] = []
    for schema in schemas:
        for table in inspector.get_table_names(schema=schema):
            primary = set(inspector.get_pk_constraint(table, schema=schema).get("constrained_columns") or [])
            foreign: set[str] = set()
            for fk in inspector.get_foreign_keys(table, schema=schema):
                foreign.update(fk.get("constrained_columns") or [])
            for col in inspector.get_columns(table, schema=schema):
                try:
                    data_type = str(col["type"].compile(dialect=engine.dialect))
                except Exception:
                    data_type = type(col["type"]).__name__
                result.append(
                    ColumnInput(
                        schema=schema,
                        table=table,
                        column=col["name"],
                        data_type=data_type,
                        is_primary_key=col["name"] in primary,
                        is_foreign_key=col["name"] in foreign,
                    )
                )
    return result
