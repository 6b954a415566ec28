"""Learning a source's shape for the default engine: counts and distributions, computed in the database
or from one bounded random sample per table -- never whole tables.

Per table: the exact row count; a random sample of at most `sample_rows` rows of the columns worth
learning (not keys, not direct identifiers: those are generated, never copied), from which come null
shares, categories with their weights (few distinct values), quantiles (numbers, dates, timestamps),
text lengths, and the combinations of the table's categorical columns (drawn together, so city and
country stay a pair). Per foreign key: the histogram of children per parent, by GROUP BY in the
database, parents without children included.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
from sqlalchemy import Engine
from sqlalchemy.exc import DataError
from tdm_core.schema_model import ColumnInfo, RelationshipInfo, SchemaSnapshot, TableInfo, qualified_name

from tdm_agents.common.arrow_types import column_type
from tdm_agents.common.sources import dialect_family
from tdm_agents.common.sql import quote_identifier, quote_table, statement
from tdm_agents.synthetic.model import ColumnModel, JointModel, SourceModel, TableModel
from tdm_agents.synthetic.schema import PII_SEMANTIC_TYPES

SAMPLE_ROWS = 20_000
MAX_CATEGORIES = 500
MAX_JOINT_COMBOS = 5_000
QUANTILES = 101
MAX_LABEL_LENGTH = 40
INHERIT_SAMPLE = 5_000
BIG_TABLE_ROWS = 2_000_000
INHERIT_SHARE = 0.9
# Values of these meanings identify a person: never learned as categories, always made up. (Cities and
# countries are shared by many people: their distribution is learned.)
DIRECT_IDENTIFIERS = PII_SEMANTIC_TYPES - {"city", "country"}


def learn(
    engine: Engine,
    snapshot: SchemaSnapshot,
    *,
    semantic: Mapping[tuple[str, str], str] | None = None,
    sample_rows: int = SAMPLE_ROWS,
    check: Callable[[], None] | None = None,
) -> SourceModel:
    """The model of every generatable table of `snapshot` in the source behind `engine`."""
    family = dialect_family(engine)
    semantic = semantic or {}
    model = SourceModel()
    keyed = _key_columns(snapshot)
    with engine.connect() as conn:
        for table in snapshot.tables:
            if table.kind not in ("table", "partitioned_table"):
                continue
            if check is not None:
                check()
            name = table.qualified_name
            source = quote_table(table.schema_name, table.name, family)
            count = int(conn.execute(statement(f"SELECT count(*) FROM {source}")).scalar_one())
            learnable = [
                c
                for c in table.columns
                if c.name not in keyed.get(name, set())
                and semantic.get((name, c.name), c.inferred_type) not in DIRECT_IDENTIFIERS
                and not (c.type_details or {}).get("generated")
            ]
            table_model = TableModel(row_count=count)
            if learnable and count:
                rows = _sample(conn, family, table, learnable, count, sample_rows)
                _fit_columns(table_model, table, learnable, rows, family)
            model.tables[name] = table_model
        for rel in snapshot.relationships:
            child = snapshot.table((rel.child_schema, rel.child_table))
            parent = model.tables.get(qualified_name(rel.parent_schema, rel.parent_table))
            if child is None or parent is None or child.kind not in ("table", "partitioned_table"):
                continue
            model.children[rel.name] = _children_histogram(
                conn, family, child, rel.child_columns, parent.row_count
            )
            child_model = model.tables.get(child.qualified_name)
            parent_table = snapshot.table((rel.parent_schema, rel.parent_table))
            if child_model and child_model.joint and parent.joint and parent_table and child_model.row_count:
                inherits = _inherited(conn, family, rel, child, parent_table, child_model, parent)
                if inherits:
                    model.inherits[rel.name] = inherits
    return model


def _inherited(  # noqa: PLR0917 - the two sides of a relationship, each a table and its model
    conn: Any,
    family: str,
    rel: RelationshipInfo,
    child: TableInfo,
    parent: TableInfo,
    child_model: TableModel,
    parent_model: TableModel,
) -> dict[str, str]:
    """Child categories that repeat the parent's (an invoice's billing country is its customer's
    country): child column -> parent column, when equal on at least INHERIT_SHARE of joined rows."""
    assert child_model.joint is not None and parent_model.joint is not None
    child_columns = child_model.joint.columns
    parent_columns = parent_model.joint.columns

    def q(name: str) -> str:
        return quote_identifier(name, family)

    selected = [f"c.{q(c)}" for c in child_columns] + [f"p.{q(c)}" for c in parent_columns]
    join = " AND ".join(
        f"c.{q(a)} = p.{q(b)}" for a, b in zip(rel.child_columns, rel.parent_columns, strict=True)
    )
    sql = (
        f"SELECT {', '.join(selected)} FROM {quote_table(child.schema_name, child.name, family)} c "
        f"JOIN {quote_table(parent.schema_name, parent.name, family)} p ON {join} LIMIT {INHERIT_SAMPLE}"
    )
    rows = [tuple(r) for r in conn.execute(statement(sql))]
    if not rows:
        return {}
    found: dict[str, str] = {}
    width = len(child_columns)
    for i, child_column in enumerate(child_columns):
        best, share = None, 0.0
        for j, parent_column in enumerate(parent_columns):
            equal = sum(1 for r in rows if r[i] is not None and str(r[i]) == str(r[width + j]))
            if equal / len(rows) > share:
                best, share = parent_column, equal / len(rows)
        if best is not None and share >= INHERIT_SHARE:
            found[child_column] = best
    return found


def _key_columns(snapshot: SchemaSnapshot) -> dict[str, set[str]]:
    keyed: dict[str, set[str]] = {}
    for table in snapshot.tables:
        columns = set(table.primary_key())
        for key in table.unique_keys():
            columns.update(key)
        keyed[table.qualified_name] = columns
    for rel in snapshot.relationships:
        keyed.setdefault(qualified_name(rel.child_schema, rel.child_table), set()).update(rel.child_columns)
    return keyed


def _sample(  # noqa: PLR0917
    conn: Any, family: str, table: TableInfo, columns: Sequence[ColumnInfo], count: int, limit: int
) -> list[tuple[Any, ...]]:
    """A random sample of the columns; values the driver cannot convert ('infinity' timestamps, BC
    dates) make it read them as text and keep what parses."""
    try:
        return _sample_rows(conn, family, table, columns, count, limit, text_only=False)
    except (DataError, ValueError, OverflowError):
        rows = _sample_rows(conn, family, table, columns, count, limit, text_only=True)
        types = [column_type(c, family) for c in columns]
        return [
            tuple(_from_text(v, t.arrow, t.text_form) for v, t in zip(row, types, strict=True))
            for row in rows
        ]


def _from_text(value: Any, arrow: Any, text_form: bool) -> Any:  # noqa: PLR0911 - one answer per type
    """A value read as text back in its column's Python type (None when it does not parse)."""
    if value is None or text_form or pa.types.is_string(arrow):
        return value
    text = str(value)
    try:
        if pa.types.is_integer(arrow):
            return int(text)
        if pa.types.is_floating(arrow) or pa.types.is_decimal(arrow):
            number = float(text)
            return number if math.isfinite(number) else None
        if pa.types.is_boolean(arrow):
            return text.lower() in ("t", "true", "1")
        if pa.types.is_timestamp(arrow):
            return datetime.fromisoformat(text)
        if pa.types.is_date(arrow):
            return date.fromisoformat(text)
    except ValueError:
        return None
    return None  # times, binary: not learned from text


def _sample_rows(  # noqa: PLR0917
    conn: Any,
    family: str,
    table: TableInfo,
    columns: Sequence[ColumnInfo],
    count: int,
    limit: int,
    *,
    text_only: bool,
) -> list[tuple[Any, ...]]:
    selected = []
    for column in columns:
        quoted = quote_identifier(column.name, family)
        if text_only or column_type(column, family).text_form:
            quoted = f"CAST({quoted} AS {'TEXT' if family == 'postgresql' else 'CHAR'})"
        selected.append(quoted)
    share = min(1.0, (limit * 1.2) / max(count, 1))
    source = quote_table(table.schema_name, table.name, family)
    where = ""
    if share < 1.0 and family == "postgresql" and count > BIG_TABLE_ROWS:
        # A big table: read a share of its pages, not all of them (rows within a page are alike in
        # order, which a marginal does not mind); BERNOULLI would still visit every page.
        source += f" TABLESAMPLE SYSTEM ({min(100.0, share * 200):.6f})"
    elif share < 1.0:
        where = f" WHERE {'random()' if family == 'postgresql' else 'RAND()'} < {share:.8f}"
    sql = f"SELECT {', '.join(selected)} FROM {source}{where} LIMIT {int(limit)}"
    return [tuple(row) for row in conn.execute(statement(sql))]


def _fit_columns(
    model: TableModel,
    table: TableInfo,
    columns: Sequence[ColumnInfo],
    rows: list[tuple[Any, ...]],
    family: str,
) -> None:
    total = len(rows)
    categorical: list[int] = []
    for position, column in enumerate(columns):
        values = [row[position] for row in rows]
        present = [v for v in values if v is not None]
        column_model = ColumnModel(null_fraction=round(1 - len(present) / total, 6) if total else 0.0)
        ctype = column_type(column, family)
        distinct = Counter(_hashable(v) for v in present)
        numeric = _as_number(present) if not ctype.text_form else None
        # Categories: few distinct values, or short labels (a city, a company) a table repeats or
        # could repeat; long free text is never copied, only its length learned.
        short = all(len(str(v)) <= MAX_LABEL_LENGTH for v in list(distinct)[:MAX_CATEGORIES])
        few = len(distinct) <= 20 or (
            len(distinct) <= MAX_CATEGORIES and (len(distinct) <= 0.5 * len(present) or short)
        )
        if present and few and (numeric is None or len(distinct) <= 20):
            column_model.values, column_model.weights = _categories(distinct)
            categorical.append(position)
        elif numeric is not None and len(numeric):
            column_model.quantiles = [float(q) for q in np.quantile(numeric, np.linspace(0, 1, QUANTILES))]
        elif present and isinstance(present[0], str):
            column_model.avg_length = float(np.mean([len(v) for v in present]))
        model.columns[column.name] = column_model
    if categorical:
        combos = Counter(tuple(_hashable(row[p]) for p in categorical) for row in rows)
        common = combos.most_common(MAX_JOINT_COMBOS)
        model.joint = JointModel(
            columns=[columns[p].name for p in categorical],
            combos=[tuple(_unhashable(v) for v in combo) for combo, _ in common],
            weights=[float(n) for _, n in common],
        )


def _categories(distinct: Counter[Any]) -> tuple[list[Any], list[float]]:
    common = distinct.most_common(MAX_CATEGORIES)
    return [_unhashable(v) for v, _ in common], [float(n) for _, n in common]


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return ("__list__", tuple(value))
    if isinstance(value, dict):
        return ("__dict__", tuple(sorted(value.items())))
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _unhashable(value: Any) -> Any:
    if isinstance(value, tuple) and value and value[0] == "__list__":
        return list(value[1])
    if isinstance(value, tuple) and value and value[0] == "__dict__":
        return dict(value[1])
    return value


def _as_number(values: Sequence[Any]) -> np.ndarray | None:
    """Numbers, dates (days since the epoch) and timestamps (microseconds) as floats; else None."""
    if not values:
        return None
    first = values[0]
    if isinstance(first, bool):
        return None
    if isinstance(first, (int, float, Decimal)):
        numbers = np.asarray([float(v) for v in values], dtype=np.float64)
        return numbers[np.isfinite(numbers)]  # NaN and infinities: valid, but no quantile
    if isinstance(first, datetime):
        return np.asarray([_micros(v) for v in values], dtype=np.float64)
    if isinstance(first, date):
        return np.asarray([(v - date(1970, 1, 1)).days for v in values], dtype=np.float64)
    return None  # text, times of day, binary: categories or lengths only


def _micros(value: datetime) -> float:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return (value - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds() * 1_000_000


def _children_histogram(
    conn: Any, family: str, child: TableInfo, columns: Sequence[str], parents: int
) -> dict[int, int]:
    quoted = [quote_identifier(c, family) for c in columns]
    source = quote_table(child.schema_name, child.name, family)
    not_null = " AND ".join(f"{c} IS NOT NULL" for c in quoted)
    sql = (
        f"SELECT n, count(*) FROM (SELECT count(*) AS n FROM {source} WHERE {not_null} "
        f"GROUP BY {', '.join(quoted)}) counted GROUP BY n"
    )
    histogram = {int(n): int(parents_with_n) for n, parents_with_n in conn.execute(statement(sql))}
    with_children = sum(histogram.values())
    if parents > with_children:
        histogram[0] = parents - with_children
    return histogram


def real_sample(
    engine: Engine, snapshot: SchemaSnapshot, tables: Sequence[str], *, rows: int = SAMPLE_ROWS
) -> dict[str, Any]:
    """Real rows to measure synthetic data against (pandas frames by qualified name): whole tables up to
    `rows`, else a random sample of `rows`. Values stay in this process: they are compared, not kept."""
    import pandas as pd  # type: ignore[import-untyped]

    family = dialect_family(engine)
    frames: dict[str, Any] = {}
    with engine.connect() as conn:
        for name in tables:
            table = next((t for t in snapshot.tables if t.qualified_name == name), None)
            if table is None:
                continue
            columns = [c for c in table.columns if not (c.type_details or {}).get("generated")]
            count = int(
                conn.execute(
                    statement(f"SELECT count(*) FROM {quote_table(table.schema_name, table.name, family)}")
                ).scalar_one()
            )
            sampled = _sample(conn, family, table, columns, count, rows)
            frames[name] = pd.DataFrame(sampled, columns=[c.name for c in columns])
    return frames
