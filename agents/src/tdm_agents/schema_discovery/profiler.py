"""Row counts and per-column statistics, computed inside the source database on bounded samples.

Row counts (PostgreSQL): one catalog query gives every table's estimate (pg_class.reltuples, summed
over leaf partitions for partitioned tables) and size; tables that are small (by size, or by estimate
up to `exact_count_threshold`) get an exact `count(*)`, batched several tables per statement. Big
tables keep the estimate, flagged `row_count_estimated`. MySQL/MariaDB and SQLite: a count capped at
`exact_count_threshold + 1` rows (bounded time; a table that reaches the cap is flagged estimated, as a
lower bound). Views and foreign tables get no count: counting them runs arbitrary queries (or remote
scans); a view whose sample shows all its rows gets that exact number for free.

Column statistics come from one aggregate statement per table over a sample of at most `sample_size`
rows: on PostgreSQL `TABLESAMPLE BERNOULLI` (row-level, when the sample is >= 10% of the table anyway)
or `TABLESAMPLE SYSTEM` (block-level: reads only ~the sampled pages of a huge table), with REPEATABLE
so a rerun sees the same rows; the first rows otherwise (small tables, views, other databases). Each
statement runs under a statement timeout; a table that hits it (or that the user may not read) is
reported with `profile_error` and the discovery goes on.

Per column: null fraction; distinct count (exact when the sample is the whole table, else the
Haas-Stokes "Duj1" estimate PostgreSQL's ANALYZE uses, flagged `distinct_estimated`); min/max for
numbers and dates; lengths for text; true fraction for booleans; top values for low-cardinality
columns. Raw values of personal data must not end up in the metadata store: no min/max of a column
inferred as personal (a birth date, a salary), no min/max of text at all, and top values only for
columns that do not look personal, whose values repeat, and only values seen at least
`TOP_VALUE_MIN_COUNT` times in the sample.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from tdm_agents.common.sources import dialect_family, translate_source_errors
from tdm_agents.common.sql import Dialect, statement
from tdm_agents.pii_detection.labels import PIIType
from tdm_agents.schema_discovery.connector import TableKey, table_key

# Below this size a count(*) costs less than the round trip that decides not to do it.
ALWAYS_COUNT_BYTES = 8 * 1024 * 1024
# A never-analyzed table (reltuples = -1) is counted exactly only up to this size.
UNKNOWN_COUNT_MAX_BYTES = 256 * 1024 * 1024
COUNT_BATCH = 50
DEFAULT_STATEMENT_TIMEOUT_SECONDS = 300.0
COUNTABLE_KINDS = ("table", "partitioned_table", "materialized_view")
# Relations TABLESAMPLE works on (not views, not foreign tables).
SAMPLEABLE_KINDS = ("table", "partitioned_table", "materialized_view")
# Sample percentages from which BERNOULLI (reads every page, unbiased rows) costs little more than
# SYSTEM (reads only the sampled pages, rows clustered by page).
BERNOULLI_MIN_PERCENT = 10.0
# Ask TABLESAMPLE for a little more than needed; LIMIT cuts the excess.
OVERSAMPLE = 1.2
SAMPLE_SEED = 20240215
TOP_VALUES_MAX_DISTINCT = 20
TOP_VALUES_KEPT = 10
TOP_VALUE_MIN_COUNT = 5
TOP_VALUE_MAX_CHARS = 100
# Type families whose values can be compared for equality cheaply.
DISTINCT_CATEGORIES = frozenset({"numeric", "datetime", "string", "enum", "boolean", "uuid"})
TOP_VALUE_CATEGORIES = frozenset({"numeric", "string", "enum"})

OnTable = Callable[[str], None]
PII_TYPES = frozenset(t.value for t in PIIType if t.is_pii)

_ESTIMATES_SQL = text(
    """
    SELECT n.nspname AS schema, c.relname AS name, c.relkind AS relkind,
           CASE WHEN c.relkind = 'p' THEN (
                SELECT coalesce(sum(greatest(l.reltuples, 0)), 0)
                FROM pg_partition_tree(c.oid) t JOIN pg_class l ON l.oid = t.relid
                WHERE t.isleaf)
                ELSE c.reltuples END AS reltuples,
           CASE WHEN c.relkind = 'p' THEN (
                SELECT coalesce(sum(pg_total_relation_size(t.relid)), 0)
                FROM pg_partition_tree(c.oid) t WHERE t.isleaf)
                ELSE pg_total_relation_size(c.oid) END AS size_bytes,
           CASE WHEN c.relkind = 'p' THEN (
                SELECT bool_and(l.reltuples >= 0)
                FROM pg_partition_tree(c.oid) t JOIN pg_class l ON l.oid = t.relid
                WHERE t.isleaf)
                ELSE c.reltuples >= 0 END AS analyzed
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ANY(:schemas) AND c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition
    """
)


# --- statement bounds ----------------------------------------------------------------------------


class StatementBounds:
    """Every statement run on `conn` inside stops after `seconds` (reset on exit).

    Session-level, set once per profile rather than per statement: a round trip less per table.
    PostgreSQL: statement_timeout. MariaDB: max_statement_time; MySQL: max_execution_time (SELECTs).
    SQLite: a progress handler that interrupts past a deadline `arm()` moves before each statement.
    """

    def __init__(self, conn: Connection, seconds: float) -> None:
        self.conn = conn
        self.seconds = seconds
        self.family = dialect_family(conn)
        self.mariadb = bool(getattr(conn.dialect, "is_mariadb", False))
        self._deadline = 0.0
        self._raw: Any = None

    def __enter__(self) -> StatementBounds:
        if self.family == "postgresql":
            self._set(f"SET statement_timeout = {max(1, int(self.seconds * 1000))}")
        elif self.family == "mysql" and self.mariadb:
            self._set(f"SET SESSION max_statement_time = {self.seconds:.3f}")
        elif self.family == "mysql":
            self._set(f"SET SESSION max_execution_time = {max(1, int(self.seconds * 1000))}")
        elif self.family == "sqlite":
            self._raw = self.conn.connection.dbapi_connection
            self._raw.set_progress_handler(lambda: 1 if time.monotonic() > self._deadline else 0, 10_000)
        self.arm()
        return self

    def arm(self) -> None:
        """Start the clock of the next statement (only SQLite needs it)."""
        self._deadline = time.monotonic() + self.seconds

    def __exit__(self, exc_type: type[BaseException] | None, *_exc: object) -> None:
        try:
            self.conn.rollback()
            if self._raw is not None:
                self._raw.set_progress_handler(None, 0)
            if self.family == "postgresql":
                self._set("RESET statement_timeout")
            elif self.family == "mysql":
                variable = "max_statement_time" if self.mariadb else "max_execution_time"
                self._set(f"SET SESSION {variable} = DEFAULT")
        except SQLAlchemyError:
            if exc_type is None:
                raise
            # Leaving because of an error (often a lost connection): that error is the one to report.

    def _set(self, statement: str) -> None:
        self.conn.execute(text(statement))
        self.conn.commit()


def _run(conn: Connection, sql: str) -> Any:
    return conn.execute(statement(sql))


def is_timeout(exc: BaseException) -> bool:
    """A statement stopped by its timeout, on any of the supported databases."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if getattr(orig, "sqlstate", None) == "57014":
        return True
    args = getattr(orig, "args", ())
    if args and args[0] in (1317, 1969, 3024):  # MySQL/MariaDB: interrupted / max time exceeded
        return True
    return "interrupted" in str(orig).lower() and type(orig).__module__.startswith("sqlite3")


def _is_permission_denied(exc: BaseException) -> bool:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    args = getattr(orig, "args", ())
    return getattr(orig, "sqlstate", None) == "42501" or bool(args and args[0] in (1142, 1143))


def _profile_problem(exc: BaseException, timeout_seconds: float) -> str | None:
    """What to record for a table that could not be sampled; None: a real failure (raise it)."""
    if is_timeout(exc):
        return f"sampling stopped by the {timeout_seconds:g} s statement timeout"
    if _is_permission_denied(exc):
        return "permission denied: the discovery user cannot read this table"
    return None


# --- row counts ----------------------------------------------------------------------------------


def estimate_tables(conn: Connection, schemas: Sequence[str]) -> dict[TableKey, dict[str, Any]]:
    rows = conn.execute(_ESTIMATES_SQL, {"schemas": list(schemas)}).mappings()
    return {
        table_key(r["schema"], r["name"]): {
            "reltuples": float(r["reltuples"] or 0),
            "size_bytes": int(r["size_bytes"] or 0),
            "analyzed": bool(r["analyzed"]) if r["analyzed"] is not None else True,
        }
        for r in rows
    }


def wants_exact_count(estimate: dict[str, Any], *, include_stats: bool, exact_count_threshold: int) -> bool:
    if estimate["size_bytes"] <= ALWAYS_COUNT_BYTES:
        return True
    if not include_stats:
        return False
    if not estimate["analyzed"]:
        return bool(estimate["size_bytes"] <= UNKNOWN_COUNT_MAX_BYTES)
    return bool(estimate["reltuples"] <= exact_count_threshold)


def row_counts(
    engine: Engine,
    tables: Sequence[dict[str, Any]],
    *,
    source: str,
    include_stats: bool,
    exact_count_threshold: int,
    statement_timeout_seconds: float = DEFAULT_STATEMENT_TIMEOUT_SECONDS,
) -> dict[TableKey, dict[str, Any]]:
    """{"schema.table": {"row_count": int | None, "row_count_estimated": bool}} for every table."""
    schemas = sorted({t["schema"] for t in tables})
    result: dict[TableKey, dict[str, Any]] = {}
    with translate_source_errors(source, "counting rows"), engine.connect() as conn:
        postgres = dialect_family(conn) == "postgresql"
        estimates = estimate_tables(conn, schemas) if postgres else {}
        conn.rollback()
        exact: list[dict[str, Any]] = []
        for table in tables:
            key = table_key(table["schema"], table["name"])
            countable = table["kind"] in COUNTABLE_KINDS and table.get("populated") is not False
            estimate = estimates.get(key)
            if not countable or (postgres and estimate is None):
                result[key] = {"row_count": None, "row_count_estimated": False}
            elif estimate is None or wants_exact_count(
                estimate, include_stats=include_stats, exact_count_threshold=exact_count_threshold
            ):
                exact.append(table)
            else:
                known = estimate["analyzed"] or estimate["reltuples"] > 0
                result[key] = {
                    "row_count": int(estimate["reltuples"]) if known else None,
                    "row_count_estimated": True,
                }
        # Elsewhere there is no cheap estimate: count, but never past the threshold.
        cap = None if postgres else exact_count_threshold + 1
        sql = Dialect(conn)
        with StatementBounds(conn, statement_timeout_seconds) as bounds:
            for start in range(0, len(exact), COUNT_BATCH):
                batch = exact[start : start + COUNT_BATCH]
                bounds.arm()
                try:
                    counted = _count_batch(conn, sql, batch, cap)
                except DBAPIError as exc:
                    if not is_timeout(exc):
                        raise
                    counted = {}  # this batch timed out: its tables keep their estimates
                conn.rollback()
                for i, table in enumerate(batch):
                    result[table_key(table["schema"], table["name"])] = _count_entry(
                        counted.get(i), estimates.get(table_key(table["schema"], table["name"])), cap
                    )
    return result


def _count_entry(counted: int | None, estimate: dict[str, Any] | None, cap: int | None) -> dict[str, Any]:
    if counted is None:
        known = estimate is not None and estimate["reltuples"] >= 0
        return {
            "row_count": int(estimate["reltuples"]) if known and estimate else None,
            "row_count_estimated": True,
        }
    if cap is not None and counted >= cap:
        return {"row_count": counted, "row_count_estimated": True, "row_count_lower_bound": True}
    return {"row_count": counted, "row_count_estimated": False}


def _count_batch(
    conn: Connection, sql: Dialect, batch: Sequence[dict[str, Any]], cap: int | None
) -> dict[int, int]:
    """One statement for the batch: UNION ALL of count(*), labelled by position."""
    parts = []
    for i, table in enumerate(batch):
        source = sql.table(table["schema"], table["name"])
        if cap is not None:
            source = f"(SELECT 1 AS x FROM {source} LIMIT {int(cap)}) AS s{i}"
        parts.append(f"SELECT {i} AS i, count(*) AS n FROM {source}")
    return {int(i): int(n) for i, n in _run(conn, " UNION ALL ".join(parts))}


# --- sampling ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SamplePlan:
    method: str  # first_rows | system_sample | bernoulli_sample
    percent: float | None = None


def sample_plan(*, kind: str, family: str, row_count: int | None, sample_size: int) -> SamplePlan:
    """How to read at most `sample_size` rows of a relation in bounded time."""
    if (
        family != "postgresql"
        or kind not in SAMPLEABLE_KINDS
        or not row_count
        or row_count <= sample_size * 2
    ):
        return SamplePlan("first_rows")
    percent = min(100.0, max(0.0001, sample_size * OVERSAMPLE * 100.0 / row_count))
    if percent >= BERNOULLI_MIN_PERCENT:
        return SamplePlan("bernoulli_sample", percent)
    return SamplePlan("system_sample", percent)


def estimate_distinct(distinct: int, singletons: int, nonnull: int, total_nonnull: float) -> int:
    """Haas & Stokes' Duj1 estimator (PostgreSQL ANALYZE): n*d / (n - f1 + f1*n/N), within [d, N]."""
    if nonnull <= 0 or total_nonnull <= nonnull:
        return distinct
    denominator = nonnull - singletons + singletons * nonnull / total_nonnull
    estimate = nonnull * distinct / denominator if denominator > 0 else float(distinct)
    return round(min(max(estimate, float(distinct)), total_nonnull))


def wants_top_values(column: dict[str, Any], entry: dict[str, Any], nonnull: int) -> bool:
    """Top values only where they cannot reveal a person: low cardinality, repeated, not personal."""
    if column.get("category") not in TOP_VALUE_CATEGORIES:
        return False
    if column.get("inferred_type") in PII_TYPES:
        return False
    distinct = entry.get("sample_distinct", entry.get("distinct_count"))
    if distinct is None or distinct == 0 or distinct > TOP_VALUES_MAX_DISTINCT:
        return False
    if nonnull < TOP_VALUE_MIN_COUNT or distinct * 2 > nonnull:
        return False  # values do not repeat: every one could be somebody's
    return int(entry.get("max_length") or 0) <= TOP_VALUE_MAX_CHARS


def _sample_cte(
    sql: Dialect, table: dict[str, Any], columns: Sequence[dict[str, Any]], plan: SamplePlan, n: int
) -> str:
    """`WITH tdm_sample AS (...)`: at most n rows of the table, as the plan says."""
    selected = ", ".join(sql.name(c["name"]) for c in columns) or "1 AS tdm_one"
    source = sql.table(table["schema"], table["name"])
    if plan.percent is not None:
        method = "BERNOULLI" if plan.method == "bernoulli_sample" else "SYSTEM"
        # TABLESAMPLE returns rows in physical order (partition by partition): shuffling the ~1.2x
        # oversample before LIMIT keeps the cut from always dropping the end of the table.
        source = (
            f"{source} TABLESAMPLE {method} ({plan.percent:.6f}) REPEATABLE ({SAMPLE_SEED}) ORDER BY random()"
        )
    return f"WITH tdm_sample AS (SELECT {selected} FROM {source} LIMIT {int(n)})"


def _seed(conn: Connection, plan: SamplePlan) -> None:
    """Seed random() (the shuffle before LIMIT): the same table gives the same sample every time."""
    if plan.percent is not None:
        conn.execute(text("SELECT setseed(:seed)"), {"seed": SAMPLE_SEED % 1000 / 1000})


def _aggregates(sql: Dialect, columns: Sequence[dict[str, Any]], *, with_singletons: bool) -> list[str]:
    parts = ["count(*) AS sampled"]
    for i, column in enumerate(columns):
        c = sql.name(column["name"])
        category = column.get("category")
        parts.append(f"count({c}) AS c{i}_nonnull")
        if category in DISTINCT_CATEGORIES:
            parts.append(f"count(DISTINCT {c}) AS c{i}_distinct")
            if with_singletons:
                parts.append(
                    f"(SELECT count(*) FROM (SELECT {c} FROM tdm_sample WHERE {c} IS NOT NULL "
                    f"GROUP BY {c} HAVING count(*) = 1) AS f{i}) AS c{i}_f1"
                )
        # Extremes of a personal column (a birth date, a salary) are personal data themselves.
        if category in ("numeric", "datetime") and column.get("inferred_type") not in PII_TYPES:
            parts.append(f"{sql.as_text(f'min({c})')} AS c{i}_min")
            parts.append(f"{sql.as_text(f'max({c})')} AS c{i}_max")
        if category == "string":
            parts.append(f"min({sql.length(c)}) AS c{i}_minlen")
            parts.append(f"max({sql.length(c)}) AS c{i}_maxlen")
            parts.append(f"avg({sql.length(c)}) AS c{i}_avglen")
        if category == "boolean":
            parts.append(f"sum(CASE WHEN {c} THEN 1 ELSE 0 END) AS c{i}_true")
    return parts


def column_stats(
    conn: Connection,
    table: dict[str, Any],
    columns: Sequence[dict[str, Any]],
    *,
    sample_size: int,
    row_count: int | None,
    row_count_estimated: bool = True,
) -> dict[str, Any]:
    """Sample-based statistics of one table: {"sampled_rows", "sample_method", "columns": {...}}."""
    plan = sample_plan(
        kind=table["kind"], family=dialect_family(conn), row_count=row_count, sample_size=sample_size
    )
    sql = Dialect(conn)
    sample = _sample_cte(sql, table, columns, plan, sample_size)
    # Singleton counts feed the distinct estimate: only needed when the sample may miss rows.
    partial_possible = row_count is not None and (row_count > sample_size or plan.percent is not None)
    _seed(conn, plan)
    aggregates = ", ".join(_aggregates(sql, columns, with_singletons=partial_possible))
    row = _run(conn, f"{sample} SELECT {aggregates} FROM tdm_sample").mappings().one()
    sampled = int(row["sampled"])
    complete = plan.method == "first_rows" and (
        sampled < sample_size or (row_count is not None and not row_count_estimated and row_count <= sampled)
    )
    stats: dict[str, dict[str, Any]] = {}
    top_candidates: dict[int, int] = {}  # column position -> non-null values in the sample
    for i, column in enumerate(columns):
        nonnull = int(row[f"c{i}_nonnull"])
        entry = _column_entry(row, i, sampled, nonnull, complete=complete, row_count=row_count)
        stats[column["name"]] = entry
        if wants_top_values(column, entry, nonnull):
            top_candidates[i] = nonnull
    if top_candidates:
        _seed(conn, plan)  # the same rows as the aggregates saw
        _add_top_values(conn, sql=sql, sample=sample, columns=columns, candidates=top_candidates, stats=stats)
    result: dict[str, Any] = {"sampled_rows": sampled, "sample_method": plan.method, "columns": stats}
    if plan.percent is not None:
        result["sample_percent"] = round(plan.percent, 6)
    if complete:
        result["sample_complete"] = True
    return result


def _column_entry(
    row: Mapping[Any, Any], i: int, sampled: int, nonnull: int, *, complete: bool, row_count: int | None
) -> dict[str, Any]:
    """The statistics of column `i` from the aggregate row (labels c{i}_*)."""
    entry: dict[str, Any] = {"null_fraction": round((sampled - nonnull) / sampled, 4) if sampled else None}
    if f"c{i}_distinct" in row:
        distinct = int(row[f"c{i}_distinct"])
        singletons = row.get(f"c{i}_f1")
        entry["distinct_count"] = distinct
        if not complete:
            # A sample may miss values: estimate from it when the table size is known; without a
            # row count (a view) the sample's own count stays, as a lower bound.
            if row_count is not None and singletons is not None and sampled:
                total_nonnull = row_count * nonnull / sampled
                entry["distinct_count"] = estimate_distinct(distinct, int(singletons), nonnull, total_nonnull)
            entry["distinct_estimated"] = True
            entry["sample_distinct"] = distinct
        entry["distinct_ratio"] = round(distinct / nonnull, 4) if nonnull else None
    for suffix, name in (("min", "min"), ("max", "max"), ("minlen", "min_length"), ("maxlen", "max_length")):
        if f"c{i}_{suffix}" in row:
            value = row[f"c{i}_{suffix}"]
            entry[name] = int(value) if suffix.endswith("len") and value is not None else value
    if row.get(f"c{i}_avglen") is not None:
        entry["avg_length"] = round(float(row[f"c{i}_avglen"]), 2)
    if f"c{i}_true" in row:
        true_count = int(row[f"c{i}_true"] or 0)
        entry["true_fraction"] = round(true_count / nonnull, 4) if nonnull else None
    return entry


def _add_top_values(
    conn: Connection,
    *,
    sql: Dialect,
    sample: str,
    columns: Sequence[dict[str, Any]],
    candidates: dict[int, int],
    stats: dict[str, dict[str, Any]],
) -> None:
    """Most frequent values of low-cardinality columns: one UNION ALL statement on the same sample."""
    parts = []
    for i in candidates:
        c = sql.name(columns[i]["name"])
        parts.append(
            f"SELECT i, v, n FROM (SELECT {i} AS i, {sql.as_text(c)} AS v, count(*) AS n FROM tdm_sample "
            f"WHERE {c} IS NOT NULL GROUP BY {c} ORDER BY count(*) DESC LIMIT {TOP_VALUES_KEPT}) AS t{i}"
        )
    rows = _run(conn, f"{sample} {' UNION ALL '.join(parts)}")
    found: dict[int, list[tuple[str, int]]] = {}
    for i, value, count in rows:
        if int(count) >= TOP_VALUE_MIN_COUNT:
            found.setdefault(int(i), []).append((str(value)[:TOP_VALUE_MAX_CHARS], int(count)))
    for i, values in found.items():
        nonnull = candidates[i]
        stats[columns[i]["name"]]["top_values"] = [
            {"value": value, "count": count, "fraction": round(count / nonnull, 4)}
            for value, count in sorted(values, key=lambda item: (-item[1], item[0]))
        ]


# --- the whole profile ---------------------------------------------------------------------------


def profile_tables(
    engine: Engine,
    tables: Sequence[dict[str, Any]],
    columns: Sequence[dict[str, Any]],
    *,
    source: str,
    include_stats: bool,
    sample_size: int,
    exact_count_threshold: int,
    on_table: OnTable | None = None,
    statement_timeout_seconds: float = DEFAULT_STATEMENT_TIMEOUT_SECONDS,
) -> dict[TableKey, dict[str, Any]]:
    """Row counts for every table and, with `include_stats`, sample statistics per column.

    `on_table(key)` runs before each table is sampled: the caller's chance to stop (cancel, shutdown)
    or report progress between two long queries.
    """
    counts = row_counts(
        engine,
        tables,
        source=source,
        include_stats=include_stats,
        exact_count_threshold=exact_count_threshold,
        statement_timeout_seconds=statement_timeout_seconds,
    )
    stats: dict[TableKey, dict[str, Any]] = {key: dict(value) for key, value in counts.items()}
    if not include_stats:
        return stats
    by_table: dict[TableKey, list[dict[str, Any]]] = {}
    for column in columns:
        by_table.setdefault(table_key(column["schema"], column["table"]), []).append(column)
    with (
        translate_source_errors(source, "profiling"),
        engine.connect() as conn,
        StatementBounds(conn, statement_timeout_seconds) as bounds,
    ):
        for table in tables:
            key = table_key(table["schema"], table["name"])
            if table["kind"] == "foreign_table" or table.get("populated") is False:
                continue
            if on_table is not None:
                on_table(key)
            entry = stats[key]
            bounds.arm()
            try:
                profile = column_stats(
                    conn,
                    table,
                    by_table.get(key, []),
                    sample_size=sample_size,
                    row_count=entry.get("row_count"),
                    row_count_estimated=bool(entry.get("row_count_estimated")),
                )
            except DBAPIError as exc:
                conn.rollback()
                problem = _profile_problem(exc, statement_timeout_seconds)
                if problem is None:
                    with translate_source_errors(source, f"profiling {key}"):
                        raise
                entry["profile_error"] = problem
                continue
            # End the transaction: no lock on the table outlives its own profile.
            conn.rollback()
            if profile.pop("sample_complete", False) and table["kind"] != "foreign_table":
                # The sample read every row: that is the exact count (also for a view), for free.
                entry["row_count"] = profile["sampled_rows"]
                entry["row_count_estimated"] = False
                entry.pop("row_count_lower_bound", None)
            entry.update(profile)
    return stats
