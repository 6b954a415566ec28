"""What the subsetting tests check a dataset version with, written independently of the agent.

* `split_dump`: a plain pg_dump file as (pre-data statements, post-data statements): the tables, types
  and functions without the keys, and the keys, indexes and triggers.
* `load_dataset`: a dataset version's Parquet loaded into an (empty) PostgreSQL database with COPY.
* `reference_closure`: the subset a request should give, computed in Python over every row of the
  source (fetched with SQL) and the foreign keys pg_catalog declares -- no temporary tables, no
  semi-naive steps, no code of the agent.
* `rows_as_text`: the rows of a table as PostgreSQL prints them (`t::text`), to compare databases.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pyarrow as pa
import pyarrow.csv as pa_csv
from psycopg import sql
from psycopg.rows import dict_row
from tdm_cli.samples import _dump_chunks, with_database
from tdm_dataset_store import DatasetStore

Row = dict[str, Any]
Predicate = Callable[[Row], bool]

# Same display of values on every connection that compares rows.
SESSION = (
    "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'postgres'; "
    "SET extra_float_digits = 3"
)


def split_dump(path: Path) -> tuple[list[str], list[str]]:
    """(statements before the first COPY, statements after the last COPY) of a plain pg_dump."""
    chunks = list(_dump_chunks(path))
    copies = [i for i, (_, data) in enumerate(chunks) if data is not None]
    first, last = copies[0], copies[-1]
    pre = [text for text, data in chunks[:first] if data is None]
    post = [text for text, data in chunks[last + 1 :] if data is None]
    return pre, post


def create_empty(server_url: str, prefix: str) -> str:
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(with_database(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return with_database(server_url, name)


def drop_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_statements(url: str, statements: Iterable[str]) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement.encode())


def load_dataset(store: DatasetStore, version_id: str, target_url: str) -> dict[str, int]:
    """COPY every table of the dataset version into the same-named table of the target; rows per table.

    The Parquet schema metadata names the source table (tdm.source_schema / tdm.source_table)."""
    loaded: dict[str, int] = {}
    manifest = store.manifest(version_id)
    with psycopg.connect(target_url) as conn:
        conn.execute(SESSION)
        for table in manifest.tables:
            schema = table.pa_schema()
            meta = schema.metadata or {}
            source_schema, source_table = (
                meta[b"tdm.source_schema"].decode(),
                meta[b"tdm.source_table"].decode(),
            )
            target = sql.Identifier(source_schema, source_table)
            generated = _generated_columns(conn, source_schema, source_table)
            names = [n for n in schema.names if n not in generated]
            columns = sql.SQL(", ").join(sql.Identifier(n) for n in names)
            copy_sql = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(target, columns)
            rows = 0
            with conn.cursor() as cursor, cursor.copy(copy_sql) as copy:
                for batch in store.read_table(version_id, table.name, columns=names):
                    copy.write(_csv(batch))
                    rows += batch.num_rows
            loaded[table.name] = rows
        conn.commit()
    return loaded


def _generated_columns(conn: psycopg.Connection[Any], schema: str, table: str) -> set[str]:
    """Columns the target computes itself (GENERATED ... STORED): not loaded."""
    found = conn.execute(
        "SELECT a.attname FROM pg_attribute a WHERE a.attrelid = %s::regclass AND a.attgenerated <> ''",
        (str(sql.Identifier(schema, table).as_string(conn)),),
    ).fetchall()
    return {str(r[0]) for r in found}


def _hex(column: pa.Array) -> pa.Array:
    """bytea's text form: \\x and hex digits."""
    return pa.array([None if v is None else "\\x" + v.hex() for v in column.to_pylist()], pa.string())


def _csv(batch: pa.RecordBatch) -> bytes:
    columns = [_hex(column) if pa.types.is_binary(column.type) else column for column in batch.columns]
    table = pa.Table.from_arrays(columns, names=batch.schema.names)
    sink = pa.BufferOutputStream()
    pa_csv.write_csv(
        table, sink, write_options=pa_csv.WriteOptions(include_header=False, quoting_style="all_valid")
    )
    return bytes(sink.getvalue().to_pybytes())


@dataclass(frozen=True)
class ForeignKey:
    child: str
    child_columns: tuple[str, ...]
    parent: str
    parent_columns: tuple[str, ...]


# A key declared on each partition (as in Pagila) is a key of the partitioned table.
_FOREIGN_KEYS = """
SELECT DISTINCT coalesce(pg_partition_root(c.oid), c.oid)::regclass::text,
       coalesce(pg_partition_root(p.oid), p.oid)::regclass::text,
       ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o),
       ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
             JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o)
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE k.contype = 'f' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
"""
_TABLES = """
SELECT c.oid::regclass::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
"""


def foreign_keys(url: str) -> list[ForeignKey]:
    with psycopg.connect(url) as conn:
        return [ForeignKey(c, tuple(cc), p, tuple(pc)) for c, p, cc, pc in conn.execute(_FOREIGN_KEYS)]


def all_rows(url: str, extra: Mapping[str, str] | None = None) -> dict[str, list[Row]]:
    """Every row of every table as {column: value} plus "__text" (t::text) and "__partition"; `extra`
    adds computed columns per table (e.g. a sampling hash) under "__extra"."""
    found: dict[str, list[Row]] = {}
    with psycopg.connect(url, row_factory=dict_row) as conn:
        conn.execute(SESSION)
        for table in [r["name"] for r in conn.execute(_TABLES).fetchall()]:
            computed = (extra or {}).get(table, "NULL")
            rows = conn.execute(
                f"SELECT to_jsonb(t) AS j, t::text AS txt, t.tableoid::regclass::text AS part, "
                f"{computed} AS x FROM {table} t"
            ).fetchall()
            found[table] = [
                {**r["j"], "__text": r["txt"], "__partition": r["part"], "__extra": r["x"]} for r in rows
            ]
    return found


def reference_closure(
    rows: Mapping[str, list[Row]],
    keys: Sequence[ForeignKey],
    *,
    root: str,
    entry: Mapping[str, Predicate],
    passthrough: Iterable[str] = (),
    follow_children: Iterable[str] = (),
    excluded: Iterable[str] = (),
) -> dict[str, set[int]]:
    """Indexes (into `rows[table]`) of the rows a subset keeps (see the agent's documented semantics:
    entry conditions going down from the root, every parent going up, parents bring no children)."""
    skip = set(excluded)
    tables = [t for t in rows if t not in skip]
    fks = [k for k in keys if k.child in tables and k.parent in tables]
    accept = lambda table, row: entry.get(table, lambda _r: True)(row)  # noqa: E731
    kept: dict[str, set[int]] = {t: set() for t in tables}
    down: dict[str, set[int]] = {t: set() for t in tables}
    whole = set(passthrough)
    follow = set(follow_children)
    kept[root] = {i for i, r in enumerate(rows[root]) if accept(root, r)}
    down[root] = set(kept[root])
    for table in whole:
        kept[table] = set(range(len(rows[table])))
    changed = True
    while changed:
        changed = False
        for fk in fks:
            child_rows, parent_rows = rows[fk.child], rows[fk.parent]
            if fk.child not in whole and fk.parent not in whole:
                going_down = {tuple(parent_rows[i][c] for c in fk.parent_columns) for i in down[fk.parent]}
                for i, row in enumerate(child_rows):
                    value = tuple(row[c] for c in fk.child_columns)
                    if i not in down[fk.child] and value in going_down and accept(fk.child, row):
                        down[fk.child].add(i)
                        kept[fk.child].add(i)
                        changed = True
            wanted = {
                value
                for i in kept[fk.child]
                if None not in (value := tuple(child_rows[i][c] for c in fk.child_columns))
            }
            for i, row in enumerate(parent_rows):
                if i not in kept[fk.parent] and tuple(row[c] for c in fk.parent_columns) in wanted:
                    kept[fk.parent].add(i)
                    if fk.parent in follow:
                        down[fk.parent].add(i)
                    changed = True
    return kept


def rows_as_text(url: str, table: str) -> list[str]:
    with psycopg.connect(url) as conn:
        conn.execute(SESSION)
        return [r[0] for r in conn.execute(f"SELECT t::text FROM {table} t")]


def expected_text(rows: Mapping[str, list[Row]], kept: Mapping[str, set[int]]) -> dict[str, list[str]]:
    return {table: sorted(rows[table][i]["__text"] for i in indexes) for table, indexes in kept.items()}
