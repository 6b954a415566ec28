"""The closure of a subset, computed inside the source database, and its extraction (spec 6.1
`evaluate_conditions` .. `recursive_row_extract`).

Semantics. The root table's rows that meet its entry condition (filters, date range, sampling, cap) are
kept and *go down*: the rows of each child table referencing a row that went down, and meeting that
table's own entry condition, are kept and go down in turn. Every kept row then brings, *upwards*, the
rows it references (its parents), whatever their filters say, to a fixpoint: integrity before
everything. A row kept only as a parent brings its own parents, not its children (otherwise a subset
of one customer grows into the whole database through the shared lookup rows), unless its table is
listed in `follow_children_of`. Passthrough tables are kept whole and bring their parents.

Evaluation. One temporary key table per table (see `dialects.py`); each step is one set-based
statement joining the rows added since that step last ran (semi-naive) with the source table, so work
follows the size of the subset plus one indexed probe per reference, not the size of the database.
Tables are visited in the order of the foreign-key components (parents first going down, children
first going up); a component with a cycle -- a self-reference, or tables referencing each other -- is
iterated until it adds nothing. Everything runs on one connection in one repeatable-read snapshot
(read-only on PostgreSQL: only temporary tables are written), and the rows are extracted in the same
snapshot, so the subset is consistent even while the source is being written to.

Before extraction the closure is verified: for every foreign key, no kept child row references a parent
row that is not kept. Afterwards the rows written per table must equal the key table's count.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from tdm_core.errors import TDMError
from tdm_core.schema_model import ColumnInfo, SchemaSnapshot
from tdm_dataset_store.writer import VersionWriter

from tdm_agents.common.arrow_types import ColumnType, column_type
from tdm_agents.common.sources import dialect_family
from tdm_agents.subsetting.dialects import ROW_ADDRESS, ROW_ID, KeyTable, Params, SubsetDialect, dialect_for
from tdm_agents.subsetting.exporter import (
    TypedValueError,
    arrow_schema,
    mysql_batches,
    postgres_batches,
    storage_name,
)
from tdm_agents.subsetting.fk_graph import Edge, FkGraph
from tdm_agents.subsetting.subset_parser import SubsetPlan

log = logging.getLogger(__name__)

# A key table is analyzed again (planner statistics) once it has grown by this factor since the last
# time: the join strategies of later steps depend on its size.
_REANALYZE_GROWTH = 1.5
_REANALYZE_MIN_ROWS = 1_000


class SubsetIntegrityError(TDMError):
    """The computed subset would break a foreign key: a bug, never a user error."""


@dataclass
class _TableState:
    key_table: KeyTable
    last_any: int = 0  # stamp of the last statement that added rows
    last_down: int = 0  # ... that added rows going down
    entered: int = 0  # rows the table contributed through its entry condition (what a cap limits)
    candidates: int = 0  # rows that met the entry condition (beyond what was already kept)
    capped: bool = False
    rows_seen: int = 0  # rows added so far (upper bound: upgrades count again)
    rows_at_analyze: int = 0
    parents_only: bool = False  # some kept rows did not come down (added as parents, or copied whole)

    @property
    def mode(self) -> str:
        """What a step entering this table may find in its key table (dialects.EntryMode)."""
        if self.rows_seen == 0:
            return "new"
        return "mixed" if self.parents_only else "down"


@dataclass
class StepTiming:
    label: str
    seconds: float
    rows: int


@dataclass
class SubsetOutcome:
    row_counts: dict[str, int]
    caps_hit: dict[str, dict[str, int]]
    files: dict[str, list[Any]]
    storage_names: dict[str, str]
    timings: list[StepTiming] = field(default_factory=list)
    statements: int = 0
    text_form_tables: list[str] = field(default_factory=list)


class _Executor:
    """Runs statements on the raw driver connection; driver errors become SQLAlchemy's DBAPIError so
    that `translate_source_errors` reports them like every other source error."""

    def __init__(self, dbapi_connection: Any, dbapi_module: Any, before: Callable[[], None]) -> None:
        self.connection = dbapi_connection
        self.dbapi = dbapi_module
        self.before = before
        self.count = 0

    @contextmanager
    def _errors(self, sql: str) -> Iterator[None]:
        try:
            yield
        except self.dbapi.Error as exc:
            raise DBAPIError.instance(sql, None, exc, self.dbapi.Error, hide_parameters=True) from exc

    def execute(self, sql: str, params: Params) -> int:
        return int(self._run(sql, params, lambda cursor: cursor.rowcount or 0))

    def row(self, sql: str, params: Params) -> tuple[Any, ...]:
        found = self._run(sql, params, lambda cursor: cursor.fetchone())
        return tuple(found) if found is not None else ()

    def _run(self, sql: str, params: Params, result: Callable[[Any], Any]) -> Any:
        self.before()
        self.count += 1
        with self._errors(sql):
            cursor = self.connection.cursor()
            try:
                cursor.execute(sql, params.values)
                return result(cursor)
            finally:
                cursor.close()

    def plain(self, sql: str) -> None:
        """A statement without parameters (session settings, DDL)."""
        self.execute(sql, Params())


class Closure:
    """The fixpoint of one subset over its key tables (see the module docstring)."""

    def __init__(self, plan: SubsetPlan, graph: FkGraph, dialect: SubsetDialect, run: _Executor) -> None:
        self.plan = plan
        self.graph = graph
        self.dialect = dialect
        self.run = run
        self.stamp = 0
        self.timings: list[StepTiming] = []
        self.states: dict[str, _TableState] = {}
        for index, name in enumerate(graph.tables):
            table = plan.tables[name]
            columns = list(table.key) if table.key else list(ROW_ID)
            for edge in graph.children_of(name):
                columns += [c for c in edge.parent_columns if c not in columns]
            for edge in graph.parents_of(name):
                columns += [c for c in edge.child_columns if c not in columns]
            if dialect.addresses_rows(table):
                columns.append(ROW_ADDRESS)
            key_table = KeyTable(
                plan=table,
                temp_name=f"tdm_k{index}_{dialect.suffix}",
                columns=columns,
                key_width=len(table.key) if table.key else len(ROW_ID),
            )
            self.states[name] = _TableState(key_table=key_table, capped=table.cap is not None)
        self.edge_ids = {edge: index for index, edge in enumerate(graph.edges)}
        self.down_cursor: dict[int, int] = {}
        self.up_cursor: dict[int, int] = {}

    # --- setup ---------------------------------------------------------------------------------------
    def create_key_tables(self) -> None:
        for state in self.states.values():
            for sql in self.dialect.create_key_table(state.key_table):
                self.run.plain(sql)

    # --- the fixpoint --------------------------------------------------------------------------------
    def compute(self) -> None:
        root = self.states[self.plan.root]
        self._enter(root, via=None)
        for state in self.states.values():
            if state.key_table.plan.passthrough:
                stamp = self._next()
                with self._timed(f"copy whole {state.key_table.plan.qualified}") as timing:
                    added = self.run.execute(*self.dialect.insert_all(state.key_table, stamp))
                    timing.rows = added
                self._record(state, stamp, added, down=False)
        while self._down_pass() | self._up_pass():
            pass

    def _down_pass(self) -> bool:
        changed = False
        for component in self.graph.components:
            while True:
                progress = False
                for name in component:
                    child = self.states[name]
                    if child.key_table.plan.passthrough:
                        continue  # already whole
                    for edge in self.graph.parents_of(name):
                        parent = self.states[edge.parent]
                        if parent.key_table.plan.passthrough:
                            continue  # rows copied whole never bring children
                        edge_id = self.edge_ids[edge]
                        cursor = self.down_cursor.get(edge_id, 0)
                        if parent.last_down <= cursor:
                            continue
                        self._analyze(parent)
                        stamp = self._enter(child, via=(edge, parent, cursor))
                        self.down_cursor[edge_id] = stamp - 1
                        if child.last_any == stamp:
                            progress = changed = True
                if not progress:
                    break
        return changed

    def _up_pass(self) -> bool:
        changed = False
        for component in reversed(self.graph.components):
            while True:
                progress = False
                for name in component:
                    parent = self.states[name]
                    if parent.key_table.plan.passthrough:
                        continue  # every row is already kept
                    for edge in self.graph.children_of(name):
                        child = self.states[edge.child]
                        edge_id = self.edge_ids[edge]
                        cursor = self.up_cursor.get(edge_id, 0)
                        if child.last_any <= cursor:
                            continue
                        self._analyze(child)
                        stamp = self._next()
                        down = parent.key_table.plan.follow_children
                        with self._timed(f"up {edge.label}") as timing:
                            added = self.dialect.close_up(
                                self.run,
                                edge,
                                child.key_table,
                                parent.key_table,
                                stamp=stamp,
                                cursor=cursor,
                                down=down,
                            )
                            timing.rows = added
                        self.up_cursor[edge_id] = stamp - 1
                        self._record(parent, stamp, added, down=down)
                        if added:
                            progress = changed = True
                if not progress:
                    break
        return changed

    def _enter(self, state: _TableState, via: tuple[Edge, _TableState, int] | None) -> int:
        stamp = self._next()
        plan = state.key_table.plan
        limit = max(0, plan.cap - state.entered) if plan.cap is not None else None
        label = f"down {via[0].label}" if via else f"root {plan.qualified}"
        with self._timed(label) as timing:
            candidates, entered = self.dialect.enter(
                self.run,
                state.key_table,
                stamp=stamp,
                seed=self.plan.seed,
                via=(via[0], via[1].key_table, via[2]) if via else None,
                limit=limit,
                mode=state.mode,
            )
            timing.rows = entered
        state.entered += entered
        state.candidates += candidates if candidates is not None else entered
        self._record(state, stamp, entered, down=True)
        return stamp

    def _record(self, state: _TableState, stamp: int, added: int, *, down: bool) -> None:
        if added <= 0:
            return
        state.last_any = stamp
        if down:
            state.last_down = stamp
        else:
            state.parents_only = True
        state.rows_seen += added

    def _analyze(self, state: _TableState) -> None:
        """Fresh planner statistics for a key table about to be joined, if it grew a lot."""
        seen = state.rows_seen
        if seen < _REANALYZE_MIN_ROWS or seen < state.rows_at_analyze * _REANALYZE_GROWTH:
            return
        sql = self.dialect.analyze(state.key_table)
        if sql is not None:
            with self._timed(f"analyze {state.key_table.plan.qualified}"):
                self.run.plain(sql)
        state.rows_at_analyze = seen

    def _next(self) -> int:
        self.stamp += 1
        return self.stamp

    @contextmanager
    def _timed(self, label: str) -> Iterator[StepTiming]:
        timing = StepTiming(label=label, seconds=0.0, rows=0)
        started = time.monotonic()
        try:
            yield timing
        finally:
            timing.seconds = time.monotonic() - started
            self.timings.append(timing)
            log.debug("subset step %s: %d rows in %.3f s", label, timing.rows, timing.seconds)

    # --- results -------------------------------------------------------------------------------------
    def verify(self) -> None:
        """No kept row may reference a row that is not kept (raises SubsetIntegrityError)."""
        broken: list[str] = []
        for edge in self.graph.edges:
            child, parent = self.states[edge.child], self.states[edge.parent]
            missing = self.dialect.dangling(self.run, edge, child.key_table, parent.key_table)
            if missing:
                broken.append(f"{missing} row(s) of {edge.label}")
        if broken:
            raise SubsetIntegrityError(
                "the subset would break foreign keys (" + "; ".join(broken[:5]) + "): nothing was written"
            )

    def counts(self) -> dict[str, int]:
        found = {}
        for name, state in self.states.items():
            (count,) = self.run.row(
                f"SELECT count(*) FROM {self.dialect.temp(state.key_table.temp_name)}", Params()
            )
            found[name] = int(count)
        return found

    def caps_hit(self, counts: dict[str, int]) -> dict[str, dict[str, int]]:
        hit = {}
        for name, state in self.states.items():
            cap = state.key_table.plan.cap
            if cap is not None and state.candidates > state.entered:
                hit[name] = {
                    "cap": cap,
                    "candidates": state.candidates,
                    "kept": state.entered,
                    "added_as_parents": max(0, counts[name] - state.entered),
                }
        return hit


def extract_subset(
    engine: Engine,
    plan: SubsetPlan,
    snapshot: SchemaSnapshot,
    writer: VersionWriter,
    *,
    check: Callable[[], None] = lambda: None,
) -> SubsetOutcome:
    """Compute the subset of `plan` on `engine`'s database and write every table of it to `writer`.

    `check` runs before every statement and between record batches: it raises to stop (a cancelled
    job). The connection is used for this subset only and closed at the end, so no temporary table
    outlives it."""
    family = dialect_family(engine)
    dialect = dialect_for(family)
    graph = FkGraph.build(plan.tables, plan.edge_list())
    proxied = engine.raw_connection()
    dbapi_connection = proxied.dbapi_connection
    run = _Executor(dbapi_connection, engine.dialect.dbapi, check)
    try:
        _start_session(dbapi_connection, family, dialect, run)
        closure = Closure(plan, graph, dialect, run)
        closure.create_key_tables()
        run.plain(dialect.begin())
        closure.compute()
        closure.verify()
        counts = closure.counts()
        caps = closure.caps_hit(counts)
        files, names, text_tables = _export(
            closure, snapshot=snapshot, writer=writer, counts=counts, check=check
        )
        run.plain("COMMIT")
        return SubsetOutcome(
            row_counts=counts,
            caps_hit=caps,
            files=files,
            storage_names=names,
            timings=closure.timings,
            statements=run.count,
            text_form_tables=text_tables,
        )
    finally:
        # Closed, not returned to the pool: the temporary tables and session settings go with it.
        with suppress(Exception):
            proxied.invalidate()


def _start_session(dbapi_connection: Any, family: str, dialect: SubsetDialect, run: _Executor) -> None:
    if family == "postgresql":
        dbapi_connection.autocommit = True
    else:
        dbapi_connection.autocommit(True)
    if dialect.temp_buffers:
        try:
            run.plain(dialect.temp_buffers)
        except DBAPIError:
            log.debug("temp_buffers could not be raised on this connection; using the server's default")
    for sql in dialect.session_settings:
        run.plain(sql)


def _export(
    closure: Closure,
    *,
    snapshot: SchemaSnapshot,
    writer: VersionWriter,
    counts: dict[str, int],
    check: Callable[[], None],
) -> tuple[dict[str, list[Any]], dict[str, str], list[str]]:
    """Every table of the subset into the dataset version, in the closure's snapshot."""
    plan, family, dbapi_connection = closure.plan, closure.dialect.family, closure.run.connection
    files: dict[str, list[Any]] = {}
    names: dict[str, str] = {}
    text_tables: list[str] = []
    for name in closure.graph.tables:
        table_plan = plan.tables[name]
        table = snapshot.table((table_plan.schema_name, table_plan.name))
        assert table is not None
        # Generated columns are left out: a target computes them itself and refuses values for them.
        columns = [
            c
            for c in sorted(table.columns, key=lambda c: (c.ordinal_position, c.name))
            if not is_generated(c)
        ]
        stored = storage_name(table_plan.schema_name, table_plan.name)
        names[name] = stored
        query = closure.dialect.extract_query(closure.states[name].key_table, [c.name for c in columns])
        for text_only in (False, True):
            types = [column_type(c, family, text_only=text_only) for c in columns]
            schema = arrow_schema(table_plan.schema_name, table_plan.name, types)
            try:
                with _savepoint(closure.run, family):
                    written = writer.write_table(
                        stored, _batches(dbapi_connection, family, query, types, check), schema
                    )
                break
            except TypedValueError:
                if text_only:
                    raise
                log.info("table %s has values outside the typed mapping: stored in text form", name)
                text_tables.append(name)
        rows = sum(f.row_count for f in written)
        if rows != counts[name]:
            raise SubsetIntegrityError(f"table {name}: {counts[name]} rows kept but {rows} extracted")
        files[name] = written
    return files, names, text_tables


def is_generated(column: ColumnInfo) -> bool:
    """A column the database computes (PostgreSQL GENERATED ... STORED, MySQL generated columns)."""
    return bool((column.type_details or {}).get("generated"))


def generated_columns(snapshot: SchemaSnapshot, plan: SubsetPlan) -> dict[str, list[str]]:
    """Per table of the plan, its generated columns (not in the dataset; recorded in its metadata)."""
    found: dict[str, list[str]] = {}
    for name, table_plan in plan.tables.items():
        table = snapshot.table((table_plan.schema_name, table_plan.name))
        names = [c.name for c in (table.columns if table else []) if is_generated(c)]
        if names:
            found[name] = names
    return found


def _batches(
    dbapi_connection: Any, family: str, query: str, types: list[ColumnType], check: Callable[[], None]
) -> Iterator[pa.RecordBatch]:
    if family == "postgresql":
        return postgres_batches(dbapi_connection, query, types, between_batches=check)
    return mysql_batches(dbapi_connection, query, types, between_batches=check)


@contextmanager
def _savepoint(run: _Executor, family: str) -> Iterator[None]:
    """A failed extraction of one table can be retried in the same snapshot."""
    run.plain("SAVEPOINT tdm_extract")
    try:
        yield
    except BaseException:
        with suppress(Exception):
            run.plain("ROLLBACK TO SAVEPOINT tdm_extract")
        raise
    run.plain("RELEASE SAVEPOINT tdm_extract")


def count_root_candidates(engine: Engine, plan: SubsetPlan) -> int:
    """How many rows of the root table meet its entry condition (before any cap)."""
    dialect = dialect_for(dialect_family(engine))
    root = plan.tables[plan.root]
    key_table = KeyTable(
        plan=root, temp_name="", columns=list(root.key) or list(ROW_ID), key_width=len(root.key)
    )
    params = Params()
    condition = dialect.predicate(key_table, params, plan.seed)
    sql = f"SELECT count(*) FROM {dialect.table(root)} t WHERE {condition}"
    proxied = engine.raw_connection()
    try:
        run = _Executor(proxied.dbapi_connection, engine.dialect.dbapi, lambda: None)
        row = run.row(sql, params)
        proxied.rollback()
    finally:
        proxied.close()
    return int(row[0]) if row else 0
