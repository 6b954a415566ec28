"""The optional SDV engine: learns real data (a sample) with SDV and samples Arrow tables like it.

SDV is BUSL-1.1 and optional (`uv sync --group sdv`): it is imported inside `SdvEngine.fit` only, so
nothing else of the agent needs it, and a missing install is an `InvalidInputError` saying how to get
it. Its deep-learning synthesizers need torch, which is never installed; HMA and GaussianCopula do not.

SDV Community limits (`community_limits_problem`), checked before fitting: at most 5 tables, a
relationship depth of at most 2, one-column foreign keys. Depth is counted in tables along the
longest parent -> child chain, as SDV itself counts it (`Metadata._get_max_schema_depth`, which
`HMASynthesizer` refuses above 2): a table alone has depth 1, customer -> invoice depth 2, and
customer -> invoice -> invoice_line depth 3, which is too deep. Relationships SDV cannot model at all
(self references, cycles, keys other than the parent's primary key) are no limit: they are restored
after sampling (below). A composite foreign key between the given tables is refused, as SDV Community
would lose the link.

Fitting: the given tables are split into groups connected by modelled relationships (SDV refuses
disconnected metadata); a group of several tables gets an `HMASynthesizer`, a lone table a
`GaussianCopulaSynthesizer`. Real child rows whose foreign key has no parent in the sample (a sample
cut them off) are left out of the fit, as SDV refuses them.

Seeds: SDV seeds itself with fixed seeds (73251) and resets them with `reset_sampling`, so the same
data and `seed` give the same tables. Every `sample` starts from the fitted state, then seeds the
root tables' models and HMA's numpy state with `seed` (private attributes: SDV has no public seed in
2.0). Generated primary keys and Faker columns (PII sdtypes) are seeded by RDT from a hash of the
training data, so they depend on the data, not on `seed`.

After sampling, each table is cast to its snapshot types (`tdm_agents.common.arrow_types`: integer ->
int32 etc., numeric(p,s) -> decimal128(p,s) rounded and clipped, timestamps, dates, text cut to
varchar(n)); then, parents before children, foreign keys are made valid: a foreign key whose value is
no key of the sampled parent (a relationship SDV could not model, or a parent row dropped below) is
re-drawn from the parent's keys (null where the column allows it and the parent has no rows), and rows
repeating a composite primary key or a unique key are dropped. Values are never logged.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd  # type: ignore[import-untyped]
import pyarrow as pa
import pyarrow.compute as pc
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import ColumnInfo, RelationshipInfo, SchemaSnapshot, TableInfo

from tdm_agents.common.arrow_types import ColumnType, column_type
from tdm_agents.synthetic.sdv_metadata import UNKNOWN_SDTYPE, build_sdv_metadata, resolve_tables
from tdm_agents.synthetic.validator import prepare_frames

logger = logging.getLogger(__name__)

MAX_TABLES = 5
MAX_DEPTH = 2
INSTALL_HINT = "install the optional group: uv sync --group sdv"
_LENGTH = re.compile(r"^(?:character varying|varchar|character|char|bpchar)\((\d+)\)$")
# A placeholder of SDV ("sdv-pii-...") is no valid value of these families: null, or an empty value.
_EMPTY_VALUE: dict[str, Any] = {"json": "{}", "array": "{}", "text_search": "", "binary": b""}


# --- limits ----------------------------------------------------------------------------------------


def community_limits_problem(snapshot: SchemaSnapshot, tables: Sequence[str]) -> str | None:
    """What in `tables` exceeds SDV Community (module doc), as sentences; None when all fits."""
    build = build_sdv_metadata(snapshot, tables)
    problems: list[str] = []
    if len(tables) > MAX_TABLES:
        problems.append(
            f"SDV Community models at most {MAX_TABLES} tables at once; {len(tables)} were given "
            f"({', '.join(tables)})."
        )
    chain = longest_chain(build.metadata["relationships"])
    if len(chain) > MAX_DEPTH:
        problems.append(
            f"SDV Community models relationship chains of at most {MAX_DEPTH} tables (parent -> child); "
            f"{' -> '.join(chain)} is {len(chain)} tables deep."
        )
    given = {table.key: name for name, table in resolve_tables(snapshot, tables).items()}
    for rel in build.skipped:
        if len(rel.child_columns) > 1:
            problems.append(
                f"SDV Community models one-column foreign keys only; {rel.name} "
                f"({given[rel.child_key]} -> {given[rel.parent_key]}) has {len(rel.child_columns)} columns."
            )
    return " ".join(problems) or None


def longest_chain(relationships: Sequence[Mapping[str, str]]) -> list[str]:
    """The tables of the longest parent -> child chain (SDV's depth is its length; [] without any)."""
    children: dict[str, set[str]] = {}
    for rel in relationships:
        if rel["parent_table_name"] != rel["child_table_name"]:
            children.setdefault(rel["parent_table_name"], set()).add(rel["child_table_name"])
    best: list[str] = []

    def walk(path: list[str]) -> None:
        nonlocal best
        if len(path) > len(best):
            best = list(path)
        for child in sorted(children.get(path[-1], ())):
            if child not in path:  # metadata has no cycles; a guard all the same
                walk([*path, child])

    for parent in sorted(children):
        walk([parent])
    return best


# --- engine ----------------------------------------------------------------------------------------


@dataclass
class _Group:
    """Tables fitted together: one synthesizer, the real row counts (GaussianCopula samples by count)."""

    tables: list[str]
    synthesizer: Any
    rows: dict[str, int]
    roots: list[str]


class SdvEngine:
    """Learn real tables with SDV (`fit`), then sample synthetic Arrow tables (`sample`)."""

    name = "sdv"

    def __init__(
        self,
        *,
        seed: int = 0,
        semantic: Mapping[tuple[str, str], str] | None = None,
        locales: Sequence[str] = ("en_US",),
    ) -> None:
        self.seed = seed % 2**32  # numpy's seed range
        self.semantic = semantic
        self.locales = list(locales)
        self.notes: list[str] = []  # what SDV could not model, for the job report
        self._snapshot: SchemaSnapshot | None = None
        self._tables: dict[str, TableInfo] = {}
        self._metadata: dict[str, Any] = {}
        self._groups: list[_Group] = []

    def fit(self, snapshot: SchemaSnapshot, real: Mapping[str, Any]) -> None:
        """Learn the tables of `real` (name as given -> pandas frame or Arrow table)."""
        sdv = _import_sdv()
        names = list(real)
        if not names:
            raise InvalidInputError("no tables to learn from")
        problem = community_limits_problem(snapshot, names)
        if problem is not None:
            raise InvalidInputError(problem)
        build = build_sdv_metadata(snapshot, names, semantic=self.semantic)
        metadata = build.metadata
        frames = _drop_orphans(
            prepare_frames(real, metadata, numbers_as_float=False), metadata["relationships"]
        )
        for name, frame in frames.items():
            if frame.empty:
                raise InvalidInputError(f"table {name} has no rows to learn from")
        groups: list[_Group] = []
        with warnings.catch_warnings(), _numpy_seeded(self.seed):
            # SDV warns about metadata and data it adjusts; a warning may quote values: none is shown.
            warnings.simplefilter("ignore")
            for tables in _connected_groups(names, metadata["relationships"]):
                groups.append(self._fit_group(sdv, metadata, tables, frames))
        self._snapshot = snapshot
        self._tables = resolve_tables(snapshot, names)
        self._metadata = metadata
        self._groups = groups
        self.notes = list(build.notes)
        logger.info("sdv fitted %d tables in %d groups", len(names), len(groups))

    def _fit_group(
        self, sdv: Any, metadata: Mapping[str, Any], tables: list[str], frames: Mapping[str, pd.DataFrame]
    ) -> _Group:
        relationships = [r for r in metadata["relationships"] if r["child_table_name"] in tables]
        sub = {
            "METADATA_SPEC_VERSION": metadata["METADATA_SPEC_VERSION"],
            "tables": {name: metadata["tables"][name] for name in tables},
            "relationships": relationships,
        }
        meta = sdv.metadata.Metadata.load_from_dict(sub)
        data = {name: frames[name] for name in tables}
        if len(tables) == 1:
            synthesizer = sdv.single_table.GaussianCopulaSynthesizer(meta, locales=self.locales)
            synthesizer.fit(data)  # SDV 2: a one-table dict, as for multi-table
        else:
            synthesizer = sdv.multi_table.HMASynthesizer(meta, locales=self.locales, verbose=False)
            synthesizer.fit(data)
        children = {r["child_table_name"] for r in relationships}
        return _Group(
            tables=tables,
            synthesizer=synthesizer,
            rows={name: len(data[name]) for name in tables},
            roots=[name for name in tables if name not in children],
        )

    def sample(self, scale: float = 1.0) -> dict[str, pa.Table]:
        """Synthetic tables, about `scale` times the real row counts, typed like the snapshot's columns."""
        if not self._groups or self._snapshot is None:
            raise InvalidInputError("the SDV engine has not been fitted")
        if not scale > 0:
            raise InvalidInputError("scale must be positive")
        sampled: dict[str, pd.DataFrame] = {}
        with warnings.catch_warnings(), _numpy_seeded(self.seed):
            warnings.simplefilter("ignore")
            for group in self._groups:
                sampled.update(self._sample_group(group, float(scale)))
        tables = {
            name: _to_arrow(sampled[name], table, self._metadata["tables"][name]["columns"])
            for name, table in self._tables.items()
        }
        tables = _make_consistent(tables, self._snapshot, self._tables, seed=self.seed)
        logger.info("sdv sampled %s", {name: table.num_rows for name, table in tables.items()})
        return tables

    def _sample_group(self, group: _Group, scale: float) -> dict[str, pd.DataFrame]:
        synthesizer = group.synthesizer
        # Back to the state right after fitting, so a sample depends on (data, seed, scale) only.
        synthesizer.reset_sampling()
        if len(group.tables) == 1:
            name = group.tables[0]
            synthesizer._set_random_state(self.seed)
            rows = round(group.rows[name] * scale)
            if rows == 0:
                return {name: pd.DataFrame(columns=list(self._metadata["tables"][name]["columns"]))}
            single: dict[str, pd.DataFrame] = synthesizer.sample(num_rows=rows)  # SDV 2: {name: frame}
            return {name: next(iter(single.values()))}
        synthesizer._numpy_seed = self.seed
        for root in group.roots:
            synthesizer._table_synthesizers[root]._set_random_state(self.seed)
        result: dict[str, pd.DataFrame] = synthesizer.sample_scale(scale=scale)
        return result


def _import_sdv() -> Any:
    """The sdv package (the modules used here imported), or the error saying how to install it."""
    try:
        # By name: sdv is optional, so neither the import graph nor the type checker may require it.
        for module in ("sdv.metadata", "sdv.multi_table", "sdv.single_table"):
            importlib.import_module(module)
        return importlib.import_module("sdv")
    except ImportError as error:
        raise InvalidInputError(f"the SDV engine needs the sdv package: {INSTALL_HINT}") from error


@contextmanager
def _numpy_seeded(seed: int) -> Iterator[None]:
    """Seed numpy's global generator (SDV and copulas draw from it), restoring it afterwards."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def _connected_groups(names: list[str], relationships: Sequence[Mapping[str, str]]) -> list[list[str]]:
    """The tables grouped by the relationships that connect them, each group in the given order."""
    group = {name: name for name in names}

    def root(name: str) -> str:
        while group[name] != name:
            name = group[name]
        return name

    for rel in relationships:
        group[root(rel["child_table_name"])] = root(rel["parent_table_name"])
    ordered: dict[str, list[str]] = {}
    for name in names:
        ordered.setdefault(root(name), []).append(name)
    return list(ordered.values())


def _drop_orphans(
    frames: Mapping[str, pd.DataFrame], relationships: Sequence[Mapping[str, str]]
) -> dict[str, pd.DataFrame]:
    """Real child rows without their parent in the sample left out (SDV refuses them); nulls are kept."""
    result = dict(frames)
    changed = True
    while changed:  # dropping a parent row may orphan a grandchild
        changed = False
        for rel in relationships:
            child, parent = rel["child_table_name"], rel["parent_table_name"]
            column = result[child][rel["child_foreign_key"]]
            keep = column.isna() | column.isin(result[parent][rel["parent_primary_key"]])
            if not keep.all():
                logger.info("sdv fit: %d rows of %s have no parent in %s", int((~keep).sum()), child, parent)
                result[child] = result[child][keep].reset_index(drop=True)
                changed = True
    return result


# --- types -----------------------------------------------------------------------------------------


def storage_type(column: ColumnInfo) -> ColumnType:
    """The Arrow storage of a snapshot column (PostgreSQL names first, then MySQL's)."""
    found = column_type(column, "postgresql")
    if found.text_form:
        mysql = column_type(column, "mysql")
        if not mysql.text_form:
            return mysql
    return found


def _to_arrow(frame: pd.DataFrame, table: TableInfo, columns_meta: Mapping[str, Any]) -> pa.Table:
    """A sampled frame as an Arrow table of the snapshot's column types, in the snapshot's order."""
    frame = frame.reset_index(drop=True)
    arrays: list[pa.Array] = []
    fields: list[pa.Field] = []
    for column in sorted(table.columns, key=lambda c: (c.ordinal_position, c.name)):
        storage = storage_type(column)
        values = frame[column.name] if column.name in frame.columns else pd.Series([None] * len(frame))
        sdtype = columns_meta.get(column.name, {}).get("sdtype")
        array = cast_column(values, column, storage, placeholders=sdtype == UNKNOWN_SDTYPE)
        arrays.append(array)
        fields.append(storage.field(nullable=column.nullable or array.null_count > 0))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def cast_column(  # noqa: PLR0911
    values: pd.Series, column: ColumnInfo, storage: ColumnType, *, placeholders: bool = False
) -> pa.Array:
    """Sampled values as an Arrow array of the column's storage type (rounded, clipped, cut to length)."""
    target = storage.arrow
    values = values.reset_index(drop=True)
    missing = values.isna().to_numpy()
    if pa.types.is_integer(target):
        numbers = pd.to_numeric(values, errors="coerce").astype("float64").round()
        info = np.iinfo(target.to_pandas_dtype())
        # float64 holds integers exactly up to 2**53: bounds past that would round out of range.
        clipped = numbers.clip(max(float(info.min), -(2.0**53)), min(float(info.max), 2.0**53))
        return pa.array(clipped.astype("Int64"), type=pa.int64(), from_pandas=True).cast(target)
    if pa.types.is_decimal(target):
        numbers = pd.to_numeric(values, errors="coerce").astype("float64")
        bound = 10.0 ** (target.precision - target.scale) - 10.0 ** (-target.scale)
        rounded = pc.round(pa.array(numbers.clip(-bound, bound), from_pandas=True), target.scale)
        return rounded.cast(target)
    if pa.types.is_floating(target):
        return pa.array(pd.to_numeric(values, errors="coerce").astype("float64"), from_pandas=True).cast(
            target
        )
    if pa.types.is_boolean(target):
        return pa.array([None if m else bool(v) for v, m in zip(values, missing, strict=True)], type=target)
    if pa.types.is_date(target) or pa.types.is_timestamp(target):
        return _datetime_array(values, target)
    if pa.types.is_time(target):
        return _time_array(values, target)
    family = str((column.type_details or {}).get("family") or "")
    if placeholders and family in _EMPTY_VALUE:
        # SDV's placeholder strings are no json, array, tsvector or bytes: null, or the empty value.
        return pa.array([None if column.nullable else _EMPTY_VALUE[family]] * len(values), type=target)
    if pa.types.is_binary(target):
        return pa.array([None if m else _bytes(v) for v, m in zip(values, missing, strict=True)], type=target)
    length = _text_length(column)
    texts = [
        None if m else _text(v)[:length] if length else _text(v) for v, m in zip(values, missing, strict=True)
    ]
    return pa.array(texts, type=pa.string())


def _bytes(value: Any) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode()


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a numeric key sampled as float: "12", not "12.0"
    if isinstance(value, pd.Timestamp):
        return str(value.isoformat())
    return str(value)


def _text_length(column: ColumnInfo) -> int | None:
    match = _LENGTH.match((column.data_type or "").strip().lower())
    return int(match.group(1)) if match else None


def _datetime_array(values: pd.Series, target: pa.DataType) -> pa.Array:
    stamps = pd.to_datetime(values, errors="coerce", utc=True).dt.tz_localize(None)
    array = pa.array(stamps, type=pa.timestamp("ns"), from_pandas=True)
    if pa.types.is_date(target):
        return array.cast(target, safe=False)
    # Sampled values are UTC: a time zone on the target only labels them.
    return array.cast(pa.timestamp(target.unit), safe=False).cast(target)


def _time_array(values: pd.Series, target: pa.DataType) -> pa.Array:
    times: list[dt.time | None] = []
    for value in values:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            times.append(None)
        elif isinstance(value, dt.time):
            times.append(value)
        else:
            try:
                times.append(dt.time.fromisoformat(str(value)))
            except ValueError:
                times.append(None)
    return pa.array(times, type=target)


# --- keys ------------------------------------------------------------------------------------------


def _make_consistent(
    tables: dict[str, pa.Table], snapshot: SchemaSnapshot, resolved: Mapping[str, TableInfo], *, seed: int
) -> dict[str, pa.Table]:
    """Valid foreign keys and unique keys, parents before children (see the module doc)."""
    name_of = {table.key: name for name, table in resolved.items()}
    relationships = [r for r in snapshot.relationships if r.child_key in name_of and r.parent_key in name_of]
    rng = np.random.default_rng([seed, 1])
    order = _parents_first(list(resolved), relationships, name_of)
    for name in order:
        table_info = resolved[name]
        own = [r for r in relationships if name_of[r.child_key] == name]
        for rel in own:
            if rel.parent_key != rel.child_key:
                tables[name] = _valid_foreign_key(
                    tables[name], tables[name_of[rel.parent_key]], rel, table_info, rng
                )
        tables[name] = _unique_rows(tables[name], table_info)
        for rel in own:
            if rel.parent_key == rel.child_key:
                tables[name] = _valid_foreign_key(tables[name], tables[name], rel, table_info, rng)
    # A relationship closing a cycle saw its parent before that was final: check every one again.
    for rel in relationships:
        child = name_of[rel.child_key]
        tables[child] = _valid_foreign_key(
            tables[child], tables[name_of[rel.parent_key]], rel, resolved[child], rng
        )
    return tables


def _parents_first(
    names: list[str], relationships: list[RelationshipInfo], name_of: Mapping[tuple[str, str], str]
) -> list[str]:
    parents = {name: set[str]() for name in names}
    for rel in relationships:
        if rel.parent_key != rel.child_key:
            parents[name_of[rel.child_key]].add(name_of[rel.parent_key])
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and not (parents[n] - set(ordered))]
        ordered.append(ready[0] if ready else next(n for n in names if n not in ordered))
    return ordered


def _valid_foreign_key(
    child: pa.Table, parent: pa.Table, rel: RelationshipInfo, child_info: TableInfo, rng: np.random.Generator
) -> pa.Table:
    """Foreign-key values that are no parent key re-drawn from the parent's keys (nulls kept if allowed)."""
    if child.num_rows == 0:
        return child
    keys = parent.select(rel.parent_columns).to_pandas()
    keys = keys[keys.notna().all(axis=1)].drop_duplicates()
    values = child.select(rel.child_columns).to_pandas()
    nullable = all(_nullable(child_info, name) for name in rel.child_columns)
    has_null = values.isna().any(axis=1).to_numpy()
    if len(rel.child_columns) == 1:
        found = values.iloc[:, 0].isin(keys.iloc[:, 0]).to_numpy()
    else:
        found = pd.MultiIndex.from_frame(values).isin(pd.MultiIndex.from_frame(keys))
    bad = ~found & (~has_null if nullable else np.ones(len(values), dtype=bool))
    if not bad.any():
        return child
    if keys.empty:
        if not nullable:  # nothing to point at and no null allowed: the rows cannot exist
            return child.filter(pa.array(~bad))
        mask = pa.array(bad)
        for name in rel.child_columns:
            index = child.schema.get_field_index(name)
            column = child.column(index).combine_chunks()
            nulls = pa.nulls(int(bad.sum()), type=column.type)
            child = child.set_column(
                index, child.schema.field(index), pc.replace_with_mask(column, mask, nulls)
            )
        return child
    drawn = keys.index.to_numpy()[rng.integers(0, len(keys), size=int(bad.sum()))]
    mask = pa.array(bad)
    for child_name, parent_name in zip(rel.child_columns, rel.parent_columns, strict=True):
        index = child.schema.get_field_index(child_name)
        column = child.column(index).combine_chunks()
        replacement = parent.column(parent_name).take(pa.array(drawn)).combine_chunks().cast(column.type)
        child = child.set_column(
            index, child.schema.field(index), pc.replace_with_mask(column, mask, replacement)
        )
    return child


def _nullable(info: TableInfo, name: str) -> bool:
    column = info.column(name)
    return column is None or column.nullable


def _unique_rows(table: pa.Table, info: TableInfo) -> pa.Table:
    """Rows repeating the primary key or a unique key dropped (keys with a null never clash)."""
    if table.num_rows == 0:
        return table
    key_sets = [info.primary_key(), *info.unique_keys()]
    keep = np.ones(table.num_rows, dtype=bool)
    for columns in key_sets:
        if not columns or any(c not in table.column_names for c in columns):
            continue
        values = table.select(columns).to_pandas()
        complete = values.notna().all(axis=1).to_numpy()
        repeated = values.duplicated().to_numpy() & complete
        keep &= ~repeated
    if keep.all():
        return table
    logger.info("sdv sample: %d rows of %s dropped for repeated keys", int((~keep).sum()), info.name)
    return table.filter(pa.array(keep))
