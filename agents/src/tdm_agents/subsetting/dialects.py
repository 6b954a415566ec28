"""The SQL of a subset, per source dialect: key tables, entry and closure statements, extraction.

The closure (`extractor.py`) keeps, per table of the subset, a temporary *key table* in the source
database holding the identity of every kept row plus the columns its foreign keys use (so following a
key never re-reads the big table for them), a flag `d` (the row was reached going down, so its children
are followed) and `g`, the number of the statement that added it (so each step reads only the rows
added since it last ran: semi-naive evaluation). Key-table columns are named c0, c1 ... after their
position in `KeyTable.columns`; the key columns come first.

A row is identified by the table's primary key, else a unique key of NOT NULL columns; on PostgreSQL a
table with neither is identified by (tableoid, ctid), stable for the whole repeatable-read snapshot the
subset runs in. Filter values are always bound parameters (`%(p1)s`): pyformat is understood by both
drivers (psycopg, PyMySQL), which is why a literal percent sign is written `%%` here.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any, Protocol

from tdm_core.errors import InvalidInputError

from tdm_agents.common.sql import quote_identifier
from tdm_agents.subsetting.fk_graph import Edge
from tdm_agents.subsetting.subset_parser import Condition, TablePlan

# Sampling keeps a row when its seeded hash, reduced to [0, 1e6), is below pct * 1e4.
SAMPLING_SCALE = 1_000_000
# Salt added to the seed for the order in which a cap keeps rows (distinct from the sampling hash).
CAP_SALT = 7_919
ROW_ID = ("tdm_row_table", "tdm_row_id")
# A carried "column" holding the row's physical address (PostgreSQL ctid): extraction then fetches the
# kept rows by address (a TID scan) instead of joining the whole table with the key table again.
ROW_ADDRESS = "tdm_row_address"
# How a step may write a key table: "new" (it is empty: plain INSERT), "down" (every row in it came
# down: skip the ones already there), "mixed" (some rows are parents only: insert or upgrade them).
EntryMode = str


@dataclass
class KeyTable:
    """The temporary table of one subset table, and how its columns map to the source's."""

    plan: TablePlan
    temp_name: str
    columns: list[str]  # source columns carried, key columns first (ROW_ID names for row_id tables)
    key_width: int  # the first key_width columns identify a row

    def alias_of(self, column: str) -> str:
        return f"c{self.columns.index(column)}"

    @property
    def key_aliases(self) -> list[str]:
        return [f"c{i}" for i in range(self.key_width)]

    @property
    def aliases(self) -> list[str]:
        return [f"c{i}" for i in range(len(self.columns))]

    @property
    def address_alias(self) -> str | None:
        """The key-table column holding each row's physical address, if it carries one."""
        if ROW_ADDRESS in self.columns:
            return self.alias_of(ROW_ADDRESS)
        if self.plan.key_kind == "row_id" and not self.plan.partitioned:
            return self.alias_of(ROW_ID[1])
        return None


@dataclass
class Params:
    """Bound parameters of one statement: `add` returns the placeholder of a new value."""

    values: dict[str, Any] = field(default_factory=dict)

    def add(self, value: Any) -> str:
        name = f"p{len(self.values) + 1}"
        self.values[name] = value
        return f"%({name})s"


class Executor(Protocol):
    """Runs one statement on the subset's connection (inside its transaction)."""

    def execute(self, sql: str, params: Params) -> int:
        """The statement's row count."""
        ...

    def row(self, sql: str, params: Params) -> tuple[Any, ...]:
        """The statement's single result row."""
        ...


class SubsetDialect:
    """What every dialect shares; subclasses fill in the differences."""

    family = ""
    text_type = "TEXT"
    session_settings: tuple[str, ...] = ()
    # A setting that must come before the session touches any temporary table (ignored if refused).
    temp_buffers: str | None = None

    def __init__(self, suffix: str | None = None) -> None:
        self.suffix = suffix or uuid.uuid4().hex[:8]

    # --- names -----------------------------------------------------------------------------------
    def ident(self, name: str) -> str:
        # Doubled percent signs: the statement is run with parameters (see the module docstring).
        return quote_identifier(name, self.family).replace("%", "%%")

    def table(self, plan: TablePlan) -> str:
        return f"{self.ident(plan.schema_name)}.{self.ident(plan.name)}"

    def temp(self, name: str) -> str:
        return self.ident(name)

    def source_column(self, key_table: KeyTable, column: str, alias: str = "t") -> str:
        if column in ROW_ID:
            raise InvalidInputError(f"{key_table.plan.qualified}: rows without a key are not supported here")
        return f"{alias}.{self.ident(column)}"

    def carried_exprs(self, key_table: KeyTable, alias: str = "t") -> list[str]:
        return [self.source_column(key_table, c, alias) for c in key_table.columns]

    # --- conditions --------------------------------------------------------------------------------
    def predicate(self, key_table: KeyTable, params: Params, seed: int, alias: str = "t") -> str:
        """The entry condition of a table: its filters and its sampling, AND-ed ("TRUE" if none)."""
        plan = key_table.plan
        parts = [self.condition(c, params, alias) for c in plan.conditions]
        if plan.sampling_pct is not None:
            threshold = round(plan.sampling_pct * SAMPLING_SCALE / 100)
            parts.append(f"{self.row_hash(key_table, params, seed, alias)} < {params.add(threshold)}")
        return " AND ".join(f"({p})" for p in parts) if parts else "TRUE"

    def condition(self, condition: Condition, params: Params, alias: str) -> str:
        column = f"{alias}.{self.ident(condition.column)}"
        op, value = condition.op, condition.value
        if op == "is_null":
            return f"{column} IS {'' if value else 'NOT '}NULL"
        if op == "like":
            return f"CAST({column} AS {self.text_type}) LIKE {params.add(value)}"

        def bind(item: Any) -> str:
            return params.add(self.bound(item, condition.kind))

        if op in ("in", "not_in"):
            listed = ", ".join(bind(item) for item in value)
            # not_in, like ne, keeps NULLs: a NULL is not one of the values.
            return (
                f"{column} IN ({listed})"
                if op == "in"
                else f"({column} IS NULL OR {column} NOT IN ({listed}))"
            )
        if op == "between":
            return f"{column} BETWEEN {bind(value[0])} AND {bind(value[1])}"
        if op == "ne":
            return f"({column} IS NULL OR {column} <> {bind(value)})"
        symbol = {"eq": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[op]
        return f"{column} {symbol} {bind(value)}"

    def bound(self, value: Any, kind: str) -> Any:
        """The Python value the driver binds for a JSON value checked by the parser."""
        if kind == "number":
            return Decimal(str(value))
        if kind == "date":
            return date.fromisoformat(str(value))
        if kind == "timestamptz":
            moment = datetime.fromisoformat(str(value))
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        if kind == "timestamp":
            moment = datetime.fromisoformat(str(value))
            return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
        if kind == "time":
            return time.fromisoformat(str(value) if str(value).count(":") > 1 else f"{value}:00")
        return value

    def row_hash(self, key_table: KeyTable, params: Params, seed: int, alias: str = "t") -> str:
        raise NotImplementedError

    # --- statements --------------------------------------------------------------------------------
    def addresses_rows(self, plan: TablePlan) -> bool:
        """Whether the key table of `plan` carries each row's physical address (ROW_ADDRESS)."""
        return False

    def create_key_table(self, key_table: KeyTable) -> list[str]:
        raise NotImplementedError

    def begin(self) -> str:
        raise NotImplementedError

    def analyze(self, key_table: KeyTable) -> str | None:
        return None

    def insert_all(self, key_table: KeyTable, stamp: int) -> tuple[str, Params]:
        """Every row of a table copied whole (passthrough)."""
        params = Params()
        sql = (
            f"INSERT INTO {self.temp(key_table.temp_name)} ({', '.join(key_table.aliases)}, d, g) "
            f"SELECT {', '.join(self.carried_exprs(key_table))}, {self.false}, {params.add(stamp)} "
            f"FROM {self.table(key_table.plan)} t"
        )
        return sql, params

    def enter(
        self,
        run: Executor,
        key_table: KeyTable,
        *,
        stamp: int,
        seed: int,
        via: tuple[Edge, KeyTable, int] | None,
        limit: int | None,
        mode: EntryMode = "mixed",
    ) -> tuple[int | None, int]:
        """Rows entering `key_table` going down -- the root's rows when `via` is None -- are those that
        meet its entry condition and, through `via` = (edge, parent key table, cursor), reference a
        parent row reached down after the cursor. They are added with d set (rows already kept as
        parents only are upgraded). With `limit`, at most that many, the first in seeded hash order.
        `mode` says what the key table may already hold (EntryMode), so the cheapest write is used.
        Returns (candidates when limited else None, rows added or upgraded)."""
        raise NotImplementedError

    def close_up(
        self,
        run: Executor,
        edge: Edge,
        child: KeyTable,
        parent: KeyTable,
        *,
        stamp: int,
        cursor: int,
        down: bool,
    ) -> int:
        """Adds the parent rows referenced by child rows added after `cursor` that are not kept yet
        (with d = `down`); returns how many."""
        raise NotImplementedError

    false = "false"

    def in_parents(self, edge: Edge, child: KeyTable, parent_source: str, alias: str = "t") -> str:
        """`(child fk columns) IN (<parent_source>)`: the child rows of the given parent values."""
        columns = ", ".join(f"{alias}.{self.ident(c)}" for c in edge.child_columns)
        return f"({columns}) IN ({parent_source})"

    def dangling(self, run: Executor, edge: Edge, child: KeyTable, parent: KeyTable) -> int:
        """How many kept child rows reference a row that is not kept (must be none)."""
        (count,) = run.row(*self.verify_statement(edge, child, parent))
        return int(count)

    def verify_statement(self, edge: Edge, child: KeyTable, parent: KeyTable) -> tuple[str, Params]:
        """Kept child rows whose (non-NULL) reference finds no kept parent row: must be none."""
        params = Params()
        fks = [child.alias_of(c) for c in edge.child_columns]
        refs = [parent.alias_of(c) for c in edge.parent_columns]
        not_null = " AND ".join(f"c.{a} IS NOT NULL" for a in fks)
        matches = " AND ".join(f"y.{r} = c.{a}" for r, a in zip(refs, fks, strict=True))
        sql = (
            f"SELECT count(*) FROM {self.temp(child.temp_name)} c WHERE {not_null} "
            f"AND NOT EXISTS (SELECT 1 FROM {self.temp(parent.temp_name)} y WHERE {matches})"
        )
        if edge.user_defined:
            # A virtual key may point at rows the source itself does not have: not ours to add.
            exists = " AND ".join(
                f"p.{self.ident(r)} = c.{a}" for r, a in zip(edge.parent_columns, fks, strict=True)
            )
            sql += f" AND EXISTS (SELECT 1 FROM {self.table(parent.plan)} p WHERE {exists})"
        return sql, params

    def extract_query(self, key_table: KeyTable, columns: Sequence[str]) -> str:
        """The kept rows of a table, its columns in order."""
        selected = ", ".join(f"t.{self.ident(c)}" for c in columns)
        source = f"{self.table(key_table.plan)} t"
        if key_table.plan.passthrough:
            return f"SELECT {selected} FROM {source}"
        keys = ", ".join(self.source_column(key_table, c) for c in key_table.columns[: key_table.key_width])
        aliases = ", ".join(key_table.key_aliases)
        kept = f"SELECT {aliases} FROM {self.temp(key_table.temp_name)}"
        return f"SELECT {selected} FROM {source} WHERE ({keys}) IN ({kept})"


class PostgresSubset(SubsetDialect):
    family = "postgresql"
    text_type = "text"

    session_settings: tuple[str, ...] = (
        # Values in the forms the exporter parses, whatever the server's defaults.
        "SET TimeZone = 'UTC'",
        "SET DateStyle = 'ISO, MDY'",
        "SET IntervalStyle = 'postgres'",
        "SET bytea_output = 'hex'",
        "SET extra_float_digits = 3",
        # The closure joins key tables of up to millions of rows: hash them in memory, skip JIT (its
        # compile time costs more than it saves on statements this short).
        "SET work_mem = '128MB'",
        "SET jit = off",
    )
    temp_buffers: str | None = "SET temp_buffers = '256MB'"

    def temp(self, name: str) -> str:
        return f"pg_temp.{self.ident(name)}"

    def table(self, plan: TablePlan) -> str:
        # ONLY: a table's own rows. The children of an (old-style) inheritance parent are tables of
        # their own in the schema; a partitioned table's rows all live in its partitions.
        return super().table(plan) if plan.partitioned else f"ONLY {super().table(plan)}"

    def source_column(self, key_table: KeyTable, column: str, alias: str = "t") -> str:
        if column == ROW_ID[0]:
            return f"{alias}.tableoid"
        if column in (ROW_ID[1], ROW_ADDRESS):
            return f"{alias}.ctid"
        return f"{alias}.{self.ident(column)}"

    def addresses_rows(self, plan: TablePlan) -> bool:
        # Partitioned tables: a ctid is only unique within one partition (the key join is used).
        return not plan.passthrough and not plan.partitioned and plan.key_kind != "row_id"

    def extract_query(self, key_table: KeyTable, columns: Sequence[str]) -> str:
        address = key_table.address_alias
        if key_table.plan.passthrough or address is None:
            return super().extract_query(key_table, columns)
        # A TID scan: the kept rows fetched by address, valid within this snapshot (the row versions it
        # sees cannot be pruned while it is open).
        selected = ", ".join(f"t.{self.ident(c)}" for c in columns)
        kept = f"SELECT {address} FROM {self.temp(key_table.temp_name)}"
        return f"SELECT {selected} FROM {self.table(key_table.plan)} t WHERE t.ctid = ANY(ARRAY({kept}))"

    def row_hash(self, key_table: KeyTable, params: Params, seed: int, alias: str = "t") -> str:
        if key_table.plan.key_kind == "row_id":
            text = f"{alias}::text"  # the whole row: stable across runs, unlike its address
        else:
            keys = ", ".join(f"{alias}.{self.ident(c)}" for c in key_table.plan.key)
            text = f"ROW({keys})::text"
        return f"((hashtextextended({text}, {params.add(seed)}) & 9223372036854775807) %% {SAMPLING_SCALE})"

    def create_key_table(self, key_table: KeyTable) -> list[str]:
        name = self.temp(key_table.temp_name)
        exprs = ", ".join(f"{expr} AS c{i}" for i, expr in enumerate(self.carried_exprs(key_table)))
        statements = [
            f"CREATE TEMP TABLE {self.ident(key_table.temp_name)} AS SELECT {exprs} "
            f"FROM {self.table(key_table.plan)} t LIMIT 0",
            f"ALTER TABLE {name} ADD COLUMN d boolean NOT NULL DEFAULT false, "
            "ADD COLUMN g integer NOT NULL DEFAULT 0",
        ]
        if not key_table.plan.passthrough:
            statements.append(f"ALTER TABLE {name} ADD PRIMARY KEY ({', '.join(key_table.key_aliases)})")
        return statements

    def begin(self) -> str:
        # One snapshot for the closure and the extraction; only temporary tables are written.
        return "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

    def analyze(self, key_table: KeyTable) -> str | None:
        return f"ANALYZE {self.temp(key_table.temp_name)}"

    def _upsert_down(self, key_table: KeyTable) -> str:
        keys = ", ".join(key_table.key_aliases)
        return f"ON CONFLICT ({keys}) DO UPDATE SET d = true, g = EXCLUDED.g WHERE NOT x.d"

    def enter(
        self,
        run: Executor,
        key_table: KeyTable,
        *,
        stamp: int,
        seed: int,
        via: tuple[Edge, KeyTable, int] | None,
        limit: int | None,
        mode: EntryMode = "mixed",
    ) -> tuple[int | None, int]:
        sql, params = self._enter_sql(key_table, stamp=stamp, seed=seed, via=via, limit=limit, mode=mode)
        if limit is None:
            return None, run.execute(sql, params)
        candidates, entered = run.row(sql, params)
        return int(candidates), int(entered)

    def _enter_sql(
        self,
        key_table: KeyTable,
        *,
        stamp: int,
        seed: int,
        via: tuple[Edge, KeyTable, int] | None,
        limit: int | None,
        mode: EntryMode,
    ) -> tuple[str, Params]:
        params = Params()
        name = self.temp(key_table.temp_name)
        columns = ", ".join(key_table.aliases)
        exprs = ", ".join(self.carried_exprs(key_table))
        where = [self.predicate(key_table, params, seed)]
        if via is not None:
            edge, parent, cursor = via
            refs = ", ".join(parent.alias_of(c) for c in edge.parent_columns)
            going_down = (
                f"SELECT {refs} FROM {self.temp(parent.temp_name)} WHERE d AND g > {params.add(cursor)}"
            )
            where.append(self.in_parents(edge, key_table, going_down))
        keys = ", ".join(self.source_column(key_table, c) for c in key_table.columns[: key_table.key_width])
        kept = (
            f"SELECT 1 FROM {name} y WHERE ({', '.join('y.' + a for a in key_table.key_aliases)}) = ({keys})"
        )
        # The rows of the source scan are distinct, so a write conflicts only with rows already kept:
        # none in an empty key table, only skippable ones when every kept row came down.
        if mode == "down" or (mode == "mixed" and limit is not None):
            where.append(f"NOT EXISTS ({kept}{' AND y.d' if mode == 'mixed' else ''})")
        upsert = self._upsert_down(key_table) if mode == "mixed" else ""
        stamp_param = params.add(stamp)
        if limit is None:
            sql = (
                f"INSERT INTO {name} AS x ({columns}, d, g) SELECT {exprs}, true, {stamp_param} "
                f"FROM {self.table(key_table.plan)} t WHERE {' AND '.join(where)} {upsert}"
            )
            return sql, params
        order = self.row_hash(key_table, params, seed + CAP_SALT)
        sql = (
            f"WITH cand AS MATERIALIZED (SELECT {exprs}, {order} AS tdm_order "
            f"FROM {self.table(key_table.plan)} t WHERE {' AND '.join(where)}), "
            f"ins AS (INSERT INTO {name} AS x ({columns}, d, g) SELECT {columns}, true, {stamp_param} "
            f"FROM (SELECT * FROM cand ORDER BY tdm_order LIMIT {params.add(limit)}) "
            f"AS chosen({columns}, tdm_order) {upsert} RETURNING 1) "
            "SELECT (SELECT count(*) FROM cand), (SELECT count(*) FROM ins)"
        )
        return sql, params

    def close_up(
        self,
        run: Executor,
        edge: Edge,
        child: KeyTable,
        parent: KeyTable,
        *,
        stamp: int,
        cursor: int,
        down: bool,
    ) -> int:
        return run.execute(*self._close_up_sql(edge, child, parent, stamp=stamp, cursor=cursor, down=down))

    def _close_up_sql(
        self, edge: Edge, child: KeyTable, parent: KeyTable, *, stamp: int, cursor: int, down: bool
    ) -> tuple[str, Params]:
        params = Params()
        fks = [child.alias_of(c) for c in edge.child_columns]
        refs = [parent.alias_of(c) for c in edge.parent_columns]
        not_null = " AND ".join(f"c.{a} IS NOT NULL" for a in fks)
        known = " AND ".join(f"y.{r} = c.{a}" for r, a in zip(refs, fks, strict=True))
        wanted = (
            f"SELECT {', '.join('c.' + a for a in fks)} FROM {self.temp(child.temp_name)} c "
            f"WHERE c.g > {params.add(cursor)} AND {not_null} "
            f"AND NOT EXISTS (SELECT 1 FROM {self.temp(parent.temp_name)} y WHERE {known})"
        )
        parent_columns = ", ".join(f"t.{self.ident(c)}" for c in edge.parent_columns)
        sql = (
            f"INSERT INTO {self.temp(parent.temp_name)} AS x ({', '.join(parent.aliases)}, d, g) "
            f"SELECT {', '.join(self.carried_exprs(parent))}, {'true' if down else 'false'}, "
            f"{params.add(stamp)} "
            # No ON CONFLICT: `wanted` holds only references no kept row has, and the scan's rows are
            # distinct, so nothing conflicts (and a plain insert is cheaper than a speculative one).
            f"FROM {self.table(parent.plan)} t WHERE ({parent_columns}) IN ({wanted})"
        )
        return sql, params


class MySQLSubset(SubsetDialect):
    """MySQL and MariaDB. MySQL cannot open one temporary table twice in a statement, so the rows a step
    reads from a key table are first copied into a scratch table; and an INSERT's row count counts
    updated rows twice, so what a step added is counted by its stamp."""

    family = "mysql"
    text_type = "CHAR"
    session_settings: tuple[str, ...] = ("SET time_zone = '+00:00'",)
    false = "0"
    _upsert_down = "ON DUPLICATE KEY UPDATE g = IF(d = 1, g, VALUES(g)), d = 1"

    def row_hash(self, key_table: KeyTable, params: Params, seed: int, alias: str = "t") -> str:
        keys = ", ".join(f"{alias}.{self.ident(c)}" for c in key_table.plan.key)
        return (
            f"(CAST(CONV(SUBSTRING(MD5(CONCAT_WS(',', {params.add(seed)}, {keys})), 1, 15), 16, 10) "
            f"AS UNSIGNED) %% {SAMPLING_SCALE})"
        )

    def source_column(self, key_table: KeyTable, column: str, alias: str = "t") -> str:
        if column in ROW_ID:
            return "NULL"  # a passthrough table without a key: nothing ever looks a row up by it
        return f"{alias}.{self.ident(column)}"

    def create_key_table(self, key_table: KeyTable) -> list[str]:
        if key_table.plan.key_kind == "row_id" and not key_table.plan.passthrough:
            raise InvalidInputError(
                f"table {key_table.plan.qualified} has no primary key and no unique key of NOT NULL "
                "columns: on MySQL/MariaDB such a table can only be copied whole (passthrough_tables) or "
                "left out (exclude_tables)"
            )
        exprs = ", ".join(f"{expr} AS c{i}" for i, expr in enumerate(self.carried_exprs(key_table)))
        key = "" if key_table.plan.passthrough else f", PRIMARY KEY ({', '.join(key_table.key_aliases)})"
        return [
            f"CREATE TEMPORARY TABLE {self.temp(key_table.temp_name)} "
            f"(d tinyint NOT NULL DEFAULT 0, g int NOT NULL DEFAULT 0{key}) "
            f"SELECT {exprs} FROM {self.table(key_table.plan)} t LIMIT 0"
        ]

    def begin(self) -> str:
        return "START TRANSACTION WITH CONSISTENT SNAPSHOT"

    def dangling(self, run: Executor, edge: Edge, child: KeyTable, parent: KeyTable) -> int:
        if child.temp_name != parent.temp_name:
            return super().dangling(run, edge, child, parent)
        # A self-reference: the kept keys go to a scratch table first (one temporary table cannot be
        # opened twice in a MySQL statement).
        name = f"tdm_v_{self.suffix}"
        scratch = self.temp(name)
        copy = KeyTable(plan=parent.plan, temp_name=name, columns=parent.columns, key_width=0)
        try:
            run.execute(
                f"CREATE TEMPORARY TABLE {scratch} SELECT * FROM {self.temp(parent.temp_name)}", Params()
            )
            return super().dangling(run, edge, child, copy)
        finally:
            run.execute(f"DROP TEMPORARY TABLE IF EXISTS {scratch}", Params())

    def _scratch(self, kind: str) -> str:
        return self.temp(f"tdm_{kind}_{self.suffix}")

    def _added(self, run: Executor, key_table: KeyTable, stamp: int) -> int:
        params = Params()
        sql = f"SELECT count(*) FROM {self.temp(key_table.temp_name)} WHERE g = {params.add(stamp)}"
        return int(run.row(sql, params)[0])

    def enter(
        self,
        run: Executor,
        key_table: KeyTable,
        *,
        stamp: int,
        seed: int,
        via: tuple[Edge, KeyTable, int] | None,
        limit: int | None,
        mode: EntryMode = "mixed",
    ) -> tuple[int | None, int]:
        scratch, candidates = self._scratch("s"), self._scratch("c")
        params = Params()
        columns = ", ".join(key_table.aliases)
        exprs = ", ".join(self.carried_exprs(key_table))
        where = [self.predicate(key_table, params, seed)]
        try:
            if via is not None:
                edge, parent, cursor = via
                refs = ", ".join(parent.alias_of(c) for c in edge.parent_columns)
                copy = Params()
                run.execute(
                    f"CREATE TEMPORARY TABLE {scratch} SELECT DISTINCT {refs} "
                    f"FROM {self.temp(parent.temp_name)} "
                    f"WHERE d = 1 AND g > {copy.add(cursor)}",
                    copy,
                )
                where.append(self.in_parents(edge, key_table, f"SELECT * FROM {scratch}"))
            source = f"FROM {self.table(key_table.plan)} t WHERE {' AND '.join(where)}"
            if limit is None:
                run.execute(
                    f"INSERT INTO {self.temp(key_table.temp_name)} ({columns}, d, g) "
                    f"SELECT {exprs}, 1, {params.add(stamp)} {source} {self._upsert_down}",
                    params,
                )
                return None, self._added(run, key_table, stamp)
            known = " AND ".join(
                f"y.{alias} = {self.source_column(key_table, column)}"
                for alias, column in zip(key_table.key_aliases, key_table.columns, strict=False)
            )
            order = self.row_hash(key_table, params, seed + CAP_SALT)
            run.execute(
                f"CREATE TEMPORARY TABLE {candidates} SELECT {exprs}, {order} AS tdm_order "
                f"{source} AND NOT EXISTS (SELECT 1 FROM {self.temp(key_table.temp_name)} y "
                f"WHERE {known} AND y.d = 1)",
                params,
            )
            counted = int(run.row(f"SELECT count(*) FROM {candidates}", Params())[0])
            insert = Params()
            run.execute(
                f"INSERT INTO {self.temp(key_table.temp_name)} ({columns}, d, g) "
                f"SELECT {', '.join(f'c.{alias}' for alias in key_table.aliases)}, 1, {insert.add(stamp)} "
                f"FROM (SELECT * FROM {candidates} ORDER BY tdm_order LIMIT {int(limit)}) c "
                f"{self._upsert_down}",
                insert,
            )
            return counted, self._added(run, key_table, stamp)
        finally:
            run.execute(f"DROP TEMPORARY TABLE IF EXISTS {scratch}, {candidates}", Params())

    def close_up(
        self,
        run: Executor,
        edge: Edge,
        child: KeyTable,
        parent: KeyTable,
        *,
        stamp: int,
        cursor: int,
        down: bool,
    ) -> int:
        scratch = self._scratch("s")
        fks = [child.alias_of(c) for c in edge.child_columns]
        refs = [parent.alias_of(c) for c in edge.parent_columns]
        try:
            params = Params()
            run.execute(
                f"CREATE TEMPORARY TABLE {scratch} SELECT DISTINCT {', '.join(fks)} "
                f"FROM {self.temp(child.temp_name)} WHERE g > {params.add(cursor)} "
                f"AND {' AND '.join(f'{a} IS NOT NULL' for a in fks)}",
                params,
            )
            matches = " AND ".join(f"y.{r} = s.{a}" for r, a in zip(refs, fks, strict=True))
            # References already kept need no look-up in the (big) parent table.
            run.execute(
                f"DELETE s FROM {scratch} s JOIN {self.temp(parent.temp_name)} y ON {matches}", Params()
            )
            insert = Params()
            parent_columns = ", ".join(f"t.{self.ident(c)}" for c in edge.parent_columns)
            added = run.execute(
                f"INSERT IGNORE INTO {self.temp(parent.temp_name)} ({', '.join(parent.aliases)}, d, g) "
                f"SELECT {', '.join(self.carried_exprs(parent))}, {1 if down else 0}, {insert.add(stamp)} "
                f"FROM {self.table(parent.plan)} t WHERE ({parent_columns}) IN (SELECT * FROM {scratch})",
                insert,
            )
            return added
        finally:
            run.execute(f"DROP TEMPORARY TABLE IF EXISTS {scratch}", Params())


def dialect_for(family: str) -> SubsetDialect:
    if family == "postgresql":
        return PostgresSubset()
    if family == "mysql":
        return MySQLSubset()
    raise InvalidInputError(f"subsetting reads PostgreSQL and MySQL/MariaDB sources; this source is {family}")
