"""Domain packs (spec 8.2): a ready-made business schema to generate from when there is no database.

A pack is one YAML file in this folder (shipped inside the package, read with `importlib.resources`);
adding a domain is adding a file. `load_pack(name)` validates it strictly and `DomainPack.to_snapshot()`
turns it into the normalized schema of `tdm_agents.synthetic.schema` (origin "pack"), which the merger
and the generators read like any other source.

File format (every key not listed here is an error):

    name: ecommerce                      # must equal the file's stem; lowercase identifier
    description: Online shop ...
    entities:
      - name: customer                   # a table name: lowercase identifier, at most 63 characters
        description: ...                 # optional, becomes the table comment
        default_rows: 1000               # rows to generate when the user gives no count (>= 0)
        unique: [[order_id, product_id]] # optional composite unique keys
        columns:
          - name: id
            type: bigint                 # a PostgreSQL type name (aliases allowed, see below)
            primary_key: true            # several columns marked: a composite key, in column order
          - name: status
            type: character varying(16)
            semantic: status             # one of schema.SEMANTIC_TYPES: what the values mean
            nullable: false              # default false: pack columns are NOT NULL unless they say so
            unique: false                # default false: true makes a one-column unique key
            allowed_values: [active, closed]   # strings (or integers), the only values generated
            weights: [0.9, 0.1]                # optional, relative frequencies of allowed_values
            min: 0                       # optional bounds: numbers for numeric columns,
            max: 100                     #   ISO dates / timestamps for date and time columns
            min_length: 1                # optional, text columns
            max_length: 16
            pattern: "^[a-z]+$"          # optional regular expression the values match
            format: email                # optional OpenAPI / HTML format name
            distribution: {kind: lognormal, median: 25, sigma: 0.8}   # optional, see below
            description: ...             # optional, becomes the column comment
    relationships:
      - customer.id -> orders.customer_id             # parent.key -> child.foreign_key
      - link: orders.id -> order_item.order_id        # the mapping form takes options
        children_per_parent: {distribution: uniform, min: 1, max: 5}
      - shop.(region, code) -> store.(shop_region, shop_code)   # a composite key

Types are PostgreSQL names; common aliases are accepted and written canonically (the way PostgreSQL's
`format_type` prints them, which is what discovery stores): `int`/`int4` -> `integer`, `int8` ->
`bigint`, `varchar(n)` -> `character varying(n)`, `char(n)` -> `character(n)`, `decimal(p,s)` ->
`numeric(p,s)`, `timestamptz` -> `timestamp with time zone`, `bool` -> `boolean`, `float8` ->
`double precision`; `[]` makes an array. `canonical_type()` is that mapping.

Column distributions (`kind` and its parameters, nothing else):
    numeric columns: `uniform` (between min and max), `normal` (mean, std), `lognormal` (median, sigma:
    the median of the values and the standard deviation of their logarithm), `exponential` (mean),
    `poisson` (mean); values are clipped to min/max when given.
    date and time columns: `uniform` (between min and max), `recent` (days: uniform over the last N days).

Children per parent (how many child rows each parent row gets): `{distribution: uniform, min, max}`
(also when only min/max are given), `{distribution: poisson, mean}` and `{distribution: normal, mean,
std}` (both optionally clipped by min/max; poisson is implied by a lone mean), `{distribution: fixed,
value}` (implied by a lone value; the snapshot also gets min = max = value).

Rules checked on load (an error names the pack, the entity or relationship, the column and the field):
every entity has a primary key (primary-key columns are never nullable); names are unique; semantic
types are known; weights have one non-negative number per allowed value and do not all weigh zero;
allowed values fit the column (length of `character(n)` / `character varying(n)`, numbers for numeric
columns); min <= max; a relationship names existing entities and columns, has as many child columns as
parent columns, points at the parent's primary key or one of its unique keys, and pairs columns of the
same (canonical) type; a self-reference uses a nullable column (the root rows have no parent); a
column is the child side of at most one relationship.

In the snapshot (`to_snapshot()`): each table has `origin` "pack" and `default_row_count`; each
relationship has `children_per_parent` (the normalized mapping above, or None); each column's
`type_details` holds, besides the keys of `schema.column()`, the generation hints `weights` (a list
aligned with `allowed_values`) and `distribution` (the mapping above) when the pack gives them. Date
bounds are ISO strings there.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import normalize_snapshot

from tdm_agents.synthetic.schema import SEMANTIC_TYPES, column, family_of, relationship, table

PACK_SUFFIX = ".yaml"
# PostgreSQL truncates identifiers beyond 63 bytes: a longer name would not be the table it creates.
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_SIDE = rf"({_NAME})\.(?:({_NAME})|\(\s*({_NAME}(?:\s*,\s*{_NAME})*)\s*\))"
_LINK = re.compile(rf"^\s*{_SIDE}\s*->\s*{_SIDE}\s*$")
# Errors listed in an exception's detail; all of them are in `errors`.
_MAX_IN_DETAIL = 5

# --- PostgreSQL type names -----------------------------------------------------------------------

_PLAIN_TYPES = {
    "smallint": "smallint",
    "int2": "smallint",
    "integer": "integer",
    "int": "integer",
    "int4": "integer",
    "bigint": "bigint",
    "int8": "bigint",
    "real": "real",
    "float4": "real",
    "double precision": "double precision",
    "float8": "double precision",
    "float": "double precision",
    "numeric": "numeric",
    "decimal": "numeric",
    "boolean": "boolean",
    "bool": "boolean",
    "date": "date",
    "timestamp": "timestamp without time zone",
    "timestamp without time zone": "timestamp without time zone",
    "timestamp with time zone": "timestamp with time zone",
    "timestamptz": "timestamp with time zone",
    "time": "time without time zone",
    "time without time zone": "time without time zone",
    "time with time zone": "time with time zone",
    "timetz": "time with time zone",
    "interval": "interval",
    "text": "text",
    "character varying": "character varying",
    "varchar": "character varying",
    "character": "character(1)",
    "char": "character(1)",
    "uuid": "uuid",
    "json": "json",
    "jsonb": "jsonb",
    "bytea": "bytea",
    "inet": "inet",
    "cidr": "cidr",
    "macaddr": "macaddr",
}
_PARAMETRIZED = re.compile(
    r"^(?P<base>[a-z]+(?: [a-z]+)?)\s*\(\s*(?P<first>\d+)\s*(?:,\s*(?P<second>\d+)\s*)?\)"
    r"\s*(?P<zone>with time zone|without time zone)?$"
)
_MAX_NUMERIC_PRECISION = 1000  # PostgreSQL's limit
_MAX_TIME_PRECISION = 6
_MAX_CHAR_LENGTH = 10_485_760  # PostgreSQL's limit for character(n) / character varying(n)
_CHAR_LENGTH = re.compile(r"^(?:character varying|character)\((\d+)\)$")


def canonical_type(name: str) -> str | None:  # noqa: PLR0911 - one return per kind of type
    """The name PostgreSQL's `format_type` prints for a type name or alias; None if not a known type.

    Canonical names let two sources be compared (`varchar(20)` is `character varying(20)`) and are what
    discovery stores, so a pack's column and a discovered one agree."""
    text = " ".join(name.strip().lower().split())
    array = ""
    while text.endswith("[]"):
        text, array = text[:-2].rstrip(), array + "[]"
    if text in _PLAIN_TYPES:
        return _PLAIN_TYPES[text] + array
    match = _PARAMETRIZED.match(text)
    if match is None:
        return None
    base, zone = match.group("base"), match.group("zone")
    first, second = int(match.group("first")), match.group("second")
    if base in ("numeric", "decimal") and zone is None:
        scale = int(second) if second is not None else 0
        if 1 <= first <= _MAX_NUMERIC_PRECISION and scale <= first:
            return f"numeric({first},{scale}){array}"
        return None
    if second is not None:
        return None
    if base in ("varchar", "character varying", "char", "character") and zone is None:
        if not 1 <= first <= _MAX_CHAR_LENGTH:
            return None
        kind = "character varying" if base in ("varchar", "character varying") else "character"
        return f"{kind}({first}){array}"
    if base in ("timestamp", "timestamptz", "time", "timetz") and first <= _MAX_TIME_PRECISION:
        with_zone = base.endswith("tz") or zone == "with time zone"
        if base.endswith("tz") and zone is not None:
            return None
        stem = base.removesuffix("tz")
        return f"{stem}({first}) {'with' if with_zone else 'without'} time zone{array}"
    return None


def char_length(data_type: str) -> int | None:
    """n of `character(n)` / `character varying(n)` (canonical names), else None."""
    match = _CHAR_LENGTH.match(data_type)
    return int(match.group(1)) if match else None


# --- the pack model ------------------------------------------------------------------------------


class _Strict(BaseModel):
    # Strict: a typo in a key or a quoted number is an error, not a silently different pack.
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


ColumnDistributionKind = Literal["uniform", "normal", "lognormal", "exponential", "poisson", "recent"]
_DISTRIBUTION_PARAMETERS: dict[str, tuple[str, ...]] = {
    "uniform": (),
    "normal": ("mean", "std"),
    "lognormal": ("median", "sigma"),
    "exponential": ("mean",),
    "poisson": ("mean",),
    "recent": ("days",),
}
_NUMERIC_KINDS = frozenset({"uniform", "normal", "lognormal", "exponential", "poisson"})
_TIME_KINDS = frozenset({"uniform", "recent"})


class ColumnDistribution(_Strict):
    """How a column's values spread (a generation hint; see the module doc for the parameters)."""

    kind: ColumnDistributionKind
    mean: float | None = None
    std: float | None = None
    median: float | None = None
    sigma: float | None = None
    days: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


ChildrenDistribution = Literal["uniform", "poisson", "normal", "fixed"]


class ChildrenPerParent(_Strict):
    """How many child rows each parent row gets."""

    distribution: ChildrenDistribution | None = None
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)
    mean: float | None = None
    std: float | None = None
    value: int | None = Field(default=None, ge=0)

    def kind(self) -> ChildrenDistribution:
        """The distribution, given or implied by the parameters present."""
        if self.distribution is not None:
            return self.distribution
        if self.value is not None:
            return "fixed"
        if self.mean is not None:
            return "poisson"
        return "uniform"

    def to_dict(self) -> dict[str, Any]:
        data = {**self.model_dump(exclude_none=True), "distribution": self.kind()}
        if data["distribution"] == "fixed":
            # min = max = value too: a reader that only knows uniform ranges reads it right.
            data.update(min=self.value, max=self.value)
        return data


class ColumnSpec(_Strict):
    name: str
    data_type: str = Field(alias="type")
    semantic: str | None = None
    nullable: bool = False
    primary_key: bool = False
    unique: bool = False
    # Any: checked against the column's type by the pack's own rules, for messages that say why.
    allowed_values: list[Any] | None = None
    weights: list[float] | None = None
    minimum: Any = Field(default=None, alias="min")
    maximum: Any = Field(default=None, alias="max")
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=1)
    pattern: str | None = None
    format: str | None = None
    distribution: ColumnDistribution | None = None
    description: str | None = None

    @property
    def canonical_type(self) -> str:
        return canonical_type(self.data_type) or self.data_type


class EntitySpec(_Strict):
    name: str
    description: str | None = None
    default_rows: int = Field(ge=0)
    columns: list[ColumnSpec] = Field(min_length=1)
    unique: list[list[str]] = Field(default_factory=list)

    def column(self, name: str) -> ColumnSpec | None:
        return next((c for c in self.columns if c.name == name), None)

    def primary_key(self) -> list[str]:
        return [c.name for c in self.columns if c.primary_key]

    def unique_keys(self) -> list[list[str]]:
        """One-column unique keys (column flags) then the composite ones, as declared."""
        return [[c.name] for c in self.columns if c.unique] + [list(key) for key in self.unique]


class RelationshipSpec(_Strict):
    link: str
    children_per_parent: ChildrenPerParent | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        # The short form `- customer.id -> orders.customer_id` is the link alone.
        return {"link": data} if isinstance(data, str) else data

    def parse(self) -> tuple[str, list[str], str, list[str]] | None:
        """(parent, parent columns, child, child columns), None when the link is not well formed."""
        return parse_link(self.link)


def parse_link(link: str) -> tuple[str, list[str], str, list[str]] | None:
    """`parent.col -> child.col` or `parent.(a, b) -> child.(x, y)` as its four parts."""
    match = _LINK.match(link)
    if match is None:
        return None

    def columns(single: str | None, several: str | None) -> list[str]:
        return [single] if single else [part.strip() for part in (several or "").split(",")]

    return (
        match.group(1),
        columns(match.group(2), match.group(3)),
        match.group(4),
        columns(match.group(5), match.group(6)),
    )


class DomainPack(_Strict):
    """A validated domain pack; build it with `load_pack`, `load_pack_text` or `load_pack_file`."""

    name: str
    description: str = ""
    entities: list[EntitySpec] = Field(min_length=1)
    relationships: list[RelationshipSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> DomainPack:
        problems = _PackChecker(self).run()
        if problems:
            raise _pack_error(self.name, problems)
        return self

    def entity(self, name: str) -> EntitySpec | None:
        return next((e for e in self.entities if e.name == name), None)

    def default_row_counts(self) -> dict[str, int]:
        """Entity name -> rows generated when the request gives no count."""
        return {entity.name: entity.default_rows for entity in self.entities}

    def to_snapshot(self) -> dict[str, Any]:
        """The pack as a normalized schema snapshot dict (origin "pack"; see the module doc)."""
        tables = [_table_of(entity) for entity in self.entities]
        relationships: list[dict[str, Any]] = []
        for spec in self.relationships:
            parsed = spec.parse()
            if parsed is None:  # pragma: no cover - the checker refused the pack already
                continue
            parent, parent_columns, child, child_columns = parsed
            rel = relationship(child, child_columns, parent, parent_columns)
            rel["children_per_parent"] = (
                spec.children_per_parent.to_dict() if spec.children_per_parent else None
            )
            relationships.append(rel)
        return normalize_snapshot({"tables": tables, "relationships": relationships}).to_dict()


def _bound(value: Any) -> float | str | None:
    # YAML reads an unquoted 2020-01-01 as a date; the snapshot is JSON, where dates are ISO strings.
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, int | float | str) or value is None:
        return value
    return str(value)


def _table_of(entity: EntitySpec) -> dict[str, Any]:
    columns: list[dict[str, Any]] = []
    for position, spec in enumerate(entity.columns, start=1):
        col = column(
            spec.name,
            spec.canonical_type,
            position=position,
            nullable=spec.nullable,
            primary_key=spec.primary_key,
            semantic_type=spec.semantic,
            origin="pack",
            allowed_values=[str(v) for v in spec.allowed_values] if spec.allowed_values else None,
            minimum=_bound(spec.minimum),
            maximum=_bound(spec.maximum),
            min_length=spec.min_length,
            max_length=spec.max_length,
            pattern=spec.pattern,
            value_format=spec.format,
            comment=spec.description,
        )
        if spec.weights is not None:
            col["type_details"]["weights"] = list(spec.weights)
        if spec.distribution is not None:
            col["type_details"]["distribution"] = spec.distribution.to_dict()
        columns.append(col)
    return table(
        entity.name,
        columns,
        origin="pack",
        unique=entity.unique_keys(),
        comment=entity.description,
        default_row_count=entity.default_rows,
    )


# --- the rules -----------------------------------------------------------------------------------


class _PackChecker:
    """Every rule of the module doc; `run()` lists (where, what) problems, empty when the pack is valid."""

    def __init__(self, pack: DomainPack) -> None:
        self.pack = pack
        self.problems: list[tuple[str, str]] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append((where, message))

    def run(self) -> list[tuple[str, str]]:
        if not _IDENTIFIER.match(self.pack.name):
            self.add("field 'name'", f"{self.pack.name!r} is not a lowercase identifier")
        seen: set[str] = set()
        for entity in self.pack.entities:
            where = f"entity {entity.name!r}"
            if entity.name in seen:
                self.add(where, "appears twice")
                continue
            seen.add(entity.name)
            self.check_entity(entity, where)
        self.check_relationships()
        return self.problems

    def check_entity(self, entity: EntitySpec, where: str) -> None:
        if not _IDENTIFIER.match(entity.name):
            self.add(f"{where}, field 'name'", "must be a lowercase identifier of at most 63 characters")
        names: set[str] = set()
        for spec in entity.columns:
            if spec.name in names:
                self.add(f"{where}, column {spec.name!r}", "appears twice")
                continue
            names.add(spec.name)
            self.check_column(spec, f"{where}, column {spec.name!r}")
        if not entity.primary_key():
            self.add(f"{where}, field 'columns'", "no primary key: mark its column(s) primary_key: true")
        for index, key in enumerate(entity.unique):
            missing = [name for name in key if name not in names]
            if not key or missing or len(set(key)) != len(key):
                self.add(
                    f"{where}, field 'unique'",
                    f"key #{index + 1} {key} must list distinct columns of the entity"
                    + (f" (no column {missing[0]!r})" if missing else ""),
                )

    def check_column(self, spec: ColumnSpec, where: str) -> None:
        if not _IDENTIFIER.match(spec.name):
            self.add(f"{where}, field 'name'", "must be a lowercase identifier of at most 63 characters")
        data_type = canonical_type(spec.data_type)
        if data_type is None:
            self.add(f"{where}, field 'type'", f"{spec.data_type!r} is not a known PostgreSQL type name")
            return
        family = family_of(data_type)
        if spec.semantic is not None and spec.semantic not in SEMANTIC_TYPES:
            close = difflib.get_close_matches(spec.semantic, sorted(SEMANTIC_TYPES), n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            self.add(f"{where}, field 'semantic'", f"unknown semantic type {spec.semantic!r}{hint}")
        if spec.primary_key and spec.nullable:
            self.add(f"{where}, field 'nullable'", "a primary-key column cannot be nullable")
        self.check_allowed_values(spec, data_type, where)
        self.check_bounds(spec, family, where)
        if spec.pattern is not None:
            try:
                re.compile(spec.pattern)
            except re.error as exc:
                self.add(f"{where}, field 'pattern'", f"not a regular expression ({exc})")
        if spec.distribution is not None:
            self.check_distribution(spec.distribution, family, where)

    def check_allowed_values(self, spec: ColumnSpec, data_type: str, where: str) -> None:
        values = spec.allowed_values
        if values is None:
            if spec.weights is not None:
                self.add(f"{where}, field 'weights'", "weights need allowed_values")
            return
        if not values:
            self.add(f"{where}, field 'allowed_values'", "must not be empty")
        limit = char_length(data_type)
        for value in values:
            # bool is an int to Python, and YAML reads yes/no/on/off as booleans: ask for quotes.
            if isinstance(value, bool) or not isinstance(value, str | int):
                self.add(
                    f"{where}, field 'allowed_values'",
                    f"{value!r} is not a string or an integer (quote it)",
                )
            elif family_of(data_type) == "numeric" and not _is_number(str(value)):
                self.add(f"{where}, field 'allowed_values'", f"{value!r} is not a number")
            elif limit is not None and len(str(value)) > limit:
                self.add(f"{where}, field 'allowed_values'", f"{value!r} is longer than {data_type}")
        if len({str(v) for v in values}) != len(values):
            self.add(f"{where}, field 'allowed_values'", "values repeat")
        if spec.weights is not None:
            if len(spec.weights) != len(values):
                self.add(
                    f"{where}, field 'weights'",
                    f"{len(spec.weights)} weights for {len(values)} allowed values",
                )
            elif any(w < 0 or not math.isfinite(w) for w in spec.weights) or not sum(spec.weights) > 0:
                self.add(f"{where}, field 'weights'", "must be non-negative and not all zero")

    def check_bounds(self, spec: ColumnSpec, family: str, where: str) -> None:
        bounds: dict[str, Any] = {}
        for field, value in (("min", spec.minimum), ("max", spec.maximum)):
            if value is None:
                continue
            if family == "numeric":
                if isinstance(value, bool) or not isinstance(value, int | float):
                    self.add(f"{where}, field '{field}'", f"{value!r} is not a number")
                    continue
                bounds[field] = float(value)
            elif family == "datetime":
                parsed = _as_datetime(value)
                if parsed is None:
                    self.add(f"{where}, field '{field}'", f"{value!r} is not an ISO date or timestamp")
                    continue
                bounds[field] = parsed
            else:
                self.add(
                    f"{where}, field '{field}'",
                    "min/max apply to numeric and date/time columns (use min_length/max_length)",
                )
        if "min" in bounds and "max" in bounds and bounds["min"] > bounds["max"]:
            self.add(f"{where}, field 'min'", "is greater than max")
        if spec.min_length is not None and spec.max_length is not None and spec.min_length > spec.max_length:
            self.add(f"{where}, field 'min_length'", "is greater than max_length")

    def check_distribution(self, dist: ColumnDistribution, family: str, where: str) -> None:
        where = f"{where}, field 'distribution'"
        allowed = _NUMERIC_KINDS if family == "numeric" else _TIME_KINDS if family == "datetime" else None
        if allowed is None or dist.kind not in allowed:
            self.add(where, f"kind {dist.kind!r} does not apply to a {family} column")
            return
        wanted = _DISTRIBUTION_PARAMETERS[dist.kind]
        given = {k for k, v in dist.model_dump(exclude={"kind"}).items() if v is not None}
        for name in wanted:
            if name not in given:
                self.add(where, f"kind {dist.kind!r} needs {name!r}")
        for name in sorted(given - set(wanted)):
            self.add(where, f"kind {dist.kind!r} takes no {name!r}")
        for name in ("std", "median", "sigma", "days"):
            value = getattr(dist, name)
            if value is not None and value <= 0:
                self.add(where, f"{name!r} must be positive")
        if dist.kind in ("exponential", "poisson") and dist.mean is not None and dist.mean <= 0:
            self.add(where, "'mean' must be positive")

    def check_relationships(self) -> None:
        child_columns_used: set[tuple[str, tuple[str, ...]]] = set()
        for spec in self.pack.relationships:
            where = f"relationship {spec.link!r}"
            parsed = spec.parse()
            if parsed is None:
                self.add(f"{where}, field 'link'", "write it as parent.column -> child.column")
                continue
            parent_name, parent_columns, child_name, child_columns = parsed
            parent, child = self.pack.entity(parent_name), self.pack.entity(child_name)
            if parent is None or child is None:
                missing = parent_name if parent is None else child_name
                self.add(f"{where}, entity {missing!r}", "no such entity in the pack")
                continue
            resolved = self.resolve_columns(where, parent, parent_columns) and self.resolve_columns(
                where, child, child_columns
            )
            if not resolved:
                continue
            if len(parent_columns) != len(child_columns):
                self.add(
                    f"{where}, field 'link'",
                    f"{len(child_columns)} child columns for {len(parent_columns)} parent columns",
                )
                continue
            keys = [parent.primary_key(), *parent.unique_keys()]
            if not any(sorted(key) == sorted(parent_columns) for key in keys):
                self.add(
                    f"{where}, entity {parent.name!r}, columns {parent_columns}",
                    "a relationship must point at the parent's primary key or a unique key",
                )
            self.check_pairs(where, parent, parent_columns, child, child_columns)
            # Two relationships filling one column would each want their own parent's values in it.
            if any(
                name == child.name and set(cols) & set(child_columns) for name, cols in child_columns_used
            ):
                self.add(
                    f"{where}, entity {child.name!r}, columns {child_columns}",
                    "already the child side of another relationship",
                )
            child_columns_used.add((child.name, tuple(child_columns)))
            if spec.children_per_parent is not None:
                self.check_children(spec.children_per_parent, f"{where}, field 'children_per_parent'")

    def resolve_columns(self, where: str, entity: EntitySpec, names: Sequence[str]) -> bool:
        missing = [name for name in names if entity.column(name) is None]
        if missing:
            self.add(f"{where}, entity {entity.name!r}, column {missing[0]!r}", "no such column")
        return not missing

    def check_pairs(
        self,
        where: str,
        parent: EntitySpec,
        parent_columns: list[str],
        child: EntitySpec,
        child_columns: list[str],
    ) -> None:
        for parent_name, child_name in zip(parent_columns, child_columns, strict=True):
            parent_col, child_col = parent.column(parent_name), child.column(child_name)
            if parent_col is None or child_col is None:  # pragma: no cover - resolved before
                continue
            if parent_col.canonical_type != child_col.canonical_type:
                self.add(
                    f"{where}, entity {child.name!r}, column {child_name!r}, field 'type'",
                    f"{child_col.canonical_type} does not match {parent.name}.{parent_name} "
                    f"({parent_col.canonical_type})",
                )
            if parent.name == child.name and not child_col.nullable:
                self.add(
                    f"{where}, entity {child.name!r}, column {child_name!r}, field 'nullable'",
                    "a self-reference needs a nullable column (the root rows have no parent)",
                )

    def check_children(self, spec: ChildrenPerParent, where: str) -> None:
        kind = spec.kind()
        needs = {
            "uniform": ("min", "max"),
            "poisson": ("mean",),
            "normal": ("mean", "std"),
            "fixed": ("value",),
        }
        for name in needs[kind]:
            if getattr(spec, name) is None:
                self.add(where, f"distribution {kind!r} needs {name!r}")
        if kind == "fixed" and any(v is not None for v in (spec.min, spec.max, spec.mean, spec.std)):
            self.add(where, "distribution 'fixed' takes only 'value'")
        if kind == "uniform" and (spec.mean is not None or spec.std is not None or spec.value is not None):
            self.add(where, "distribution 'uniform' takes only 'min' and 'max'")
        if spec.min is not None and spec.max is not None and spec.min > spec.max:
            self.add(where, "'min' is greater than 'max'")
        if kind in ("poisson", "normal") and spec.mean is not None and spec.mean < 0:
            self.add(where, "'mean' must not be negative")
        if spec.std is not None and spec.std <= 0:
            self.add(where, "'std' must be positive")


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _as_datetime(value: Any) -> datetime | None:
    """A date bound as a naive datetime (dates at midnight) so that min and max compare."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value).replace(tzinfo=None)
        except ValueError:
            return None
    return None


# --- errors --------------------------------------------------------------------------------------


def _pack_error(pack: str, problems: Sequence[tuple[str, str]]) -> InvalidInputError:
    lines = [f"{where}: {message}" for where, message in problems]
    detail = f"invalid domain pack {pack!r}: " + "; ".join(lines[:_MAX_IN_DETAIL])
    if len(lines) > _MAX_IN_DETAIL:
        detail += f" (and {len(lines) - _MAX_IN_DETAIL} more)"
    return InvalidInputError(
        detail, errors=[{"pack": pack, "loc": where, "msg": message} for where, message in problems]
    )


_SPLIT_TYPE = re.compile(r"^\s*\d+\s*\)")
# The model each part of the document is validated by, to list the keys it knows.
_PART_MODEL: dict[str, type[BaseModel]] = {
    "pack": DomainPack,
    "entity": EntitySpec,
    "column": ColumnSpec,
    "relationship": RelationshipSpec,
    "children_per_parent": ChildrenPerParent,
    "distribution": ColumnDistribution,
}


def _known_keys(model: type[BaseModel]) -> list[str]:
    return sorted(info.alias or name for name, info in model.model_fields.items())


def _describe_location(document: Any, loc: Sequence[int | str]) -> tuple[str, str]:
    """Where a Pydantic error is, in the pack's words ("entity 'customer', column 'email', field
    'semantic'"), and the part (key of `_PART_MODEL`) that holds it."""
    parts: list[str] = []
    node, part, index = document, "pack", 0
    while index < len(loc):
        key = loc[index]
        following = loc[index + 1] if index + 1 < len(loc) else None
        child = node.get(key) if isinstance(node, Mapping) else None
        labels = {"entities": "entity", "columns": "column", "relationships": "relationship"}
        if key in labels and isinstance(following, int) and isinstance(child, list):
            item = child[following] if following < len(child) else None
            label = labels[str(key)]
            name = item if isinstance(item, str) else item.get("name") if isinstance(item, Mapping) else None
            if label == "relationship" and isinstance(item, Mapping):
                name = item.get("link")
            parts.append(f"{label} {name!r}" if isinstance(name, str) else f"{key}[{following}]")
            node, part, index = item, label, index + 2
            continue
        if key in ("children_per_parent", "distribution") and isinstance(child, Mapping):
            parts.append(f"field '{key}'")
            node, part, index = child, str(key), index + 1
            continue
        parts.append(f"field '{key}'" if isinstance(key, str) else f"[{key}]")
        node, index = child, index + 1
    return ", ".join(parts) or "document", part


def _shape_error(pack: str, document: Any, error: ValidationError) -> InvalidInputError:
    problems: list[tuple[str, str]] = []
    for item in error.errors():
        where, part = _describe_location(document, item["loc"])
        message = item["msg"]
        if item["type"] == "extra_forbidden" and _SPLIT_TYPE.match(str(item["loc"][-1])):
            # `{type: numeric(12,2)}`: YAML splits a flow mapping at the comma.
            message = 'a type with a comma inside {...} must be quoted: type: "numeric(12,2)"'
        elif item["type"] == "extra_forbidden":
            message = f"unknown key (known: {', '.join(_known_keys(_PART_MODEL[part]))})"
        elif item["type"] == "missing":
            message = "required"
        problems.append((where, message))
    return _pack_error(pack, problems)


# --- loading -------------------------------------------------------------------------------------


def _pack_files() -> dict[str, Any]:
    folder = resources.files(__name__)
    return {
        entry.name.removesuffix(PACK_SUFFIX): entry
        for entry in folder.iterdir()
        if entry.is_file() and entry.name.endswith(PACK_SUFFIX)
    }


def list_packs() -> list[str]:
    """Names of the packs shipped with the platform, sorted."""
    return sorted(_pack_files())


def load_pack(name: str) -> DomainPack:
    """The shipped pack `name`; InvalidInputError listing the available packs when there is none."""
    files = _pack_files()
    # Only names of shipped files are read: a request's pack name is never used as a path.
    if name not in files:
        raise InvalidInputError(
            f"unknown domain pack {name!r}; available packs: {', '.join(sorted(files)) or 'none'}"
        )
    return load_pack_text(files[name].read_text(encoding="utf-8"), expected_name=name)


def load_pack_file(path: str | Path) -> DomainPack:
    """A pack from a file of its own; its `name` must be the file's stem."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInputError(
            f"cannot read domain pack file {file.name!r} ({type(exc).__name__})"
        ) from None
    return load_pack_text(text, expected_name=file.stem)


def load_pack_text(text: str, *, expected_name: str | None = None) -> DomainPack:
    """A pack from its YAML text (what a pack file holds); `expected_name` checks its `name`."""
    label = expected_name or "<text>"
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidInputError(f"invalid domain pack {label!r}: not valid YAML ({exc})") from None
    if not isinstance(document, dict):
        raise InvalidInputError(f"invalid domain pack {label!r}: the document must be a mapping")
    name = document.get("name")
    if isinstance(name, str):
        label = name
    if expected_name is not None and name != expected_name:
        raise InvalidInputError(
            f"invalid domain pack {expected_name!r}: field 'name' is {name!r}, expected the file's "
            f"name {expected_name!r}"
        )
    try:
        return DomainPack.model_validate(document)
    except ValidationError as exc:
        raise _shape_error(label, document, exc) from None


__all__ = [
    "ChildrenPerParent",
    "ColumnDistribution",
    "ColumnSpec",
    "DomainPack",
    "EntitySpec",
    "RelationshipSpec",
    "canonical_type",
    "char_length",
    "list_packs",
    "load_pack",
    "load_pack_file",
    "load_pack_text",
    "parse_link",
]
