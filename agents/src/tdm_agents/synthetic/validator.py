"""How close synthetic data is to the real data: the SDMetrics quality and diagnostic reports.

`quality_report(real, synthetic, metadata)` runs SDMetrics' QualityReport (Column Shapes, Column Pair
Trends, Cardinality, Intertable Trends) and DiagnosticReport (Data Validity, Data Structure,
Relationship Validity) over frames keyed by table name, with the metadata of `sdv_metadata`, and
returns `QualityScores`: plain floats in [0, 1], rounded to 4 places, None where a property does not
apply (the inter-table ones for a single table). `pair_quality` scores one parent -> child pair.

We use the unified `sdmetrics.reports.QualityReport` / `DiagnosticReport`: the same properties and
`generate` / `get_score` / `get_properties` as `sdmetrics.reports.multi_table.*`, which SDMetrics 0.32
deprecates (FutureWarning), and they also take a single table.

Size cap. SDMetrics' pair metrics grow with rows x column pairs, so each side is capped at `max_rows`
rows per table by `cap_frames`, deterministically (`seed`). Rows are not drawn table by table, which
would leave children whose parent was dropped (hurting Relationship Validity) and thin out every
parent's children (hurting Cardinality). Instead one fraction is drawn per group of related tables
(the smallest `max_rows / rows` of its tables): that fraction of the rows of each table without a
parent, then of every child exactly the rows whose parents were all kept, parents before children.
Each kept parent keeps all its children, so the cardinality distribution is unchanged; a child of two
sampled parents shrinks by both fractions (counts per parent stay exact); a table still above the cap
(a skewed child) is finally cut to `max_rows`, which only thins its own children further down.

Frames are normalized first (`prepare_frames`): Arrow tables / Arrow-backed columns become numpy ones,
decimals (Python `Decimal` or Arrow decimal) become float, timezone-aware timestamps become naive
UTC, `date` values and day strings become datetimes, text and categories become object columns.
Column values never reach a log or a message, only table and column names and counts.
"""

from __future__ import annotations

import decimal
import logging
import math
import time
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd  # type: ignore[import-untyped]
import pyarrow as pa
from pydantic import BaseModel, Field
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import SchemaSnapshot

from tdm_agents.synthetic.sdv_metadata import sdv_metadata_dict

logger = logging.getLogger(__name__)

DEFAULT_MAX_ROWS = 50_000
DEFAULT_SEED = 0
QUALITY_PROPERTIES = ("Column Shapes", "Column Pair Trends", "Cardinality", "Intertable Trends")
DIAGNOSTIC_PROPERTIES = ("Data Validity", "Data Structure", "Relationship Validity")
_DIGITS = 4
_NON_TEXT_SDTYPES = frozenset({"numerical", "datetime", "boolean"})

# Frames keyed by table name: pandas, or Arrow tables as the generators write them.
Frames = Mapping[str, Any]


class QualityScores(BaseModel):
    """SDMetrics scores of synthetic data against real data (all in [0, 1], None when not applicable)."""

    quality_score: float | None
    quality_properties: dict[str, float | None]  # QUALITY_PROPERTIES -> score
    diagnostic_score: float | None
    diagnostic_properties: dict[str, float | None]  # DIAGNOSTIC_PROPERTIES -> score
    rows_real: dict[str, int] = Field(default_factory=dict)  # rows scored, after the cap
    rows_synthetic: dict[str, int] = Field(default_factory=dict)
    seconds: float = 0.0

    @property
    def column_shapes(self) -> float | None:
        return self.quality_properties.get("Column Shapes")

    @property
    def column_pair_trends(self) -> float | None:
        return self.quality_properties.get("Column Pair Trends")

    @property
    def cardinality(self) -> float | None:
        return self.quality_properties.get("Cardinality")

    @property
    def intertable_trends(self) -> float | None:
        return self.quality_properties.get("Intertable Trends")

    @property
    def relationship_validity(self) -> float | None:
        return self.diagnostic_properties.get("Relationship Validity")

    def as_dict(self) -> dict[str, Any]:
        """JSON-serializable (floats and None only)."""
        return self.model_dump()


def quality_report(
    real: Frames,
    synthetic: Frames,
    metadata: Mapping[str, Any],
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    seed: int = DEFAULT_SEED,
) -> QualityScores:
    """Quality and diagnostic scores of `synthetic` against `real`, both keyed like `metadata["tables"]`."""
    from sdmetrics.reports import (  # type: ignore[import-untyped]
        DiagnosticReport,
        QualityReport,
    )

    started = time.monotonic()
    meta = _sdmetrics_metadata(metadata)
    real_frames = cap_frames(prepare_frames(real, meta), meta, max_rows=max_rows, seed=seed)
    synthetic_frames = cap_frames(prepare_frames(synthetic, meta), meta, max_rows=max_rows, seed=seed)
    for name, frame in {**real_frames, **synthetic_frames}.items():
        if frame.empty:
            raise InvalidInputError(f"table {name} has no rows to score")
    quality, diagnostic = QualityReport(), DiagnosticReport()
    # SDMetrics warns about columns it cannot score; a warning may quote values, so none is shown.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quality.generate(real_frames, synthetic_frames, meta, verbose=False)
        diagnostic.generate(real_frames, synthetic_frames, meta, verbose=False)
    scores = QualityScores(
        quality_score=_score(quality.get_score()),
        quality_properties=_properties(quality.get_properties(), QUALITY_PROPERTIES),
        diagnostic_score=_score(diagnostic.get_score()),
        diagnostic_properties=_properties(diagnostic.get_properties(), DIAGNOSTIC_PROPERTIES),
        rows_real={name: len(frame) for name, frame in real_frames.items()},
        rows_synthetic={name: len(frame) for name, frame in synthetic_frames.items()},
        seconds=round(time.monotonic() - started, 3),
    )
    logger.info(
        "sdmetrics reports: %d tables, quality %s, diagnostic %s, %.1fs",
        len(meta["tables"]),
        scores.quality_score,
        scores.diagnostic_score,
        scores.seconds,
    )
    return scores


def pair_quality(
    real: Frames,
    synthetic: Frames,
    snapshot: SchemaSnapshot,
    parent: str,
    child: str,
    *,
    semantic: Mapping[tuple[str, str], str] | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
    seed: int = DEFAULT_SEED,
) -> QualityScores:
    """The scores of one parent -> child pair (the metadata of just these two tables)."""
    metadata = sdv_metadata_dict(snapshot, [parent, child], semantic=semantic)
    missing = [name for name in (parent, child) if name not in real or name not in synthetic]
    if missing:
        raise InvalidInputError(f"no real and synthetic frames for table(s) {', '.join(missing)}")
    pick = (parent, child)
    return quality_report(
        {name: real[name] for name in pick},
        {name: synthetic[name] for name in pick},
        metadata,
        max_rows=max_rows,
        seed=seed,
    )


# --- frames ----------------------------------------------------------------------------------------


def prepare_frames(
    frames: Frames, metadata: Mapping[str, Any], *, numbers_as_float: bool = True
) -> dict[str, pd.DataFrame]:
    """The metadata's tables as numpy-backed frames of exactly the metadata's columns (see module doc).

    `numbers_as_float` (scoring) makes every number float64; without it (fitting) integers stay
    int64 where they have no nulls, so keys past 2**53 keep every digit."""
    prepared: dict[str, pd.DataFrame] = {}
    for name, table_meta in metadata["tables"].items():
        if name not in frames:
            raise InvalidInputError(f"no frame for table {name}")
        frame = frames[name]
        if isinstance(frame, pa.Table):
            frame = frame.to_pandas()
        columns: dict[str, Any] = table_meta["columns"]
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise InvalidInputError(f"table {name} has no column(s) {', '.join(missing)}")
        prepared[name] = pd.DataFrame(
            {
                column: prepare_column(frame[column], meta, numbers_as_float=numbers_as_float)
                for column, meta in columns.items()
            },
            index=pd.RangeIndex(len(frame)),
        )
    return prepared


def prepare_column(
    series: pd.Series, column_meta: Mapping[str, Any], *, numbers_as_float: bool = True
) -> pd.Series:
    """One column in the dtype SDV and SDMetrics expect for its sdtype."""
    values = _from_arrow(series).reset_index(drop=True)
    sdtype = column_meta.get("sdtype")
    if values.dtype == object and _holds(values, decimal.Decimal):
        values = values.map(lambda v: None if v is None else float(v)).astype("float64")
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    if sdtype == "datetime" and not pd.api.types.is_datetime64_any_dtype(values.dtype):
        values = _to_datetime(values, column_meta.get("datetime_format"))
    elif sdtype == "boolean":
        values = values.astype(object).where(values.notna(), None)
    elif pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        # For scoring every number is float64: an int32 Arrow column, an int64 one and one with nulls
        # (float64 in pandas) are the same data to us, but Data Structure compares dtypes.
        whole = pd.api.types.is_integer_dtype(values.dtype) and not values.isna().any()
        values = values.astype("int64" if whole and not numbers_as_float else "float64")
    elif sdtype == "numerical":
        values = pd.to_numeric(values, errors="coerce").astype("float64")
    elif sdtype not in _NON_TEXT_SDTYPES:
        # Text, categories and string keys: object dtype (not "string" / "category"), missing as None.
        values = values.astype(object).where(values.notna(), None)
    if pd.api.types.is_datetime64_dtype(values.dtype):
        values = values.astype("datetime64[ns]")  # Arrow gives microseconds, a database driver ns
    return values


def _from_arrow(series: pd.Series) -> pd.Series:
    """A numpy-backed copy of an Arrow-backed column (pd.ArrowDtype): the dtypes SDMetrics knows."""
    if isinstance(series.dtype, pd.ArrowDtype):
        chunked = pa.chunked_array(series.array.__arrow_array__())
        converted: pd.Series = chunked.to_pandas()
        converted.name = series.name
        return converted
    return series


def _holds(values: pd.Series, kind: type) -> bool:
    first = values.dropna()
    return bool(len(first)) and isinstance(first.iloc[0], kind)


def _to_datetime(values: pd.Series, datetime_format: str | None) -> pd.Series:
    converted = pd.to_datetime(values, format=datetime_format, errors="coerce", utc=True)
    return converted.dt.tz_localize(None)


# --- cap -------------------------------------------------------------------------------------------


def cap_frames(
    frames: Mapping[str, pd.DataFrame],
    metadata: Mapping[str, Any],
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    seed: int = DEFAULT_SEED,
) -> dict[str, pd.DataFrame]:
    """Each table at most `max_rows` rows, children of kept parents only (see the module doc)."""
    if max_rows <= 0:
        raise InvalidInputError("max_rows must be positive")
    if all(len(frame) <= max_rows for frame in frames.values()):
        return dict(frames)
    relationships = [
        r
        for r in metadata.get("relationships", [])
        if r["parent_table_name"] in frames and r["child_table_name"] in frames
    ]
    parents: dict[str, list[dict[str, str]]] = {name: [] for name in frames}
    for rel in relationships:
        parents[rel["child_table_name"]].append(rel)
    fraction = _group_fractions(frames, relationships, max_rows)
    capped: dict[str, pd.DataFrame] = {}
    for index, name in enumerate(_parents_first(list(frames), relationships)):
        frame = frames[name]
        rng = np.random.default_rng([seed, index])
        if not parents[name]:
            if fraction[name] < 1.0:
                frame = _draw(frame, round(len(frame) * fraction[name]), rng)
        else:
            keep = np.ones(len(frame), dtype=bool)
            for rel in parents[name]:
                parent = capped.get(rel["parent_table_name"])
                if parent is None or len(parent) == len(frames[rel["parent_table_name"]]):
                    continue  # parent kept whole (or not processed: a cycle) - nothing to drop
                column = frame[rel["child_foreign_key"]]
                keys = parent[rel["parent_primary_key"]]
                keep &= (column.isin(keys) | column.isna()).to_numpy()
            frame = frame[keep]
        if len(frame) > max_rows:
            frame = _draw(frame, max_rows, rng)
        capped[name] = frame.reset_index(drop=True)
    return {name: capped[name] for name in frames}


def _draw(frame: pd.DataFrame, rows: int, rng: np.random.Generator) -> pd.DataFrame:
    chosen = np.sort(rng.choice(len(frame), size=max(rows, 1), replace=False))
    return frame.iloc[chosen]


def _group_fractions(
    frames: Mapping[str, pd.DataFrame], relationships: list[dict[str, str]], max_rows: int
) -> dict[str, float]:
    """Per table: the sampling fraction of its group of related tables (connected components)."""
    group = {name: name for name in frames}

    def root(name: str) -> str:
        while group[name] != name:
            group[name] = group[group[name]]
            name = group[name]
        return name

    for rel in relationships:
        group[root(rel["child_table_name"])] = root(rel["parent_table_name"])
    smallest: dict[str, float] = {}
    for name, frame in frames.items():
        ratio = 1.0 if len(frame) <= max_rows else max_rows / len(frame)
        smallest[root(name)] = min(smallest.get(root(name), 1.0), ratio)
    return {name: smallest[root(name)] for name in frames}


def _parents_first(names: list[str], relationships: list[dict[str, str]]) -> list[str]:
    """Tables with every parent before its children (given order otherwise; a cycle is cut)."""
    pending = {
        name: {r["parent_table_name"] for r in relationships if r["child_table_name"] == name}
        for name in names
    }
    for name in names:
        pending[name].discard(name)
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and not (pending[n] - set(ordered))]
        ordered.append(ready[0] if ready else next(n for n in names if n not in ordered))
    return ordered


# --- scores ----------------------------------------------------------------------------------------


def _sdmetrics_metadata(metadata: Mapping[str, Any]) -> dict[str, Any]:
    """The metadata without SDV's version key (SDMetrics validates the dict it is given)."""
    if not isinstance(metadata.get("tables"), Mapping) or not metadata["tables"]:
        raise InvalidInputError("metadata must have a non-empty 'tables' mapping")
    return {"tables": dict(metadata["tables"]), "relationships": list(metadata.get("relationships", []))}


def _score(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else round(number, _DIGITS)


def _properties(frame: pd.DataFrame, names: tuple[str, ...]) -> dict[str, float | None]:
    found = {str(row["Property"]): _score(row["Score"]) for _, row in frame.iterrows()}
    return {name: found.get(name) for name in names}
