"""Writing generated tables into a dataset version, and checking what was written.

The files follow the dataset format every agent writes (`subsetting.exporter`: one Parquet table per
source table, named by its qualified name, its fields carrying the source type), so provisioning loads
a synthetic version like a subset. `verify_keys` reads back only the key columns: every foreign key
resolves to a parent row, every primary and unique key is distinct. Memory: the parent keys of one
relationship at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from tdm_core.schema_model import SchemaSnapshot, qualified_name
from tdm_dataset_store import DatasetStore
from tdm_dataset_store.manifest import FileInfo
from tdm_dataset_store.writer import VersionWriter

from tdm_agents.subsetting.exporter import arrow_schema, storage_name
from tdm_agents.synthetic.generator import TablePlan


@dataclass
class Written:
    files: dict[str, list[FileInfo]] = field(default_factory=dict)  # qualified name -> files
    storage_names: dict[str, str] = field(default_factory=dict)
    row_counts: dict[str, int] = field(default_factory=dict)


def write_tables(
    writer: VersionWriter,
    plans: Sequence[TablePlan],
    batches: Callable[[str], Iterable[pa.RecordBatch]],
) -> Written:
    written = Written()
    for plan in plans:
        schema = arrow_schema(plan.info.schema_name, plan.info.name, plan.types)
        name = storage_name(plan.info.schema_name, plan.info.name)
        files = writer.write_table(name, (b.cast(schema) for b in batches(plan.name)), schema)
        written.files[plan.name] = files
        written.storage_names[plan.name] = name
        written.row_counts[plan.name] = sum(f.row_count for f in files)
    return written


def _key_strings(store: DatasetStore, version: str, table: str, columns: Sequence[str]) -> pa.ChunkedArray:
    parts = []
    for batch in store.read_table(version, table, columns=list(columns)):
        arrays = [pc.cast(batch.column(c), pa.string()) for c in columns]
        if len(arrays) == 1:
            parts.append(arrays[0])
        else:
            parts.append(pc.binary_join_element_wise(*arrays, "\x1f", null_handling="emit_null"))
    return pa.chunked_array(parts, type=pa.string())


def verify_keys(
    store: DatasetStore, version: str, snapshot: SchemaSnapshot, storage_names: dict[str, str]
) -> dict[str, Any]:
    """Problems (none expected) and what was checked: foreign keys and primary/unique keys."""
    problems: list[str] = []
    checked_fks = 0
    checked_keys = 0
    for table in snapshot.tables:
        file = storage_names.get(table.qualified_name)
        if file is None:
            continue
        for key in [table.primary_key(), *table.unique_keys()]:
            if not key:
                continue
            values = _key_strings(store, version, file, key)
            checked_keys += 1
            present = values.drop_null()
            if pc.count_distinct(present).as_py() != len(present):
                problems.append(f"{table.qualified_name}: duplicate values of key ({', '.join(key)})")
    for rel in snapshot.relationships:
        child = storage_names.get(qualified_name(rel.child_schema, rel.child_table))
        parent = storage_names.get(qualified_name(rel.parent_schema, rel.parent_table))
        if child is None or parent is None:
            continue
        checked_fks += 1
        parent_keys = pa.chunked_array(
            _key_strings(store, version, parent, rel.parent_columns)
        ).combine_chunks()
        for batch in _key_strings(store, version, child, rel.child_columns).chunks:
            present = batch.drop_null()
            if len(present) and not pc.all(pc.is_in(present, value_set=parent_keys)).as_py():
                problems.append(f"{rel.child_table}: {rel.name} has references without a parent row")
                break
    return {"foreign_keys": checked_fks, "unique_keys": checked_keys, "problems": problems}
