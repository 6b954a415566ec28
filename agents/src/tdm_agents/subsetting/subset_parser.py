"""A subset request checked against a schema version, turned into a `SubsetPlan` (spec 6.1
`parse_subset_request`).

Everything a request can get wrong is found here, before any row is read, and reported as one 422 with
an entry per problem whose `loc` is the field's path in the request (`["filters", "customer",
"store_id", "gte"]`): an unknown table or column, an unknown operator, a value of the wrong type for the
column, a root table that is a view, a table both excluded and copied whole, an excluded table that a
kept table references. The plan holds plain JSON so that it can live in the job's checkpointed state.

Filter values are checked against the column's type and kept as JSON; `dialects.py` turns them into
bound parameters of the right Python type. They are never written into SQL text.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel, Field
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import (
    ColumnInfo,
    SchemaSnapshot,
    TableInfo,
    TableKey,
    qualified_name,
    resolve_table_name,
)

from tdm_agents.common.column_kinds import value_kind
from tdm_agents.subsetting.contract import FILTER_OPERATORS, MAX_FILTER_VALUES, DateRange, SubsetStep
from tdm_agents.subsetting.fk_graph import ROW_KINDS, Edge, edge_of

Loc = list[str | int]

# What a filter value must be, from the column's type.
_INTEGER_TEXT = re.compile(r"^[+-]?\d{1,19}$")
_TIME_TEXT = re.compile(r"^\d{1,2}:\d{2}(:\d{2}(\.\d{1,6})?)?$")
_SINGLE_VALUE_OPS = ("eq", "ne", "gt", "gte", "lt", "lte")
_INT64 = 2**63


class Condition(BaseModel):
    """One test on one column: `column <op> value` (value already checked for the column's kind)."""

    column: str
    op: str
    value: Any = None
    kind: str  # integer, number, boolean, date, timestamp, timestamptz, time, uuid, text, enum, other


class TablePlan(BaseModel):
    schema_name: str
    name: str
    # The columns identifying a row: the primary key, else a unique key of NOT NULL columns; empty when
    # the table has neither (PostgreSQL then names rows by their physical address).
    key: list[str]
    key_kind: str  # primary_key | unique | row_id
    conditions: list[Condition] = Field(default_factory=list)
    sampling_pct: float | None = None
    cap: int | None = None
    passthrough: bool = False
    follow_children: bool = False
    root: bool = False
    partitioned: bool = False  # a partitioned table: its rows live in its partitions

    @property
    def qualified(self) -> str:
        return qualified_name(self.schema_name, self.name)

    @property
    def restricted(self) -> bool:
        """Whether rows entering this table are tested (filters or sampling) or counted (a cap)."""
        return bool(self.conditions) or self.sampling_pct is not None or self.cap is not None


class SubsetPlan(BaseModel):
    schema_version_id: str | None = None
    root: str
    seed: int = 0
    name: str | None = None
    tables: dict[str, TablePlan]
    edges: list[dict[str, Any]]  # Edge.to_dict() of every foreign key between tables of the subset
    excluded: list[str] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list)  # views and foreign tables: no rows of their own

    def edge_list(self) -> list[Edge]:
        return [Edge.from_dict(e) for e in self.edges]


class _Problems:
    def __init__(self) -> None:
        self.errors: list[dict[str, Any]] = []

    def add(self, loc: Loc, message: str, kind: str = "value_error") -> None:
        if len(self.errors) < 50:
            self.errors.append({"loc": list(loc), "msg": message, "type": kind})

    def raise_if_any(self) -> None:
        if not self.errors:
            return
        first = self.errors[0]
        where = ".".join(str(part) for part in first["loc"])
        more = f" (and {len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
        raise InvalidInputError(f"{where}: {first['msg']}{more}", errors=self.errors)


def check_request(step: SubsetStep | Mapping[str, Any], snapshot: SchemaSnapshot) -> None:
    """Raise a 422 for everything in `step` the schema version contradicts (submission-time check)."""
    parse_request(step, snapshot)


def parse_request(
    step: SubsetStep | Mapping[str, Any], snapshot: SchemaSnapshot, *, schema_version_id: str | None = None
) -> SubsetPlan:
    request = step if isinstance(step, SubsetStep) else SubsetStep.model_validate(dict(step))
    return _Parser(request, snapshot, schema_version_id).plan()


class _Parser:
    """One pass over a request: every problem is collected, then all are raised together."""

    def __init__(self, request: SubsetStep, snapshot: SchemaSnapshot, schema_version_id: str | None) -> None:
        self.request = request
        self.snapshot = snapshot
        self.version = schema_version_id
        self.problems = _Problems()
        self.tables = {t.key: t for t in snapshot.tables}

    def resolve(self, name: str, loc: Loc) -> TableInfo | None:
        key = resolve_table_name(name, list(self.tables))
        if key is None and "." not in name and '"' not in name:
            # No such table in the default schema: the one table of that name in any schema (a MySQL
            # source's tables live in its database, e.g. "shop.customers", asked for as "customers").
            found = [k for k in self.tables if k[1] == name]
            if len(found) > 1:
                listed = ", ".join(qualified_name(*k) for k in sorted(found)[:5])
                self.problems.add(loc, f"{name!r} is ambiguous: name one of {listed}", "ambiguous")
                return None
            key = found[0] if found else None
        if key is None:
            where = f" in schema version {self.version}" if self.version else " in the schema version"
            self.problems.add(loc, f"there is no table {name!r}{where}", "not_found")
            return None
        table = self.tables[key]
        if table.kind not in ROW_KINDS:
            kind = table.kind.replace("_", " ")
            self.problems.add(loc, f"{table.qualified_name} is a {kind}: only tables hold rows to subset")
            return None
        return table

    def table_set(self, names: Sequence[str] | None, field: str) -> dict[TableKey, int]:
        """The tables a list names, each with the index of its first mention (for error locations)."""
        found: dict[TableKey, int] = {}
        for index, name in enumerate(names or []):
            table = self.resolve(name, [field, index])
            if table is not None:
                found.setdefault(table.key, index)
        return found

    def per_table(self, values: Mapping[str, Any] | None, field: str) -> dict[TableKey, Any]:
        found: dict[TableKey, Any] = {}
        for name, value in (values or {}).items():
            table = self.resolve(name, [field, name])
            if table is not None:
                found[table.key] = value
        return found

    def plan(self) -> SubsetPlan:
        request, problems = self.request, self.problems
        excluded = self.table_set(request.exclude_tables, "exclude_tables")
        passthrough = self.table_set(request.passthrough_tables, "passthrough_tables")
        follow = self.table_set(request.follow_children_of, "follow_children_of")
        root = self.resolve(request.root_table, ["root_table"])
        if root is not None and root.key in excluded:
            problems.add(["root_table"], f"{root.qualified_name} is the root table: it cannot be excluded")
        if root is not None and root.key in passthrough:
            problems.add(
                ["root_table"], f"{root.qualified_name} is the root table: it cannot be copied whole"
            )
        for key in sorted(passthrough.keys() & excluded.keys()):
            problems.add(
                ["passthrough_tables", passthrough[key]], f"{qualified_name(*key)} is also in exclude_tables"
            )
        in_scope = {key for key, t in self.tables.items() if t.kind in ROW_KINDS and key not in excluded}
        edges = [edge_of(rel) for rel in self.snapshot.relationships]
        _check_exclusions(excluded, in_scope, edges, problems)
        conditions = self.conditions(excluded)
        caps = self.per_table(request.max_rows_per_table, "max_rows_per_table")
        sampling = self.per_table(request.table_sampling_pct, "table_sampling_pct")
        if root is not None and request.sampling_pct is not None:
            if root.key in sampling:
                problems.add(
                    ["table_sampling_pct", request.root_table], "the root is sampled by sampling_pct"
                )
            sampling[root.key] = request.sampling_pct
        self.check_passthrough(passthrough, filters=conditions, caps=caps, sampling=sampling)
        problems.raise_if_any()
        assert root is not None
        tables: dict[str, TablePlan] = {}
        for key in sorted(in_scope):
            key_columns, key_kind = row_key(self.tables[key])
            tables[qualified_name(*key)] = TablePlan(
                schema_name=key[0],
                name=key[1],
                key=key_columns,
                key_kind=key_kind,
                conditions=conditions.get(key, []),
                sampling_pct=sampling.get(key),
                cap=caps.get(key),
                passthrough=key in passthrough,
                follow_children=key in follow,
                root=key == root.key,
                partitioned=self.tables[key].kind == "partitioned_table",
            )
        return SubsetPlan(
            schema_version_id=self.version,
            root=root.qualified_name,
            seed=request.seed,
            name=request.name,
            tables=tables,
            edges=[e.to_dict() for e in edges if e.child in tables and e.parent in tables],
            excluded=sorted(qualified_name(*k) for k in excluded),
            skipped=sorted(t.qualified_name for t in self.snapshot.tables if t.kind not in ROW_KINDS),
        )

    def check_passthrough(
        self, passthrough: Mapping[TableKey, int], **restrictions: Mapping[TableKey, Any]
    ) -> None:
        """A table copied whole cannot also be filtered, capped or sampled."""
        fields = {"filters": "filters", "caps": "max_rows_per_table", "sampling": "table_sampling_pct"}
        for name, restricted in restrictions.items():
            for key in sorted(restricted.keys() & passthrough.keys()):
                self.problems.add(
                    [fields[name], qualified_name(*key)],
                    f"{qualified_name(*key)} is copied whole (passthrough_tables): it cannot be restricted",
                )

    def conditions(self, excluded: Mapping[TableKey, int]) -> dict[TableKey, list[Condition]]:
        """Filters and the date range, per table."""
        found: dict[TableKey, list[Condition]] = {}
        for table_name, columns in (self.request.filters or {}).items():
            table = self.resolve(table_name, ["filters", table_name])
            if table is None:
                continue
            if table.key in excluded:
                self.problems.add(["filters", table_name], f"{table.qualified_name} is excluded")
                continue
            for column_name, spec in columns.items():
                loc: Loc = ["filters", table_name, column_name]
                column = table.column(column_name)
                if column is None:
                    self.problems.add(
                        loc, f"{table.qualified_name} has no column {column_name!r}", "not_found"
                    )
                    continue
                found.setdefault(table.key, []).extend(_conditions(column, spec, loc, self.problems))
        if self.request.date_range is not None:
            window = _date_range(self.request.date_range, self.resolve, self.problems)
            if window is not None:
                found.setdefault(window[0], []).extend(window[1])
        return found


def _check_exclusions(
    excluded: Mapping[TableKey, int], in_scope: set[TableKey], edges: list[Edge], problems: _Problems
) -> None:
    """An excluded table may not be the parent of a kept one: the kept rows would reference rows that are
    not in the subset, and the target's foreign keys would refuse them."""
    names_in_scope = {qualified_name(*k) for k in in_scope}
    for key, index in excluded.items():
        qualified = qualified_name(*key)
        referencing = sorted({e.child for e in edges if e.parent == qualified and e.child in names_in_scope})
        if referencing:
            problems.add(
                ["exclude_tables", index],
                f"{qualified} is referenced by {', '.join(referencing[:5])}: exclude those too, "
                "or keep it (passthrough_tables copies a table whole)",
            )


def row_key(table: TableInfo) -> tuple[list[str], str]:
    primary = table.primary_key()
    if primary:
        return primary, "primary_key"
    for columns in table.unique_keys():
        found = [table.column(c) for c in columns]
        if columns and all(c is not None and not c.nullable for c in found):
            return list(columns), "unique"
    return [], "row_id"


# --- conditions ------------------------------------------------------------------------------------


def _conditions(column: ColumnInfo, spec: Any, loc: Loc, problems: _Problems) -> list[Condition]:
    kind = value_kind(column)
    if not isinstance(spec, dict):
        spec = {"is_null": True} if spec is None else {"eq": spec}
    if not spec:
        problems.add(loc, "an operator map needs at least one operator")
        return []
    found: list[Condition] = []
    for op, raw in spec.items():
        here = [*loc, op]
        if op not in FILTER_OPERATORS:
            problems.add(here, f"unknown operator {str(op)[:40]!r}; use one of {', '.join(FILTER_OPERATORS)}")
            continue
        value = _operand(op, raw, kind, column, here, problems)
        if value is not _BAD:
            found.append(Condition(column=column.name, op=op, value=value, kind=kind))
    return found


_BAD = object()


def _operand(  # noqa: PLR0911, PLR0917
    op: str, raw: Any, kind: str, column: ColumnInfo, loc: Loc, problems: _Problems
) -> Any:
    if op == "is_null":
        if not isinstance(raw, bool):
            problems.add(loc, "is_null takes true or false")
            return _BAD
        return raw
    if op == "like":
        if not isinstance(raw, str) or not raw:
            problems.add(loc, "like takes a non-empty pattern string (% and _ are wildcards)")
            return _BAD
        return raw
    if kind == "other":
        problems.add(
            loc,
            f"column {column.name!r} ({column.data_type}) can only be filtered with is_null or like",
        )
        return _BAD
    if op in ("in", "not_in", "between"):
        if not isinstance(raw, list) or not raw:
            problems.add(loc, f"{op} takes a non-empty list of values")
            return _BAD
        if op == "between" and len(raw) != 2:
            problems.add(loc, "between takes [low, high]")
            return _BAD
        if len(raw) > MAX_FILTER_VALUES:
            problems.add(loc, f"{op} takes at most {MAX_FILTER_VALUES} values")
            return _BAD
        values = [_value(item, kind, column, [*loc, index], problems) for index, item in enumerate(raw)]
        return _BAD if any(v is _BAD for v in values) else values
    return _value(raw, kind, column, loc, problems)


def _value(raw: Any, kind: str, column: ColumnInfo, loc: Loc, problems: _Problems) -> Any:  # noqa: PLR0911, PLR0912
    """The JSON form of a value of `kind`, or _BAD (and a problem naming the expected type)."""
    shown = f"column {column.name!r} ({column.data_type})"
    if raw is None or isinstance(raw, dict | list):
        problems.add(loc, f"{shown} needs a single value here (use is_null for NULL)")
        return _BAD
    if kind == "integer":
        if isinstance(raw, int) and not isinstance(raw, bool) and -_INT64 <= raw < _INT64:
            return raw
        if isinstance(raw, str) and _INTEGER_TEXT.match(raw.strip()) and -_INT64 <= int(raw) < _INT64:
            return int(raw)
        problems.add(loc, f"{shown} needs an integer")
        return _BAD
    if kind == "number":
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            problems.add(loc, f"{shown} needs a number")
            return _BAD
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation:
            problems.add(loc, f"{shown} needs a number")
            return _BAD
        if not number.is_finite():
            problems.add(loc, f"{shown} needs a finite number")
            return _BAD
        return str(number)
    if kind == "boolean":
        if isinstance(raw, bool):
            return raw
        problems.add(loc, f"{shown} needs true or false")
        return _BAD
    if not isinstance(raw, str):
        problems.add(loc, f"{shown} needs a string")
        return _BAD
    text = raw.strip()
    if kind == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            problems.add(loc, f"{shown} needs a date (YYYY-MM-DD)")
            return _BAD
    if kind in ("timestamp", "timestamptz"):
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
        except ValueError:
            problems.add(loc, f"{shown} needs a date-time (ISO 8601, e.g. 2022-06-01T00:00:00Z)")
            return _BAD
    if kind == "time":
        if _TIME_TEXT.match(text):
            try:
                time.fromisoformat(text if text.count(":") > 1 else f"{text}:00")
                return text
            except ValueError:
                pass
        problems.add(loc, f"{shown} needs a time (HH:MM[:SS])")
        return _BAD
    if kind == "uuid":
        try:
            return str(uuid.UUID(text))
        except ValueError:
            problems.add(loc, f"{shown} needs a UUID")
            return _BAD
    if kind == "enum":
        labels = (column.type_details or {}).get("enum_labels") or []
        if raw not in labels:
            problems.add(
                loc, f"{shown} has no label {raw[:60]!r}; labels: {', '.join(map(str, labels[:20]))}"
            )
            return _BAD
        return raw
    return raw  # text: any string, exactly as given


def _date_range(
    window: DateRange, resolve: Callable[[str, Loc], TableInfo | None], problems: _Problems
) -> tuple[TableKey, list[Condition]] | None:
    table = resolve(window.table, ["date_range", "table"])
    if table is None:
        return None
    column = table.column(window.column)
    if column is None:
        problems.add(
            ["date_range", "column"], f"{table.qualified_name} has no column {window.column!r}", "not_found"
        )
        return None
    kind = value_kind(column)
    if kind not in ("date", "timestamp", "timestamptz"):
        problems.add(
            ["date_range", "column"], f"column {window.column!r} ({column.data_type}) is not a date or time"
        )
        return None
    found: list[Condition] = []
    if window.start is not None:
        found.append(Condition(column=column.name, op="gte", value=_iso(window.start, kind), kind=kind))
    if window.end is not None:
        end = window.end
        if not isinstance(end, datetime) and kind != "date":
            # A date as the end covers that whole day.
            found.append(
                Condition(column=column.name, op="lt", value=_iso(end + timedelta(days=1), kind), kind=kind)
            )
        else:
            found.append(Condition(column=column.name, op="lte", value=_iso(end, kind), kind=kind))
    return table.key, found


def _iso(value: date | datetime, kind: str) -> str:
    if kind == "date":
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if isinstance(value, datetime):
        return value.isoformat()
    return datetime(value.year, value.month, value.day).isoformat()
