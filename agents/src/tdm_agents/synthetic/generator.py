"""The default engine: FK-consistent synthetic rows for any schema, vectorised and streamed.

Every table is generated in batches of row *numbers* (0..n-1). The one idea that makes any shape work
-- cycles across tables, self-references, composite and natural keys, keys referenced by several
tables -- is that a key is a pure function of its row number:

- an integer key is `start + i`; a text key a fixed-width base-36 code of i (or a realistic value made
  distinct by that code); a uuid a bijection of i; a timestamp in a unique key rises with i;
- a foreign key picks a parent row *number* and asks the parent's key function for the values, so no
  table waits for another, nothing is kept in memory but per-parent child counts, and every reference
  resolves by construction;
- the children of a table's main parent follow a distribution (learned children-per-parent histogram,
  a pack's configured one, else Poisson): counts per parent are drawn once, their running sum maps a
  child's row number to its parent (`searchsorted`), so children arrive grouped by parent;
- a key made only of foreign keys (a link table such as film_actor) is kept unique by giving each
  parent's children distinct partners (an arithmetic progression modulo the partners' count), and a
  table cannot get more rows than its key can hold (it is capped, with a warning);
- a self-reference points at an earlier row (a tree), the first row at none.

Other columns follow, in order of preference: allowed values (enum labels, API/form options), the
learned model (joint categories, quantiles), discovery's statistics (top values, min/max), the semantic
type (Faker pools), the type's own range. Every value fits its column: lengths cut, numbers within
precision and the type's range, dates within range partitions' bounds.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import ColumnInfo, RelationshipInfo, SchemaSnapshot, TableInfo

from tdm_agents.common.arrow_types import ColumnType, column_type
from tdm_agents.common.column_kinds import type_facts
from tdm_agents.synthetic.checks import ColumnRule, TableRules, table_rules
from tdm_agents.synthetic.model import ColumnModel, SourceModel, TableModel
from tdm_agents.synthetic.schema import SEMANTIC_TYPES
from tdm_agents.synthetic.values import (
    NUMERIC_BOUNDS,
    PROVIDERS,
    base36,
    base36_width,
    fit_length,
    inverse_cdf,
    pick,
    pool,
    sample_numeric,
    sentence_pool,
    stable_seed,
    unique_text,
)

BATCH_ROWS = 131_072
DEFAULT_ROOT_ROWS = 100
DEFAULT_CHILDREN = 3.0
GENERATABLE_KINDS = ("table", "partitioned_table")
# Dates and timestamps without learned or declared bounds: three years up to a fixed day, so a seed
# gives the same data on any day.
DEFAULT_TIME_END = datetime(2026, 1, 1, tzinfo=UTC)
DEFAULT_TIME_SPAN_DAYS = 3 * 365
_RANGE_BOUND = re.compile(r"FROM \((.+?)\) TO \((.+?)\)", re.IGNORECASE)
_LIST_BOUND = re.compile(r"IN \((.+)\)", re.IGNORECASE)
_PARTITION_KEY = re.compile(r"^(RANGE|LIST)\s*\(\s*\"?([^\",()]+)\"?\s*\)$", re.IGNORECASE)
_CHECK_BOUND = re.compile(r"VALUE\s*(>=|>|<=|<)\s*\(?'?(-?[\d.]+)'?", re.IGNORECASE)
_PRIMES = (1_000_003, 999_983, 1_299_709, 15_485_863, 32_452_843)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_WEYL = 0.6180339887498949  # the golden ratio's fractional part: the most evenly spread sequence


# --- the plan ---------------------------------------------------------------------------------------


@dataclass
class ForeignKey:
    relationship: RelationshipInfo
    parent: str  # qualified name
    child_columns: list[str]
    parent_columns: list[str]
    nullable: bool
    self_reference: bool


@dataclass
class TablePlan:
    """How one table is generated: its rows, its keys, its foreign keys."""

    name: str  # qualified
    info: TableInfo
    rows: int
    types: list[ColumnType]
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    main_parent: ForeignKey | None = None  # children grouped by this parent, by a distribution
    link_partners: list[ForeignKey] = field(default_factory=list)  # with main_parent, a unique FK key
    permuted: list[ForeignKey] = field(default_factory=list)  # an FK-only unique key without main parent
    injective: set[str] = field(default_factory=set)  # columns that must differ on every row
    pure: set[str] = field(default_factory=set)  # key columns others look up: a function of the row
    rules: TableRules = field(default_factory=TableRules)  # what its CHECK constraints say
    key_start: dict[str, int] = field(default_factory=dict)  # integer keys: the first value
    children_spec: dict[str, Any] | None = None
    starts: np.ndarray | None = None  # running sum of children per main-parent row (lazy)


@dataclass
class GenerationOptions:
    seed: int = 0
    locale: str = "en_US"
    scale: float = 1.0
    batch_rows: int = BATCH_ROWS


@dataclass
class Outcome:
    row_counts: dict[str, int]
    warnings: list[str]


class FkGenerator:
    """The default engine (`fit` the plan to a schema and an optional learned model, `sample` batches)."""

    name = "tdm"

    def __init__(self, options: GenerationOptions | None = None) -> None:
        self.options = options or GenerationOptions()
        self.snapshot: SchemaSnapshot | None = None
        self.model = SourceModel()
        self.plans: dict[str, TablePlan] = {}
        self.warnings: list[str] = []
        self.semantic: dict[tuple[str, str], str] = {}

    # fit ----------------------------------------------------------------------------------------------

    def fit(
        self,
        snapshot: SchemaSnapshot,
        *,
        dialect: str = "postgresql",
        model: SourceModel | None = None,
        row_counts: Mapping[str, int] | None = None,
        semantic: Mapping[tuple[str, str], str] | None = None,
        tables: Sequence[str] | None = None,
    ) -> dict[str, int]:
        """Plans every table (or `tables` and the parents they need); returns the row counts."""
        self.snapshot = snapshot
        self.model = model or SourceModel()
        self.semantic = dict(semantic or {})
        chosen = {t.qualified_name: t for t in snapshot.tables if t.kind in GENERATABLE_KINDS}
        if tables is not None:
            chosen = _with_parents(snapshot, chosen, tables)
        requested = _resolve_counts(chosen, row_counts or {})
        for name, info in chosen.items():
            types = [column_type(c, dialect) for c in info.columns if not _is_generated(c)]
            self.plans[name] = TablePlan(name=name, info=info, rows=0, types=types)
            rules = table_rules(info.constraints, {c.name for c in info.columns})
            self.plans[name].rules = rules
            for check in rules.not_understood:
                self.warnings.append(
                    f"{name}: check constraint {check} is not understood; rows may violate it"
                )
        self._plan_foreign_keys(snapshot)
        self._plan_rows(requested)
        self._plan_keys()
        return {name: plan.rows for name, plan in self.plans.items()}

    def _plan_foreign_keys(self, snapshot: SchemaSnapshot) -> None:
        for rel in snapshot.relationships:
            child = self.plans.get(_qualified(rel.child_schema, rel.child_table))
            parent_name = _qualified(rel.parent_schema, rel.parent_table)
            if child is None:
                continue
            if parent_name not in self.plans:
                self.warnings.append(
                    f"{child.name}: its reference {rel.name} to {parent_name} (not generated) is left NULL"
                )
                continue
            columns = [child.info.column(c) for c in rel.child_columns]
            nullable = all(c is not None and c.nullable for c in columns)
            child.foreign_keys.append(
                ForeignKey(
                    relationship=rel,
                    parent=parent_name,
                    child_columns=list(rel.child_columns),
                    parent_columns=list(rel.parent_columns),
                    nullable=nullable,
                    self_reference=parent_name == child.name,
                )
            )
        # A column claimed by two foreign keys keeps the first (the second cannot hold as well).
        for plan in self.plans.values():
            claimed: set[str] = set()
            kept = []
            for fk in plan.foreign_keys:
                if claimed & set(fk.child_columns):
                    self.warnings.append(
                        f"{plan.name}: {fk.relationship.name} shares columns with another foreign key; "
                        "its values follow the other one"
                    )
                    continue
                claimed.update(fk.child_columns)
                kept.append(fk)
            plan.foreign_keys = kept

    def _plan_rows(self, requested: dict[str, int]) -> None:
        scale = self.options.scale
        for plan in self.plans.values():
            plan.main_parent = self._main_parent(plan)
        # Tables without a requested count: the learned or discovered count times the scale, else the
        # main parent's count times the children per parent, else a default -- parents first.
        resolved: dict[str, int] = {}

        def count(name: str, seen: frozenset[str] = frozenset()) -> int:
            if name in resolved:
                return resolved[name]
            plan = self.plans[name]
            learned = self.model.tables.get(name)
            base: int | None = requested.get(name)
            if base is None and learned is not None:
                base = max(0, round(learned.row_count * scale))
            if base is None and plan.info.row_count is not None and plan.info.row_count > 0:
                base = max(1, round(plan.info.row_count * scale))
            if base is None and getattr(plan.info, "default_row_count", None):
                base = max(1, round(int(plan.info.default_row_count) * scale))  # type: ignore[attr-defined]
            if base is None:
                main = plan.main_parent
                if main is not None and main.parent not in seen:
                    base = round(count(main.parent, seen | {name}) * self._mean_children(plan, main))
                else:
                    base = max(1, round(DEFAULT_ROOT_ROWS * scale))
            resolved[name] = int(base)
            return resolved[name]

        for name in self.plans:
            self.plans[name].rows = count(name)

    def _main_parent(self, plan: TablePlan) -> ForeignKey | None:
        candidates = [fk for fk in plan.foreign_keys if not fk.self_reference]
        if not candidates:
            return None
        key_columns = set(plan.info.primary_key())

        def rank(fk: ForeignKey) -> tuple[int, int, int, str]:
            in_key = int(bool(set(fk.child_columns) & key_columns))
            configured = int(
                fk.relationship.name in self.model.children
                or bool(getattr(fk.relationship, "children_per_parent", None))
            )
            learned = self.model.tables.get(fk.parent)
            size = learned.row_count if learned else (self.plans[fk.parent].info.row_count or 0)
            return (in_key, configured + (0 if fk.nullable else 1), size, fk.relationship.name)

        return max(candidates, key=rank)

    def _mean_children(self, plan: TablePlan, fk: ForeignKey) -> float:
        histogram = self.model.children.get(fk.relationship.name)
        if histogram:
            parents = sum(histogram.values())
            return sum(k * v for k, v in histogram.items()) / max(parents, 1)
        spec = getattr(fk.relationship, "children_per_parent", None) or {}
        if "value" in spec:
            return float(spec["value"])
        if "mean" in spec:
            return float(spec["mean"])
        if "min" in spec and "max" in spec:
            return (float(spec["min"]) + float(spec["max"])) / 2
        return DEFAULT_CHILDREN

    def _plan_keys(self) -> None:
        for plan in self.plans.values():
            keys = []
            primary = plan.info.primary_key()
            if primary:
                keys.append(primary)
            keys.extend(plan.info.unique_keys())
            keys.extend(_unique_indexes(plan.info))
            fk_of = {c: fk for fk in plan.foreign_keys for c in fk.child_columns}
            handled_link = False
            for key in _dedupe(keys):
                free = [c for c in key if c not in fk_of]
                if free:
                    # One injective column makes the whole key unique; prefer a type that carries it.
                    plan.injective.add(_best_injective(plan.info, free))
                    continue
                groups = _dedupe_fks([fk_of[c] for c in key])
                if handled_link:
                    self.warnings.append(
                        f"{plan.name}: a second key made only of foreign keys ({', '.join(key)}) "
                        "is not guaranteed unique"
                    )
                    continue
                handled_link = True
                main = plan.main_parent
                if main is not None and main in groups:
                    plan.link_partners = [g for g in groups if g is not main]
                else:
                    plan.permuted = groups
            # Columns of a key that another table references are looked up by row number.
            referenced = {
                c
                for other in self.plans.values()
                for fk in other.foreign_keys
                if fk.parent == plan.name
                for c in fk.parent_columns
            }
            plan.pure = referenced - plan.injective - set(fk_of)
            # Key capacity: a table cannot have more rows than distinct key values.
            capacity = self._capacity(plan)
            if capacity is not None and plan.rows > capacity:
                self.warnings.append(
                    f"{plan.name}: {plan.rows} rows asked but its key holds {capacity} distinct values; "
                    f"{capacity} generated"
                )
                plan.rows = capacity
            for column in plan.injective:
                info = plan.info.column(column)
                if info is not None and _is_integer(info):
                    plan.key_start[column] = _integer_start(info, self.model.tables.get(plan.name))

    def _capacity(self, plan: TablePlan) -> int | None:
        sizes: list[int] = []
        if plan.permuted:
            sizes = [self._planned_rows(fk.parent) for fk in plan.permuted]
        elif plan.main_parent is not None and (plan.link_partners or self._main_is_unique(plan)):
            partners = math.prod(self._planned_rows(fk.parent) for fk in plan.link_partners)
            return self._planned_rows(plan.main_parent.parent) * partners
        if not sizes:
            return None
        return math.prod(sizes)

    def _planned_rows(self, name: str) -> int:
        return self.plans[name].rows

    def _main_is_unique(self, plan: TablePlan) -> bool:
        main = plan.main_parent
        if main is None:
            return False
        keys = [plan.info.primary_key(), *plan.info.unique_keys(), *_unique_indexes(plan.info)]
        return any(set(k) == set(main.child_columns) for k in keys if k)

    # sample -------------------------------------------------------------------------------------------

    def tables(self) -> list[TablePlan]:
        return list(self.plans.values())

    def batches(self, name: str, check: Callable[[], None] | None = None) -> Iterator[pa.RecordBatch]:
        """The rows of one table, in batches of the plan's Arrow types."""
        plan = self.plans[name]
        schema = pa.schema([t.field() for t in plan.types])
        step = self.options.batch_rows
        for start in range(0, plan.rows, step):
            if check is not None:
                check()
            index = np.arange(start, min(start + step, plan.rows), dtype=np.int64)
            yield self._batch(plan, index, schema, start // step)

    def _batch(self, plan: TablePlan, index: np.ndarray, schema: pa.Schema, number: int) -> pa.RecordBatch:
        rng = np.random.default_rng(stable_seed(self.options.seed, plan.name, number))
        arrays: dict[str, pa.Array] = {}
        # Foreign keys first (they fill their columns as a group), then the joint categories, then the
        # rest column by column.
        main_rows = self._main_parent_rows(plan, index) if plan.main_parent is not None else None
        for fk in plan.foreign_keys:
            arrays.update(self._foreign_key(plan, fk, index, main_rows))
        learned = self.model.tables.get(plan.name)
        if learned is not None and learned.joint is not None:
            arrays.update(self._joint(plan, learned, index, skip=set(arrays)))
        if plan.main_parent is not None and main_rows is not None:
            arrays.update(self._inherited(plan, plan.main_parent, main_rows))
        for ctype in plan.types:
            if ctype.name in arrays:
                continue
            info = plan.info.column(ctype.name)
            assert info is not None
            arrays[ctype.name] = self._column(plan, info, ctype, index, rng)
        for greater, lesser, strict in plan.rules.orderings:
            if greater in arrays and lesser in arrays:
                self._order(plan, arrays, greater, lesser, strict=strict)
        columns = []
        for ctype, target in zip(plan.types, schema, strict=True):
            columns.append(_cast(arrays[ctype.name], target.type, plan.name, ctype.name))
        return pa.RecordBatch.from_arrays(columns, schema=schema)

    # keys ---------------------------------------------------------------------------------------------

    def key_values(self, name: str, columns: Sequence[str], index: np.ndarray) -> dict[str, pa.Array]:
        """The values of `columns` (a key of table `name`) on rows `index`: a pure function of the row."""
        plan = self.plans[name]
        out: dict[str, pa.Array] = {}
        fk_of = {c: fk for fk in plan.foreign_keys for c in fk.child_columns}
        pending = list(columns)
        for column in pending:
            if column in out:
                continue
            info = plan.info.column(column)
            if info is None:
                raise InvalidInputError(f"{name} has no column {column}")
            if column in fk_of:
                fk = fk_of[column]
                main_rows = self._main_parent_rows(plan, index) if plan.main_parent is not None else None
                out.update(self._foreign_key(plan, fk, index, main_rows))
            elif column in plan.injective:
                ctype = next(t for t in plan.types if t.name == column)
                out[column] = self._injective(plan, info, ctype, index)
            else:
                # A key column beside the one that makes the key unique (a composite key's region).
                ctype = next(t for t in plan.types if t.name == column)
                out[column] = self._pure_values(plan, info, ctype, index)
        return {c: out[c] for c in columns}

    def _main_parent_rows(self, plan: TablePlan, index: np.ndarray) -> np.ndarray:
        if plan.starts is None:
            plan.starts = self._children_starts(plan)
        return np.searchsorted(plan.starts, index, side="right") - 1

    def _children_starts(self, plan: TablePlan) -> np.ndarray:
        """Running sum of children per main-parent row: parent p has rows starts[p]..starts[p+1]-1."""
        main = plan.main_parent
        assert main is not None
        parents = self.plans[main.parent].rows
        if parents == 0:
            return np.zeros(1, dtype=np.int64)
        rng = np.random.default_rng(stable_seed(self.options.seed, plan.name, "children"))
        limit = None
        if plan.link_partners or self._main_is_unique(plan):
            limit = math.prod(self.plans[fk.parent].rows for fk in plan.link_partners)
        counts = _children_counts(
            rng,
            parents,
            plan.rows,
            histogram=self.model.children.get(main.relationship.name),
            spec=getattr(main.relationship, "children_per_parent", None),
            limit=limit,
        )
        starts = np.zeros(parents + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        return starts

    def _foreign_key(
        self, plan: TablePlan, fk: ForeignKey, index: np.ndarray, main_rows: np.ndarray | None
    ) -> dict[str, pa.Array]:
        """The values of one foreign key on rows `index`: a pure function of the row (a key that holds
        it can be looked up by another table), the parent's key values at the parent row chosen."""
        parent_rows = self.plans[fk.parent].rows
        size = len(index)
        valid: np.ndarray | None = None
        if parent_rows == 0:
            if not fk.nullable:
                raise InvalidInputError(
                    f"{plan.name}: {fk.relationship.name} needs rows in {fk.parent}, which has none"
                )
            return {c: pa.nulls(size) for c in fk.child_columns}
        draw = _uniform(index, stable_seed(self.options.seed, plan.name, fk.relationship.name))
        if fk is plan.main_parent:
            assert main_rows is not None
            rows = main_rows
        elif fk in plan.link_partners or fk in plan.permuted:
            rows = self._link_rows(plan, fk, index, main_rows)
        elif fk.self_reference:
            # An earlier row (a tree); the first row has no parent (or itself when the key is NOT NULL).
            rows = np.floor(draw * index).astype(np.int64)
            valid = index > 0 if fk.nullable else None
        else:
            rows = np.minimum(np.floor(draw * parent_rows).astype(np.int64), parent_rows - 1)
        if fk.nullable and fk is not plan.main_parent and fk not in plan.link_partners:
            share = self._null_share(plan, fk.child_columns[0])
            if share > 0:
                seed = stable_seed(self.options.seed, plan.name, fk.relationship.name, "null")
                keep = _uniform(index, seed) >= share
                valid = keep if valid is None else (valid & keep)
        values = self.key_values(fk.parent, fk.parent_columns, rows)
        out = {}
        for child_column, parent_column in zip(fk.child_columns, fk.parent_columns, strict=True):
            array = values[parent_column]
            if valid is not None:
                array = pc.if_else(pa.array(valid), array, pa.nulls(size, type=array.type))
            out[child_column] = array
        return out

    def _link_rows(
        self, plan: TablePlan, fk: ForeignKey, index: np.ndarray, main_rows: np.ndarray | None
    ) -> np.ndarray:
        """Parent rows of one FK of a unique FK-only key: distinct combinations on every row."""
        groups = plan.link_partners if plan.link_partners else plan.permuted
        sizes = [self.plans[g.parent].rows for g in groups]
        total = math.prod(sizes)
        if plan.link_partners:
            # Each main parent's children take distinct partner combinations: an arithmetic
            # progression (step coprime with the total) from a per-parent start.
            assert main_rows is not None and plan.starts is not None
            within = index - plan.starts[main_rows]
            start = (main_rows.astype(np.uint64) * _GOLDEN >> np.uint64(20)) % np.uint64(max(total, 1))
            step = _coprime_step(total)
            combo = (start + within.astype(np.uint64) * np.uint64(step)) % np.uint64(total)
        else:
            step = _coprime_step(total)
            offset = stable_seed(self.options.seed, plan.name, "permute") % max(total, 1)
            combo = (index.astype(np.uint64) * np.uint64(step) + np.uint64(offset)) % np.uint64(total)
        position = groups.index(fk)
        divisor = math.prod(sizes[position + 1 :])
        rows: np.ndarray = ((combo // np.uint64(divisor)) % np.uint64(sizes[position])).astype(np.int64)
        return rows

    def _injective(self, plan: TablePlan, info: ColumnInfo, ctype: ColumnType, index: np.ndarray) -> pa.Array:
        """Distinct values on distinct rows, whatever the batch."""
        arrow = ctype.arrow
        total = max(plan.rows, 1)
        facts = type_facts(info)
        if pa.types.is_integer(arrow) or pa.types.is_decimal(arrow) or pa.types.is_floating(arrow):
            start = plan.key_start.get(info.name, 1)
            values = index + start
            if pa.types.is_integer(arrow):
                _, high = _integer_range(arrow)
                if start + total - 1 > high:
                    raise InvalidInputError(
                        f"{plan.name}.{info.name} ({info.data_type}) cannot hold {total} distinct values"
                    )
            elif facts.precision is not None and len(str(start + total)) > facts.precision - (
                facts.scale or 0
            ):
                raise InvalidInputError(
                    f"{plan.name}.{info.name} ({info.data_type}) cannot hold {total} distinct values"
                )
            return pa.array(values)
        if pa.types.is_timestamp(arrow):
            first, last = self._time_bounds(plan, info, micros=True)
            slot = max((last - first) / total, 1.0)
            jitter = ((index.astype(np.uint64) * _GOLDEN) >> np.uint64(11)).astype(np.float64) / 2.0**53
            return pa.array((first + (index + jitter * 0.9) * slot).astype(np.int64))
        if pa.types.is_date(arrow):
            day, _ = self._time_bounds(plan, info, micros=False)
            return pa.array((day + index).astype(np.int32))
        if _base_name(info) == "uuid":
            return _uuids(index, stable_seed(self.options.seed, plan.name, info.name))
        if pa.types.is_string(arrow) or pa.types.is_large_string(arrow):
            semantic = self._semantic(plan, info)
            length = facts.max_length
            if semantic in PROVIDERS:
                base = pool(semantic, self.options.locale, self.options.seed)
                chosen = base.take(
                    pa.array(((index.astype(np.uint64) * _GOLDEN) >> np.uint64(33)) % len(base))
                )
                try:
                    return unique_text(chosen, index, total=total, max_length=length)
                except ValueError as exc:
                    raise InvalidInputError(f"{plan.name}.{info.name}: {exc}") from exc
            width = base36_width(total)
            if length is not None and width > length:
                raise InvalidInputError(
                    f"{plan.name}.{info.name} ({info.data_type}) cannot hold {total} distinct values"
                )
            if facts.fixed_length and length is not None:
                width = length
            return base36(index, width)
        raise InvalidInputError(
            f"{plan.name}.{info.name}: cannot generate distinct values of type {info.data_type} for a key"
        )

    def _order(
        self, plan: TablePlan, arrays: dict[str, pa.Array], greater: str, lesser: str, *, strict: bool
    ) -> None:
        """Rows breaking a check `greater >= lesser` (or `>`) are mended: the free column (not a key, not
        a foreign key) takes the other's value (one step past it when strict)."""
        fixed = plan.injective | plan.pure | {c for fk in plan.foreign_keys for c in fk.child_columns}
        types = {t.name: t.arrow for t in plan.types}
        if types[greater] != types[lesser]:
            return
        high, low = arrays[greater].cast(types[greater]), arrays[lesser].cast(types[lesser])
        bad = pc.fill_null(pc.less_equal(high, low) if strict else pc.less(high, low), False)
        if not pc.any(bad).as_py():
            return
        arrow = types[greater]
        if greater not in fixed:
            arrays[greater] = pc.if_else(bad, _step(low, arrow, +1 if strict else 0), high)
        elif lesser not in fixed:
            arrays[lesser] = pc.if_else(bad, _step(high, arrow, -1 if strict else 0), low)
        else:
            self.warnings.append(
                f"{plan.name}: check {greater} > {lesser} joins two key columns; not enforced"
            )

    def _pure_values(  # noqa: PLR0911 - one answer per kind of column
        self, plan: TablePlan, info: ColumnInfo, ctype: ColumnType, index: np.ndarray
    ) -> pa.Array:
        """Values that are a function of the row alone (for key columns other tables look up): one
        uniform draw per row number turned into the column's values."""
        arrow = ctype.arrow
        learned = self.model.tables.get(plan.name)
        if learned is not None and learned.joint is not None and info.name in learned.joint.columns:
            return self._joint_values(plan, learned, info.name, self._joint_choice(plan, learned, index))
        u = _uniform(index, stable_seed(self.options.seed, plan.name, info.name, "pure"))
        listed = self._listed_values(plan, info)
        column_model = learned.columns.get(info.name) if learned else None
        if listed is None and column_model is not None and column_model.values:
            weights = column_model.weights or [1.0] * len(column_model.values)
            listed = (column_model.values, np.asarray(weights, dtype=np.float64))
        if listed is not None:
            values, chances = listed
            cumulative = np.cumsum(chances if chances is not None else np.ones(len(values)))
            chosen = np.minimum(
                np.searchsorted(cumulative, u * cumulative[-1], side="right"), len(values) - 1
            )
            return _typed(values, arrow, ctype.text_form, plan.name, info.name).take(pa.array(chosen))
        quantiles = column_model.quantiles if column_model else None
        if pa.types.is_integer(arrow) or pa.types.is_floating(arrow) or pa.types.is_decimal(arrow):
            rule = plan.rules.columns.get(info.name)
            low, high = self._number_bounds(info, arrow, self._semantic(plan, info), info.stats or {}, rule)
            numbers = inverse_cdf(u, quantiles, low, high)
            if pa.types.is_integer(arrow):
                return _integers(numbers, arrow)
            return pa.array(np.round(numbers, arrow.scale) if pa.types.is_decimal(arrow) else numbers)
        if pa.types.is_timestamp(arrow) or pa.types.is_date(arrow):
            micros = pa.types.is_timestamp(arrow)
            low, high = self._time_bounds(plan, info, micros=micros)
            moments = np.floor(inverse_cdf(u, quantiles, low, high))
            return pa.array(moments.astype(np.int64 if micros else np.int32))
        if pa.types.is_boolean(arrow):
            return pa.array(u < 0.5)
        if _base_name(info) == "uuid":
            return _uuids(index, stable_seed(self.options.seed, plan.name, info.name))
        if pa.types.is_string(arrow) and (not ctype.text_form or _plain_text(info)):
            semantic = self._semantic(plan, info)
            length = type_facts(info).max_length
            if semantic in PROVIDERS:
                names = pool(semantic, self.options.locale, self.options.seed)
                return fit_length(names.take(pa.array((u * len(names)).astype(np.int64))), length)
            width = min(length or 8, 8)
            return base36((u * 36.0**width).astype(np.int64), width)
        raise InvalidInputError(
            f"{plan.name}.{info.name} ({info.data_type}) is part of a referenced key: cannot generate it"
        )

    # other columns ------------------------------------------------------------------------------------

    def _joint_choice(self, plan: TablePlan, learned: TableModel, index: np.ndarray) -> np.ndarray:
        """The combination each row takes: a pure function of the row (its children can repeat it).

        Drawn along a golden-ratio (Weyl) sequence rather than at random: equidistributed, so even a
        59-row table holds its categories in the learned proportions, not a noisy draw of them."""
        joint = learned.joint
        assert joint is not None
        offset = _uniform(np.zeros(1, dtype=np.int64), stable_seed(self.options.seed, plan.name, "joint"))[0]
        u = np.modf(index.astype(np.float64) * _WEYL + offset)[0]
        weights = np.cumsum(np.asarray(joint.weights, dtype=np.float64))
        chosen = np.searchsorted(weights, u * weights[-1], side="right")
        capped: np.ndarray = np.minimum(chosen, len(joint.combos) - 1)
        return capped

    def _joint_values(
        self, plan: TablePlan, learned: TableModel, column: str, chosen: np.ndarray
    ) -> pa.Array:
        joint = learned.joint
        assert joint is not None
        position = joint.columns.index(column)
        ctype = next(t for t in plan.types if t.name == column)
        values = pa.array([combo[position] for combo in joint.combos], type=ctype.arrow)
        return values.take(pa.array(chosen))

    def _joint(
        self, plan: TablePlan, learned: TableModel, index: np.ndarray, *, skip: set[str]
    ) -> dict[str, pa.Array]:
        joint = learned.joint
        assert joint is not None
        columns = [c for c in joint.columns if c not in skip and c not in plan.injective]
        if not columns:
            return {}
        chosen = self._joint_choice(plan, learned, index)
        return {name: self._joint_values(plan, learned, name, chosen) for name in columns}

    def _inherited(self, plan: TablePlan, fk: ForeignKey, parent_rows: np.ndarray) -> dict[str, pa.Array]:
        """Child categories repeated from the parent row (learned), e.g. an invoice's billing country."""
        inherits = self.model.inherits.get(fk.relationship.name)
        parent_plan = self.plans[fk.parent]
        parent_model = self.model.tables.get(fk.parent)
        if not inherits or parent_model is None or parent_model.joint is None:
            return {}
        chosen = self._joint_choice(parent_plan, parent_model, parent_rows)
        out = {}
        for child_column, parent_column in inherits.items():
            if child_column in plan.injective or all(t.name != child_column for t in plan.types):
                continue
            values = self._joint_values(parent_plan, parent_model, parent_column, chosen)
            ctype = next(t for t in plan.types if t.name == child_column)
            out[child_column] = _cast(values, ctype.arrow, plan.name, child_column)
        return out

    def _column(
        self,
        plan: TablePlan,
        info: ColumnInfo,
        ctype: ColumnType,
        index: np.ndarray,
        rng: np.random.Generator,
    ) -> pa.Array:
        size = len(index)
        if info.name in plan.injective:
            values = self._injective(plan, info, ctype, index)
        elif info.name in plan.pure:
            values = self._pure_values(plan, info, ctype, index)
        else:
            values = self._values(plan, info, ctype, size, rng)
        rule = plan.rules.columns.get(info.name)
        if rule is not None and (rule.min_length or rule.max_length) and pa.types.is_string(values.type):
            values = _lengths(values, rule)
        share = (
            self._null_share(plan, info.name) if info.nullable and info.name not in plan.injective else 0.0
        )
        if share > 0:
            mask = rng.random(size) < share
            values = pc.if_else(pa.array(mask), pa.nulls(size, type=values.type), values)
        return values

    def _null_share(self, plan: TablePlan, column: str) -> float:
        learned = self.model.tables.get(plan.name)
        if learned is not None and column in learned.columns:
            return learned.columns[column].null_fraction
        info = plan.info.column(column)
        stats = (info.stats or {}) if info is not None else {}
        return float(stats.get("null_fraction") or 0.0)

    def _semantic(self, plan: TablePlan, info: ColumnInfo) -> str | None:
        semantic = self.semantic.get((plan.name, info.name)) or getattr(info, "semantic_type", None)
        if semantic is None and info.inferred_type in SEMANTIC_TYPES:
            semantic = info.inferred_type
        return semantic if semantic in SEMANTIC_TYPES else None

    def _values(  # noqa: PLR0911, PLR0912 - one branch per kind of source for the values
        self, plan: TablePlan, info: ColumnInfo, ctype: ColumnType, size: int, rng: np.random.Generator
    ) -> pa.Array:
        arrow = ctype.arrow
        details = info.type_details or {}
        facts = type_facts(info)
        learned = self.model.tables.get(plan.name)
        column_model: ColumnModel | None = learned.columns.get(info.name) if learned else None
        listed = self._listed_values(plan, info)
        if listed is not None:
            values, weights = listed
            return pick(_typed(values, arrow, ctype.text_form, plan.name, info.name), rng, size, weights)
        if column_model is not None and column_model.values:
            weights = np.asarray(column_model.weights, dtype=np.float64) if column_model.weights else None
            return pick(pa.array(column_model.values, type=arrow), rng, size, weights)
        stats = info.stats or {}
        semantic = self._semantic(plan, info)
        if pa.types.is_boolean(arrow):
            return pa.array(rng.random(size) < 0.5)
        if pa.types.is_integer(arrow) or pa.types.is_floating(arrow) or pa.types.is_decimal(arrow):
            low, high = self._number_bounds(info, arrow, semantic, stats, plan.rules.columns.get(info.name))
            quantiles = column_model.quantiles if column_model else None
            hint = details.get("distribution")
            if quantiles is None and isinstance(hint, Mapping):
                numbers = np.clip(_from_hint(rng, size, hint, low, high), low, high)
            else:
                numbers = sample_numeric(rng, size, quantiles=quantiles, low=low, high=high)
            if pa.types.is_integer(arrow):
                return _integers(numbers, arrow)
            if pa.types.is_decimal(arrow):
                return pa.array(np.round(numbers, arrow.scale))
            return pa.array(numbers)
        if pa.types.is_timestamp(arrow) or pa.types.is_date(arrow):
            micros = pa.types.is_timestamp(arrow)
            low, high = self._time_bounds(plan, info, micros=micros)
            quantiles = column_model.quantiles if column_model else None
            hint = details.get("distribution")
            if quantiles is None and isinstance(hint, Mapping) and hint.get("kind") == "recent":
                unit = 86_400_000_000 if micros else 1
                low = max(low, high - float(hint.get("days", 365)) * unit)
            numbers = sample_numeric(rng, size, quantiles=quantiles, low=low, high=high)
            numbers = self._into_partitions(plan, info, numbers, rng, micros=micros)
            return pa.array(numbers.astype(np.int64 if micros else np.int32))
        if pa.types.is_time(arrow):
            return pa.array((rng.integers(0, 86_400, size=size) * 1_000_000).astype(np.int64))
        if pa.types.is_binary(arrow):
            return pa.array([bytes(rng.integers(0, 256, size=16, dtype=np.uint8)) for _ in range(size)])
        if ctype.text_form and not _plain_text(info):
            return self._text_form(info, size, rng)
        # Text.
        if semantic in PROVIDERS:
            return fit_length(
                pick(pool(semantic, self.options.locale, self.options.seed), rng, size), facts.max_length
            )
        top = [v.get("value") for v in stats.get("top_values") or [] if isinstance(v, dict)]
        if top and float(stats.get("distinct_ratio") or 1.0) < 0.5:
            weights = np.asarray([float(v.get("count") or 1) for v in stats["top_values"]], dtype=np.float64)
            return fit_length(pick(pa.array([str(v) for v in top]), rng, size, weights), facts.max_length)
        length = facts.max_length
        average = (column_model.avg_length if column_model else None) or stats.get("avg_length")
        if length is not None and length <= 12:
            width = min(length, max(1, round(float(average or length))))
            codes = rng.integers(0, 36 ** min(width, 12), size=size, dtype=np.int64)
            return base36(codes, width)
        words = max(1, min(12, round(float(average or 40) / 7)))
        return fit_length(
            pick(sentence_pool(self.options.locale, self.options.seed, words), rng, size), length
        )

    def _listed_values(self, plan: TablePlan, info: ColumnInfo) -> tuple[list[Any], np.ndarray | None] | None:
        details = info.type_details or {}
        rule = plan.rules.columns.get(info.name)
        checked = rule.allowed if rule is not None else None
        values = checked or details.get("allowed_values") or details.get("enum_labels") or _mysql_labels(info)
        for partition_values in _list_partition_values(plan.info, info.name):
            values = partition_values
        if not values:
            return None
        weights = details.get("weights") if not checked else None
        array = np.asarray(weights, dtype=np.float64) if weights and len(weights) == len(values) else None
        return list(values), array

    def _number_bounds(
        self,
        info: ColumnInfo,
        arrow: pa.DataType,
        semantic: str | None,
        stats: Mapping[str, Any],
        rule: ColumnRule | None = None,
    ) -> tuple[float, float]:
        details = info.type_details or {}
        facts = type_facts(info)
        low, high = NUMERIC_BOUNDS.get(semantic or "", (0.0, 1000.0))
        if stats.get("min") is not None and stats.get("max") is not None:
            with contextlib.suppress(TypeError, ValueError):
                low, high = float(stats["min"]), float(stats["max"])
        if details.get("minimum") is not None:
            low = float(details["minimum"])
        if details.get("maximum") is not None:
            high = float(details["maximum"])
        for operator, bound in _domain_bounds(info):
            if operator in (">=", ">"):
                low = max(low, bound + (1 if operator == ">" else 0))
            else:
                high = min(high, bound - (1 if operator == "<" else 0))
        scale = arrow.scale if pa.types.is_decimal(arrow) else 6
        step = 1.0 if pa.types.is_integer(arrow) else 10.0**-scale
        if rule is not None and rule.low is not None and not isinstance(rule.low[0], str):
            bound = float(rule.low[0]) + (step if rule.low[1] else 0.0)
            low = max(low, bound) if high >= bound else bound
        if rule is not None and rule.high is not None and not isinstance(rule.high[0], str):
            bound = float(rule.high[0]) - (step if rule.high[1] else 0.0)
            high = min(high, bound) if low <= bound else bound
        if pa.types.is_integer(arrow):
            type_low, type_high = _integer_range(arrow)
            low, high = float(math.ceil(max(low, type_low))), float(math.floor(min(high, type_high)))
        if facts.precision is not None:
            limit = 10.0 ** (facts.precision - (facts.scale or 0)) - 10.0 ** -(facts.scale or 0)
            low, high = max(low, -limit), min(high, limit)
        high = max(high, low)
        return low, high

    def _time_bounds(self, plan: TablePlan, info: ColumnInfo, *, micros: bool) -> tuple[float, float]:
        """[low, high] in days (dates) or microseconds (timestamps) since the epoch."""
        unit = 86_400_000_000 if micros else 1
        end = (DEFAULT_TIME_END - datetime(1970, 1, 1, tzinfo=UTC)).days * unit
        low, high = float(end - DEFAULT_TIME_SPAN_DAYS * unit), float(end)
        stats = info.stats or {}
        details = info.type_details or {}
        for key, position in (("min", 0), ("max", 1)):
            raw = details.get("minimum" if position == 0 else "maximum") or stats.get(key)
            parsed = _parse_time(raw, micros=micros)
            if parsed is not None:
                if position == 0:
                    low = parsed
                else:
                    high = parsed
        rule = plan.rules.columns.get(info.name)
        for side in ("low", "high"):
            bound = getattr(rule, side) if rule is not None else None
            moment = _parse_time(bound[0], micros=micros) if bound is not None else None
            if bound is None or moment is None:
                continue
            moment += (1 if bound[1] else 0) * (1 if side == "low" else -1)
            if side == "low":
                low, high = moment, max(high, moment)
            else:
                high, low = moment, min(low, moment)
        ranges = _range_partitions(plan.info, info.name, micros=micros)
        if ranges:
            low, high = min(r[0] for r in ranges), max(r[1] for r in ranges) - 1
        return low, max(high, low)

    def _into_partitions(
        self, plan: TablePlan, info: ColumnInfo, values: np.ndarray, rng: np.random.Generator, *, micros: bool
    ) -> np.ndarray:
        """Values outside every range partition moved into one (a row must have a partition)."""
        ranges = _range_partitions(plan.info, info.name, micros=micros)
        if not ranges:
            return values
        inside = np.zeros(len(values), dtype=bool)
        for low, high in ranges:
            inside |= (values >= low) & (values < high)
        outside = int((~inside).sum())
        if outside:
            widths = np.asarray([high - low for low, high in ranges], dtype=np.float64)
            chosen = np.searchsorted(np.cumsum(widths), rng.random(outside) * widths.sum(), side="right")
            chosen = np.minimum(chosen, len(ranges) - 1)
            lows = np.asarray([r[0] for r in ranges], dtype=np.float64)[chosen]
            values = values.copy()
            values[~inside] = lows + rng.random(outside) * widths[chosen] * 0.999
        floored: np.ndarray = np.floor(values)
        return floored

    def _array_text(self, info: ColumnInfo, size: int, rng: np.random.Generator) -> pa.Array:
        """One-element arrays of the element type's values; an empty array when that type is unknown
        (`{}` is valid for every array type)."""
        details = info.type_details or {}
        labels = details.get("element_enum_labels")
        element = str(details.get("element_type") or _base_name(info)[:-2]).lower()
        if labels:
            choices = pa.array(["{" + _array_literal(str(v)) + "}" for v in labels])
            return pick(choices, rng, size)
        if element.startswith(("text", "character", "varchar", "citext")):
            words = pool("word", self.options.locale, self.options.seed)
            return pc.binary_join_element_wise("{", pick(words, rng, size), "}", "")
        if element in ("smallint", "integer", "bigint", "numeric", "real", "double precision"):
            return pa.array(["{" + str(int(v)) + "}" for v in rng.integers(0, 100, size=size)])
        return pa.array(["{}"] * size)

    def _text_form(  # noqa: PLR0911, PLR0912 - one answer per type kept as text
        self, info: ColumnInfo, size: int, rng: np.random.Generator
    ) -> pa.Array:
        """Values of types kept as the database's text form (uuid, json, arrays, network, ...)."""
        name = _base_name(info)
        if name == "uuid":
            return _uuids(rng.integers(0, 2**62, size=size), int(rng.integers(0, 2**62)))
        if name in ("json", "jsonb"):
            return pa.array([f'{{"n": {int(v)}}}' for v in rng.integers(0, 1000, size=size)])
        if name.endswith("[]"):
            return self._array_text(info, size, rng)
        if name == "tsvector":
            words = pool("word", self.options.locale, self.options.seed)
            return pc.binary_join_element_wise("'", pick(words, rng, size), "':1", "")
        if name in ("inet", "cidr"):
            return pick(pool("ip_address", self.options.locale, self.options.seed), rng, size)
        if name == "interval":
            return pa.array([f"{int(v)} days" for v in rng.integers(0, 365, size=size)])
        if name == "year" or name.startswith("year("):
            return pa.array([str(v) for v in rng.integers(1970, 2030, size=size)])
        if name.startswith("time") and "zone" not in name and "stamp" not in name:
            seconds = rng.integers(0, 86_400, size=size)
            return pa.array([f"{v // 3600:02d}:{v % 3600 // 60:02d}:{v % 60:02d}" for v in seconds.tolist()])
        if name in ("numeric", "decimal") or name.startswith(("numeric(", "decimal(")):
            return pa.array([f"{v:.2f}" for v in rng.random(size) * 1000])
        if name.startswith("bit"):
            width = int(re.sub(r"\D", "", name) or 1)
            return pa.array(
                [
                    format(int(v), f"0{width}b")[-width:]
                    for v in rng.integers(0, 2 ** min(width, 62), size=size)
                ]
            )
        if name == "money":
            return pa.array([f"{v:.2f}" for v in rng.random(size) * 1000])
        if name.startswith(("time with", "timetz")):
            return pa.array(
                [
                    f"{int(v) // 3600:02d}:{int(v) % 3600 // 60:02d}:00+00"
                    for v in rng.integers(0, 86_400, size=size)
                ]
            )
        if info.nullable:
            return pa.nulls(size, type=pa.string())
        raise InvalidInputError(
            f"cannot generate values of type {info.data_type} for NOT NULL column {info.name}"
        )


# --- helpers ----------------------------------------------------------------------------------------


def _qualified(schema: str, table: str) -> str:
    from tdm_core.schema_model import qualified_name

    return qualified_name(schema, table)


def _is_generated(column: ColumnInfo) -> bool:
    return bool((column.type_details or {}).get("generated"))


def _is_integer(column: ColumnInfo) -> bool:
    return _base_name(column) in (
        "smallint",
        "integer",
        "bigint",
        "int",
        "tinyint",
        "mediumint",
    ) or _base_name(column).startswith(("int", "bigint", "smallint", "tinyint", "mediumint"))


def _base_name(column: ColumnInfo) -> str:
    details = column.type_details or {}
    return str((details.get("domain") or {}).get("base_type") or column.data_type or "").strip().lower()


def _integer_start(column: ColumnInfo, learned: TableModel | None) -> int:
    """Integer keys start where the source's do (ids look alike), else at 1."""
    stats = column.stats or {}
    try:
        raw = stats.get("min")
        start = int(float(raw)) if raw is not None else 1
    except (TypeError, ValueError):
        start = 1
    return max(start, 1) if start < 2**31 else 1


def _best_injective(table: TableInfo, columns: Sequence[str]) -> str:
    """The column of a key that best carries distinct values (numbers, then uuids, text, time)."""

    def rank(name: str) -> int:
        column = table.column(name)
        if column is None:
            return 9
        base = _base_name(column)
        if _is_integer(column) or base.startswith(("numeric", "decimal")):
            return 0
        if base == "uuid":
            return 1
        if base.startswith(("character", "varchar", "text", "char")):
            return 2
        if base.startswith("timestamp"):
            return 3
        return 4

    return min(columns, key=lambda c: (rank(c), list(columns).index(c)))


def _dedupe(keys: Sequence[Sequence[str]]) -> list[list[str]]:
    seen: set[frozenset[str]] = set()
    out = []
    for key in keys:
        marker = frozenset(key)
        if key and marker not in seen:
            seen.add(marker)
            out.append(list(key))
    return out


def _dedupe_fks(fks: Sequence[ForeignKey]) -> list[ForeignKey]:
    out: list[ForeignKey] = []
    for fk in fks:
        if all(fk is not other for other in out):
            out.append(fk)
    return out


def _unique_indexes(table: TableInfo) -> list[list[str]]:
    found = []
    for index in table.indexes or []:
        if (
            isinstance(index, Mapping)
            and index.get("unique")
            and not index.get("partial")
            and index.get("columns")
        ):
            columns = [str(c) for c in index["columns"]]
            if all(table.column(c) is not None for c in columns):
                found.append(columns)
    return found


def _coprime_step(total: int) -> int:
    if total <= 1:
        return 1
    for prime in _PRIMES:
        if total % prime:
            return prime % total or 1
    return 1


def _children_counts(
    rng: np.random.Generator,
    parents: int,
    children: int,
    *,
    histogram: Mapping[int, int] | None,
    spec: Mapping[str, Any] | None,
    limit: int | None,
) -> np.ndarray:
    """Children per parent: shaped like the learned histogram (or the configured distribution), summing
    to exactly `children`, none above `limit`."""
    spec = spec or {}
    kind = spec.get("distribution")
    if histogram:
        ks = np.asarray(sorted(histogram), dtype=np.float64)
        ps = np.asarray([histogram[int(k)] for k in ks], dtype=np.float64)
        counts = rng.choice(ks, size=parents, p=ps / ps.sum())
    elif kind == "fixed" or "value" in spec:
        counts = np.full(parents, float(spec.get("value", spec.get("mean", 1))))
    elif kind == "normal":
        counts = np.maximum(rng.normal(float(spec["mean"]), float(spec.get("std", 1.0)), size=parents), 0)
    elif kind is None and "min" in spec and "max" in spec:
        counts = rng.integers(int(spec["min"]), int(spec["max"]) + 1, size=parents).astype(np.float64)
    else:
        mean = float(spec.get("mean") or (children / max(parents, 1)))
        counts = rng.poisson(mean, size=parents).astype(np.float64)
    if "min" in spec or "max" in spec:
        counts = np.clip(counts, float(spec.get("min", 0)), float(spec.get("max", np.inf)))
    total = counts.sum()
    counts = np.floor(counts * (children / total)) if total > 0 else np.zeros(parents)
    counts = counts.astype(np.int64)
    if limit is not None:
        counts = np.minimum(counts, limit)
    _adjust(rng, counts, children, limit)
    return counts


def _adjust(rng: np.random.Generator, counts: np.ndarray, target: int, limit: int | None) -> None:
    """Add or remove single children on random parents until the sum is `target` (within `limit`)."""
    for _ in range(64):
        difference = target - int(counts.sum())
        if difference == 0:
            return
        if difference > 0:
            room = np.flatnonzero(counts < limit) if limit is not None else np.arange(len(counts))
            if len(room) == 0:
                return
            chosen = rng.choice(room, size=min(difference, len(room)), replace=False)
            counts[chosen] += 1
        else:
            filled = np.flatnonzero(counts > 0)
            chosen = rng.choice(filled, size=min(-difference, len(filled)), replace=False)
            counts[chosen] -= 1


def _array_literal(element: str) -> str:
    """One element of a PostgreSQL array literal, double-quoted ({"a b","c"})."""
    return '"' + element.replace("\\", "\\\\").replace('"', '\\"') + '"'


_PLAIN_TEXT = re.compile(
    r"^(character varying|varchar|character|char|bpchar|nchar|nvarchar"
    r"|text|tinytext|mediumtext|longtext|citext)(\s*\(\d+\))?$"  # not an array of them: text[]
)
_MYSQL_LABELS = re.compile(r"^(enum|set)\((.*)\)$", re.IGNORECASE | re.DOTALL)


def _plain_text(column: ColumnInfo) -> bool:
    """A character type (MySQL's strings are stored as text form too: they are still plain text)."""
    return bool(_PLAIN_TEXT.match(_base_name(column)))


def _mysql_labels(column: ColumnInfo) -> list[str] | None:
    """The labels of a MySQL ENUM('a','b') / SET(...) type (a SET value here is one label)."""
    match = _MYSQL_LABELS.match(str(column.data_type or "").strip())
    if match is None:
        return None
    return [label.replace("''", "'") for label in re.findall(r"'((?:[^']|'')*)'", match.group(2))]


def _step(values: pa.Array, arrow: pa.DataType, direction: int) -> pa.Array:
    """`values` moved by the smallest step of their type (0: unchanged)."""
    if direction == 0:
        return values
    if pa.types.is_timestamp(arrow) or pa.types.is_time64(arrow):
        return pc.add(values.cast(pa.int64()), direction).cast(arrow)
    if pa.types.is_date32(arrow):
        return pc.add(values.cast(pa.int32()), direction).cast(arrow)
    if pa.types.is_decimal(arrow):
        unit = pa.scalar(direction * 10**-arrow.scale if arrow.scale > 0 else direction).cast(arrow)
        return pc.add(values, unit).cast(arrow)
    if pa.types.is_floating(arrow):
        return pc.add(values, direction * 1e-6)
    return pc.add(values, direction).cast(arrow)


def _lengths(values: pa.Array, rule: ColumnRule) -> pa.Array:
    """Text cut to a check's maximum length and padded to its minimum."""
    if rule.max_length is not None:
        values = pc.utf8_slice_codeunits(values, 0, rule.max_length)
    if rule.min_length:
        values = pc.utf8_rpad(values, width=rule.min_length, padding="X")
    return values


def _integer_range(arrow: pa.DataType) -> tuple[float, float]:
    """The values an integer type holds, as floats that convert back exactly (64-bit ends pulled in
    to the nearest float below the limit)."""
    bits = arrow.bit_width
    if pa.types.is_unsigned_integer(arrow):
        return 0.0, float(2**bits - 1) if bits < 64 else float(2**64 - 4096)
    return float(-(2 ** (bits - 1))), float(2 ** (bits - 1) - 1) if bits < 64 else float(2**63 - 1024)


def _integers(numbers: np.ndarray, arrow: pa.DataType) -> pa.Array:
    low, high = _integer_range(arrow)
    rounded = np.clip(np.rint(numbers), low, high)
    dtype = np.uint64 if pa.types.is_unsigned_integer(arrow) else np.int64
    return pa.array(rounded.astype(dtype))


def _typed(values: Sequence[Any], arrow: pa.DataType, text_form: bool, table: str, column: str) -> pa.Array:
    """Listed values (enum labels, options: often text) in the column's type."""
    if text_form or pa.types.is_string(arrow):
        return pa.array([str(v) for v in values], type=pa.string())
    try:
        return pa.array([str(v) for v in values], type=pa.string()).cast(arrow)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise InvalidInputError(f"{table}.{column}: allowed values do not fit {arrow}") from exc


def _from_hint(
    rng: np.random.Generator, size: int, hint: Mapping[str, Any], low: float, high: float
) -> np.ndarray:
    """Numbers following a pack's distribution hint (lognormal, normal, exponential, poisson, uniform)."""
    kind = hint.get("kind")
    if kind == "lognormal":
        return np.asarray(
            rng.lognormal(math.log(float(hint.get("median", 1.0))), float(hint.get("sigma", 1.0)), size)
        )
    if kind == "normal":
        return np.asarray(rng.normal(float(hint.get("mean", 0.0)), float(hint.get("std", 1.0)), size))
    if kind == "exponential":
        return np.asarray(rng.exponential(float(hint.get("mean", 1.0)), size))
    if kind == "poisson":
        return rng.poisson(float(hint.get("mean", 1.0)), size).astype(np.float64)
    return low + rng.random(size) * (high - low)


def _uniform(index: np.ndarray, seed: int) -> np.ndarray:
    """A uniform [0, 1) draw per row number (splitmix64 of the number and a seed): the same row gets
    the same draw in any batch."""
    with np.errstate(over="ignore"):
        z = index.astype(np.uint64) + np.uint64(seed & 0xFFFF_FFFF_FFFF_FFFF) + _GOLDEN
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) / 2.0**53


def _uuids(index: np.ndarray, seed: int) -> pa.Array:
    """Version-4-shaped uuids, distinct for distinct indexes: a seeded prefix and a 62-bit bijection."""
    high = (seed & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
    low = ((index.astype(np.uint64) * _GOLDEN) ^ np.uint64(seed & 0x3FFF_FFFF_FFFF_FFFF)) & np.uint64(
        0x3FFF_FFFF_FFFF_FFFF
    )
    low = low | np.uint64(0x8000_0000_0000_0000)
    prefix = f"{high:016x}"
    head = f"{prefix[:8]}-{prefix[8:12]}-{prefix[12:16]}-"
    texts = [f"{head}{v:016x}" for v in low.tolist()]
    return pa.array([f"{t[:23]}-{t[23:]}" for t in texts])


def _parse_time(raw: Any, *, micros: bool) -> float | None:
    if raw is None:
        return None
    try:
        if isinstance(raw, (int, float)):
            return float(raw)
        text = str(raw).strip().strip("'")
        moment = datetime.fromisoformat(
            text.replace(" ", "T", 1) if "T" not in text and ":" in text else text
        )
    except ValueError:
        try:
            moment = datetime.combine(date.fromisoformat(str(raw)[:10]), datetime.min.time())
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    seconds = (moment - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds()
    return seconds * 1_000_000 if micros else math.floor(seconds / 86_400)


def _partition_column(table: TableInfo) -> tuple[str, str] | None:
    raw = getattr(table, "partition_key", None)
    if not raw:
        return None
    match = _PARTITION_KEY.match(str(raw).strip())
    return (match.group(1).upper(), match.group(2)) if match else None


def _range_partitions(table: TableInfo, column: str, *, micros: bool) -> list[tuple[float, float]]:
    key = _partition_column(table)
    if key is None or key[0] != "RANGE" or key[1] != column:
        return []
    ranges = []
    for partition in table.partitions or []:
        bound = str((partition or {}).get("bound") or "")
        if "DEFAULT" in bound.upper():
            return []  # a default partition takes any value
        match = _RANGE_BOUND.search(bound)
        if match is None:
            continue
        low = _parse_time(match.group(1).strip("'"), micros=micros)
        high = _parse_time(match.group(2).strip("'"), micros=micros)
        if low is not None and high is not None and high > low:
            ranges.append((low, high))
    return ranges


def _list_partition_values(table: TableInfo, column: str) -> list[list[str]]:
    key = _partition_column(table)
    if key is None or key[0] != "LIST" or key[1] != column:
        return []
    values: list[str] = []
    for partition in table.partitions or []:
        bound = str((partition or {}).get("bound") or "")
        if "DEFAULT" in bound.upper():
            return []
        match = _LIST_BOUND.search(bound)
        if match:
            values.extend(v.strip().strip("'") for v in match.group(1).split(","))
    return [values] if values else []


def _domain_bounds(column: ColumnInfo) -> list[tuple[str, float]]:
    domain = (column.type_details or {}).get("domain") or {}
    bounds = []
    for constraint in domain.get("constraints") or []:
        for operator, value in _CHECK_BOUND.findall(str((constraint or {}).get("definition") or "")):
            bounds.append((operator, float(value)))
    return bounds


def check_request(step: Any, snapshot: SchemaSnapshot) -> None:
    """Submission-time check (422s) of row_counts against the schema version, when the database is the
    only schema source (merged sources may add the tables named)."""
    data = step if isinstance(step, Mapping) else step.model_dump()
    if any(data.get(k) for k in ("api_spec_url", "api_spec", "ui_urls", "domain_pack")):
        return
    tables = {t.qualified_name: t for t in snapshot.tables if t.kind in GENERATABLE_KINDS}
    for name in data.get("row_counts") or {}:
        try:
            _resolve_counts(tables, {name: 0})
        except InvalidInputError as exc:
            raise InvalidInputError(
                exc.detail, errors=[{"loc": ["row_counts", name], "msg": exc.detail, "type": "value_error"}]
            ) from None


def _resolve_counts(tables: Mapping[str, TableInfo], requested: Mapping[str, int]) -> dict[str, int]:
    """Requested counts by qualified or bare table name; an unknown name is an error naming it."""
    by_bare: dict[str, list[str]] = {}
    for qualified, info in tables.items():
        by_bare.setdefault(info.name, []).append(qualified)
    resolved: dict[str, int] = {}
    for name, count in requested.items():
        if name in tables:
            resolved[name] = int(count)
        elif len(by_bare.get(name, [])) == 1:
            resolved[by_bare[name][0]] = int(count)
        elif name in by_bare:
            raise InvalidInputError(f"row_counts: {name!r} is ambiguous ({', '.join(by_bare[name])})")
        else:
            raise InvalidInputError(f"row_counts: no table {name!r} in the schema")
    return resolved


def _with_parents(
    snapshot: SchemaSnapshot, tables: Mapping[str, TableInfo], wanted: Sequence[str]
) -> dict[str, TableInfo]:
    chosen = {n: tables[n] for n in _resolve_counts(tables, dict.fromkeys(wanted, 0))}
    changed = True
    while changed:
        changed = False
        for rel in snapshot.relationships:
            child = _qualified(rel.child_schema, rel.child_table)
            parent = _qualified(rel.parent_schema, rel.parent_table)
            if child in chosen and parent not in chosen and parent in tables:
                chosen[parent] = tables[parent]
                changed = True
    return chosen


def _cast(array: pa.Array, target: pa.DataType, table: str, column: str) -> pa.Array:
    if array.type == target:
        return array
    if pa.types.is_null(array.type):
        return pa.nulls(len(array), type=target)
    try:
        if pa.types.is_timestamp(target) or pa.types.is_time64(target):
            return array.cast(pa.int64()).cast(target)
        if pa.types.is_date32(target):
            return array.cast(pa.int32()).cast(target)
        if pa.types.is_decimal(target):
            return array.cast(target, safe=False)
        return array.cast(target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise InvalidInputError(f"{table}.{column}: generated values do not fit {target}: {exc}") from exc
