"""SDMetrics scores of a written synthetic dataset against a real sample (validate_distribution).

The whole dataset gets one multi-table quality and diagnostic report (when it has at most
`MAX_REPORT_TABLES` tables: the report's pair trends grow with the square of the columns), and each
parent -> child relationship with a single-column key its own pair score, so a user sees which
relationship is modelled well. Synthetic tables are read back up to `MAX_READ_ROWS` rows each (the
validator then samples parents and their children together).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tdm_core.schema_model import SchemaSnapshot, qualified_name
from tdm_dataset_store import DatasetStore

from tdm_agents.synthetic.sdv_metadata import sdv_metadata_dict
from tdm_agents.synthetic.validator import pair_quality, quality_report

MAX_READ_ROWS = 200_000
MAX_REPORT_TABLES = 12
MAX_PAIRS = 12


def read_frames(store: DatasetStore, version_id: str, storage_names: Mapping[str, str]) -> dict[str, Any]:
    import pyarrow as pa

    frames: dict[str, Any] = {}
    for name, file in storage_names.items():
        batches, rows = [], 0
        for batch in store.read_table(version_id, file):
            batches.append(batch)
            rows += batch.num_rows
            if rows >= MAX_READ_ROWS:
                break
        table = pa.Table.from_batches(batches) if batches else None
        if table is not None:
            frames[name] = table.slice(0, MAX_READ_ROWS).to_pandas()
    return frames


def dataset_quality(
    store: DatasetStore,
    version_id: str,
    storage_names: Mapping[str, str],
    snapshot: SchemaSnapshot,
    real: Mapping[str, Any],
    *,
    semantic: Mapping[tuple[str, str], str] | None = None,
) -> dict[str, Any]:
    synthetic = read_frames(store, version_id, storage_names)
    tables = [name for name in storage_names if name in real and name in synthetic and len(real[name])]
    result: dict[str, Any] = {}
    if 0 < len(tables) <= MAX_REPORT_TABLES:
        metadata = sdv_metadata_dict(snapshot, tables, semantic=semantic)
        result.update(
            quality_report(
                {t: real[t] for t in tables}, {t: synthetic[t] for t in tables}, metadata
            ).as_dict()
        )
    pairs: dict[str, float | None] = {}
    for rel in snapshot.relationships:
        parent = qualified_name(rel.parent_schema, rel.parent_table)
        child = qualified_name(rel.child_schema, rel.child_table)
        if parent == child or len(rel.child_columns) != 1 or parent not in tables or child not in tables:
            continue
        label = f"{parent} -> {child}"
        if label in pairs or len(pairs) >= MAX_PAIRS:
            continue
        pairs[label] = pair_quality(real, synthetic, snapshot, parent, child, semantic=semantic).quality_score
    result["pairs"] = pairs
    return result
