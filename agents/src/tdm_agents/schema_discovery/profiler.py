"""Row counts and basic per-column statistics, computed inside the source database.

Row counts: one catalog query gives every table's estimate (pg_class.reltuples, summed over leaf
partitions for partitioned tables) and size; tables that are small (by size, or by estimate up to
`exact_count_threshold`) get an exact `count(*)`, batched several tables per statement. Big tables keep
the estimate, flagged `row_count_estimated`. Views and foreign tables get no count: counting them runs
arbitrary queries (or remote scans).

Column statistics come from one aggregate query per table over a sample of at most `sample_size`
rows (TABLESAMPLE SYSTEM on big tables, the first rows otherwise). No value of a text column is kept:
min/max are recorded for numbers and dates only, and not for columns inferred as personal (a birth
date); text columns get lengths. Raw values of personal data must not end up in the metadata store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, text

from tdm_agents.pii_detection.labels import PIIType
from tdm_agents.schema_discovery.connector import TableKey, table_key, translate_source_errors

# Below this size a count(*) costs less than the round trip that decides not to do it.
ALWAYS_COUNT_BYTES = 8 * 1024 * 1024
# A never-analyzed table (reltuples = -1) is counted exactly only up to this size.
UNKNOWN_COUNT_MAX_BYTES = 256 * 1024 * 1024
COUNT_BATCH = 50
PROFILE_TIMEOUT_MS = 5 * 60 * 1000
COUNTABLE_KINDS = ("table", "partitioned_table", "materialized_view")
SAMPLEABLE_KINDS = ("table", "partitioned_table", "materialized_view")

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
    WHERE n.nspname = ANY(:schemas) AND c.relkind IN ('r', 'p', 'm')
    """
)


def _statement_timeout(conn: Connection) -> None:
    # Transaction-local (the transaction is rolled back at the end): a profile query on a huge or
    # slow object stops instead of holding a connection on the source for hours.
    conn.execute(text("SELECT set_config('statement_timeout', :v, true)"), {"v": str(PROFILE_TIMEOUT_MS)})


def _quote(conn: Connection, schema: str, name: str) -> str:
    preparer = conn.dialect.identifier_preparer
    return f"{preparer.quote_identifier(schema)}.{preparer.quote_identifier(name)}"


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
) -> dict[TableKey, dict[str, Any]]:
    """{"schema.table": {"row_count": int | None, "row_count_estimated": bool}} for every table."""
    schemas = sorted({t["schema"] for t in tables})
    result: dict[TableKey, dict[str, Any]] = {}
    with translate_source_errors(source, "counting rows"), engine.connect() as conn:
        estimates = estimate_tables(conn, schemas)
        exact: list[dict[str, Any]] = []
        for table in tables:
            key = table_key(table["schema"], table["name"])
            estimate = estimates.get(key)
            if table["kind"] not in COUNTABLE_KINDS or estimate is None or table.get("populated") is False:
                result[key] = {"row_count": None, "row_count_estimated": False}
                continue
            if wants_exact_count(
                estimate, include_stats=include_stats, exact_count_threshold=exact_count_threshold
            ):
                exact.append(table)
            else:
                known = estimate["analyzed"] or estimate["reltuples"] > 0
                result[key] = {
                    "row_count": int(estimate["reltuples"]) if known else None,
                    "row_count_estimated": True,
                }
        _statement_timeout(conn)
        for start in range(0, len(exact), COUNT_BATCH):
            batch = exact[start : start + COUNT_BATCH]
            # One statement per batch: UNION ALL of count(*), labelled by position.
            sql = " UNION ALL ".join(
                f"SELECT {i} AS i, count(*) AS n FROM {_quote(conn, t['schema'], t['name'])}"
                for i, t in enumerate(batch)
            )
            for i, n in conn.execute(text(sql)):
                table = batch[int(i)]
                result[table_key(table["schema"], table["name"])] = {
                    "row_count": int(n),
                    "row_count_estimated": False,
                }
        conn.rollback()
    return result


def _column_aggregates(conn: Connection, index: int, column: dict[str, Any]) -> list[tuple[str, str]]:
    """(sql expression, label) pairs for one column; labels are positional (names may be anything)."""
    quoted = conn.dialect.identifier_preparer.quote_identifier(column["name"])
    category = column.get("category")
    parts = [(f"count({quoted})", f"c{index}_nonnull")]
    if category not in ("binary", "json", "array", "other"):
        parts.append((f"count(DISTINCT {quoted})", f"c{index}_distinct"))
    # Extremes of a personal column (a birth date, a salary) are personal data themselves.
    if category in ("numeric", "datetime") and column.get("inferred_type") not in PII_TYPES:
        parts.append((f"min({quoted})::text", f"c{index}_min"))
        parts.append((f"max({quoted})::text", f"c{index}_max"))
    if category == "string":
        parts.append((f"min(char_length({quoted}))", f"c{index}_minlen"))
        parts.append((f"max(char_length({quoted}))", f"c{index}_maxlen"))
        parts.append((f"avg(char_length({quoted}))::float8", f"c{index}_avglen"))
    if category == "boolean":
        parts.append((f"count(*) FILTER (WHERE {quoted})", f"c{index}_true"))
    return parts


def column_stats(
    conn: Connection,
    table: dict[str, Any],
    columns: Sequence[dict[str, Any]],
    *,
    sample_size: int,
    estimated_rows: float | None,
) -> dict[str, Any]:
    """Sample-based statistics of one table: {"sampled_rows", "sample_method", "columns": {...}}."""
    source = _quote(conn, table["schema"], table["name"])
    method = "first_rows"
    if table["kind"] in SAMPLEABLE_KINDS and estimated_rows and estimated_rows > sample_size * 2:
        # Block sampling reads ~pct of the pages; ask for twice what we need to fill the LIMIT.
        pct = min(100.0, max(0.0001, sample_size * 2 * 100.0 / estimated_rows))
        source = f"{source} TABLESAMPLE SYSTEM ({pct:.6f})"
        method = "system_sample"
    selected = ", ".join(conn.dialect.identifier_preparer.quote_identifier(c["name"]) for c in columns) or "1"
    aggregates = [part for i, column in enumerate(columns) for part in _column_aggregates(conn, i, column)]
    select_list = ", ".join(["count(*) AS sampled"] + [f"{expr} AS {label}" for expr, label in aggregates])
    sql = f"SELECT {select_list} FROM (SELECT {selected} FROM {source} LIMIT :n) AS s"
    row = conn.execute(text(sql), {"n": sample_size}).mappings().one()
    sampled = int(row["sampled"])
    stats: dict[str, dict[str, Any]] = {}
    for i, column in enumerate(columns):
        nonnull = int(row[f"c{i}_nonnull"])
        entry: dict[str, Any] = {
            "null_fraction": round((sampled - nonnull) / sampled, 4) if sampled else None
        }
        if f"c{i}_distinct" in row:
            distinct = int(row[f"c{i}_distinct"])
            entry["distinct_count"] = distinct
            entry["distinct_ratio"] = round(distinct / nonnull, 4) if nonnull else None
        for suffix, name in (
            ("min", "min"),
            ("max", "max"),
            ("minlen", "min_length"),
            ("maxlen", "max_length"),
        ):
            if f"c{i}_{suffix}" in row:
                entry[name] = row[f"c{i}_{suffix}"]
        if f"c{i}_avglen" in row and row[f"c{i}_avglen"] is not None:
            entry["avg_length"] = round(float(row[f"c{i}_avglen"]), 2)
        if f"c{i}_true" in row:
            entry["true_fraction"] = round(int(row[f"c{i}_true"]) / nonnull, 4) if nonnull else None
        stats[column["name"]] = entry
    return {"sampled_rows": sampled, "sample_method": method, "columns": stats}


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
    )
    stats: dict[TableKey, dict[str, Any]] = {key: dict(value) for key, value in counts.items()}
    if not include_stats:
        return stats
    by_table: dict[TableKey, list[dict[str, Any]]] = {}
    for column in columns:
        by_table.setdefault(table_key(column["schema"], column["table"]), []).append(column)
    for table in tables:
        key = table_key(table["schema"], table["name"])
        if table["kind"] == "foreign_table" or table.get("populated") is False:
            continue
        if on_table is not None:
            on_table(key)
        estimated = stats[key].get("row_count")
        with translate_source_errors(source, f"profiling {key}"), engine.connect() as conn:
            _statement_timeout(conn)
            stats[key].update(
                column_stats(
                    conn,
                    table,
                    by_table.get(key, []),
                    sample_size=sample_size,
                    estimated_rows=float(estimated) if estimated is not None else None,
                )
            )
            conn.rollback()
    return stats
