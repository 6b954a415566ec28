"""Masking a dataset version into a new one, column-wise and streamed (spec 7.1 `apply_mask_transformers`),
with what `validate_integrity` needs gathered on the way.

Per record batch and masked column: dictionary-encode the column, mask its distinct values once, take
the results back into place (NULL stays NULL). Tables without rules are copied server-side, file by
file. Memory follows one batch, plus, per masked column, two 64-bit fingerprints per *distinct* value
(input and output), which is what the integrity checks need:
- distinct inputs must give distinct outputs on unique and key columns (else the target would refuse
  the rows);
- no output may equal an input of the same column anywhere in it (the leak check) for the transformers
  that replace values; for those that only coarsen them (generalize, noise) no row may keep its own
  value unless the transformer says it may;
- every masked foreign-key value must be one of the masked key values it references.
Fingerprints are Python's `hash` of the value, stable within the process doing the whole check.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from tdm_core.errors import InvalidInputError
from tdm_dataset_store.manifest import FileInfo
from tdm_dataset_store.store import DatasetStore
from tdm_dataset_store.writer import VersionWriter

from tdm_agents.masking.rules import ColumnRule, MaskPlan
from tdm_agents.masking.transformers.base import MaskContext

log = logging.getLogger(__name__)


@dataclass
class ColumnTrace:
    """Fingerprints of one masked column's distinct inputs and their outputs, and per-row findings.

    Fingerprints are kept only when a check needs them (a unique column, the global leak check, a
    foreign key between masked columns): the rest only counts values masked to themselves."""

    fingerprints: bool = True
    inputs: list[np.ndarray] = field(default_factory=list)
    outputs: list[np.ndarray] = field(default_factory=list)
    kept_own_value: int = 0  # distinct values masked to themselves
    distinct: int = 0

    def add(self, values: list[Any], masked: list[Any], same: int) -> None:
        if self.fingerprints:
            self.inputs.append(np.array(list(map(hash, values)), dtype=np.int64))
            self.outputs.append(np.array(list(map(hash, masked)), dtype=np.int64))
        self.kept_own_value += same
        self.distinct += len(values)

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """(input, output) fingerprints, one pair per distinct input, NULL outputs left out."""
        if not self.inputs:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        inputs, outputs = np.concatenate(self.inputs), np.concatenate(self.outputs)
        _, first = np.unique(inputs, return_index=True)
        return inputs[first], outputs[first]


@dataclass
class MaskOutcome:
    row_counts: dict[str, int]
    source_row_counts: dict[str, int]
    files: dict[str, list[FileInfo]]
    problems: list[str]
    columns_masked: int
    copied_tables: list[str]


def _distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of a fingerprint array: one sort and one comparison (numpy 2.4's
    hash-based np.unique takes three times as long on int64 fingerprints)."""
    if len(values) < 2:
        return np.sort(values)
    ordered = np.sort(values)
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    found: np.ndarray = ordered[keep]
    return found


class _Null:
    """The fingerprint of a NULL output: never a collision, never a leak."""


def mask_dataset(
    store: DatasetStore,
    source_version: str,
    writer: VersionWriter,
    plan: MaskPlan,
    ctx: MaskContext,
    *,
    table_names: dict[str, str],
    check: Callable[[], None] = lambda: None,
) -> MaskOutcome:
    """Write every table of `source_version` to `writer`, masked by `plan`.

    `table_names`: the dataset's file name of a table -> the table's qualified name (the plan's key).
    `check` runs between batches (it raises to stop a cancelled job)."""
    manifest = store.manifest(source_version)
    traces: dict[str, ColumnTrace] = {}
    row_counts: dict[str, int] = {}
    source_counts: dict[str, int] = {}
    files: dict[str, list[FileInfo]] = {}
    copied: list[str] = []
    avoid = _originals_to_avoid(store, source_version, plan, table_names)
    for entry in manifest.tables:
        qualified = table_names.get(entry.name, entry.name)
        rules = plan.rules.get(qualified, {})
        source_counts[entry.name] = entry.row_count
        check()
        if not rules:
            files[entry.name] = writer.copy_table(entry)
            copied.append(entry.name)
            row_counts[entry.name] = entry.row_count
            continue
        schema = entry.pa_schema()
        missing = [c for c in rules if c not in schema.names]
        if missing:
            raise InvalidInputError(f"table {qualified} of the dataset has no column {missing[0]!r} to mask")
        keyed = {(c, cc) for c, cc, _, _ in plan.foreign_keys} | {
            (p, pc_) for _, _, p, pc_ in plan.foreign_keys
        }
        for column, rule in rules.items():
            needed = (
                rule.spec.unique or rule.transformer.leak_check == "global" or (qualified, column) in keyed
            )
            traces[f"{qualified}.{column}"] = ColumnTrace(fingerprints=needed)
        source = store.read_table(source_version, entry.name)
        batches = _masked_batches(
            source, schema, rules=rules, ctx=ctx, traces=traces, avoid=avoid, check=check
        )
        files[entry.name] = writer.write_table(entry.name, batches, schema)
        row_counts[entry.name] = sum(f.row_count for f in files[entry.name])
    problems = integrity_problems(plan, traces, row_counts, source_counts)
    return MaskOutcome(
        row_counts=row_counts,
        source_row_counts=source_counts,
        files=files,
        problems=problems,
        columns_masked=len(traces),
        copied_tables=copied,
    )


def _masked_batches(
    batches: Iterator[pa.RecordBatch],
    schema: pa.Schema,
    *,
    rules: dict[str, ColumnRule],
    ctx: MaskContext,
    traces: dict[str, ColumnTrace],
    avoid: dict[str, np.ndarray],
    check: Callable[[], None],
) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        check()
        columns = list(batch.columns)
        for name, rule in rules.items():
            index = schema.get_field_index(name)
            columns[index] = mask_column(
                batch, name, rule, ctx, traces[rule.target], avoid=avoid.get(rule.target)
            )
        yield pa.RecordBatch.from_arrays(columns, schema=schema)


def mask_column(
    batch: pa.RecordBatch,
    name: str,
    rule: ColumnRule,
    ctx: MaskContext,
    trace: ColumnTrace,
    *,
    avoid: np.ndarray | None = None,
) -> pa.Array:
    array = batch.column(name)
    target_type = array.type
    others = rule.transformer.row_columns(rule.params)
    if others:
        missing = [c for c in others if c not in batch.schema.names]
        if missing:
            raise InvalidInputError(
                f"{rule.target}: {rule.transformer.name} reads column {missing[0]!r}, not in the table"
            )
        masked = rule.transformer.apply_rows(
            array, {c: batch.column(c) for c in others}, rule.params, rule.spec, ctx
        )
        trace.add(array.to_pylist(), masked.to_pylist(), _same(array, masked))
        return masked
    encoded = pc.dictionary_encode(array)
    distinct = encoded.dictionary.to_pylist()
    if not distinct:
        return array
    out = rule.transformer.mask(distinct, rule.params, rule.spec, ctx)
    if avoid is not None and len(avoid):
        _redraw_hits(distinct, out, avoid, rule, ctx)
    try:
        values = pa.array(out, type=target_type)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError, TypeError, ValueError):
        raise InvalidInputError(
            f"{rule.target}: {rule.transformer.name} produced values that do not fit the column "
            f"({target_type})"
        ) from None
    trace.add(distinct, out, _same(encoded.dictionary, values))
    return pc.take(values, encoded.indices)


MAX_REDRAWS = 16


def _redraw_hits(
    distinct: list[Any], out: list[Any], avoid: np.ndarray, rule: ColumnRule, ctx: MaskContext
) -> None:
    """Redraw, in place, the outputs equal to an original value, with keys of later rounds.

    The same input meets the same originals wherever its family of joined columns is masked, so it gets
    the same redraw there: joins hold. (Another dataset with other originals may redraw other values.)
    What is still a hit after MAX_REDRAWS rounds is left to the leak check."""
    hits = _hits(out, range(len(out)), avoid)
    for redraw in range(1, MAX_REDRAWS + 1):
        if not hits:
            return
        again = rule.transformer.mask(
            [distinct[i] for i in hits], rule.params, rule.spec, replace(ctx, redraw=redraw)
        )
        for i, value in zip(hits, again, strict=True):
            out[i] = value
        hits = _hits(out, hits, avoid)


def _hits(out: list[Any], positions: Sequence[int], avoid: np.ndarray) -> list[int]:
    """The positions whose output's fingerprint is among the originals' (sorted) fingerprints. A 64-bit
    fingerprint collision only costs a needless redraw."""
    chosen = [i for i in positions if out[i] is not None]
    if not chosen:
        return []
    prints = np.fromiter((hash(out[i]) for i in chosen), dtype=np.int64, count=len(chosen))
    found = np.searchsorted(avoid, prints).clip(max=len(avoid) - 1)
    return [i for i, hit in zip(chosen, avoid[found] == prints, strict=True) if hit]


def _originals_to_avoid(
    store: DatasetStore, source_version: str, plan: MaskPlan, table_names: dict[str, str]
) -> dict[str, np.ndarray]:
    """Per masked column whose transformer has a small output space: the fingerprints (sorted) of the
    original values of that column
    and of every masked column joined to it by a foreign key (one set per family, so that a parent
    value and the child values referencing it are redrawn alike)."""
    small = {r.target: r for r in plan.all() if r.transformer.small_output_space(r.params, r.spec)}
    if not small:
        return {}
    family = {target: target for target in small}

    def root(target: str) -> str:
        while family[target] != target:
            target = family[target]
        return target

    for child_table, child_column, parent_table, parent_column in plan.foreign_keys:
        child, parent = f"{child_table}.{child_column}", f"{parent_table}.{parent_column}"
        if child in family and parent in family:
            family[root(child)] = root(parent)
    files = {
        table_names.get(name, name): name for name in (t.name for t in store.manifest(source_version).tables)
    }
    originals: dict[str, list[np.ndarray]] = {}
    for target, rule in small.items():
        prints = originals.setdefault(root(target), [])
        if rule.table not in files:
            continue  # the dataset has no such table: masking says so when it gets there
        for batch in store.read_table(source_version, files[rule.table], columns=[rule.column]):
            values = pc.unique(batch.column(0).drop_null()).to_pylist()
            prints.append(np.fromiter(map(hash, values), dtype=np.int64, count=len(values)))
    merged = {
        family: _distinct(np.concatenate(p)) if p else np.empty(0, np.int64)
        for family, p in originals.items()
    }
    return {target: merged[root(target)] for target in small}


def _same(before: pa.Array, after: pa.Array) -> int:
    """How many positions hold the same (non-null) value before and after masking."""
    try:
        return int(pc.sum(pc.equal(before, after)).as_py() or 0)
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
        pairs = zip(before.to_pylist(), after.to_pylist(), strict=True)
        return sum(1 for b, a in pairs if a is not None and a == b)


def integrity_problems(
    plan: MaskPlan, traces: dict[str, ColumnTrace], row_counts: dict[str, int], source_counts: dict[str, int]
) -> list[str]:
    """What `validate_integrity` refuses: changed row counts, collisions on unique columns, leaks,
    masked references that match no masked key."""
    problems = [
        f"table {t}: {source_counts[t]} rows in, {row_counts.get(t)} out"
        for t in source_counts
        if source_counts[t] != row_counts.get(t)
    ]
    masked_keys: dict[str, np.ndarray] = {}
    for rule in plan.all():
        trace = traces.get(rule.target)
        if trace is None:
            continue
        inputs, outputs = trace.pairs()
        null_fingerprint = hash(None)
        real = outputs[outputs != null_fingerprint] if rule.transformer.name == "mask.null" else outputs
        distinct_outputs = masked_keys[rule.target] = _distinct(real)
        if rule.spec.unique and rule.transformer.name != "mask.null" and len(distinct_outputs) != len(real):
            problems.append(
                f"{rule.target} is unique but {len(real) - len(distinct_outputs)} distinct value(s) were "
                "masked to "
                f"values already used: use a longer output ({rule.transformer.name} params) or mask.tokenize"
            )
        if rule.transformer.leak_check == "none":
            continue
        leaked = (
            np.intersect1d(_distinct(inputs), distinct_outputs, assume_unique=True).size
            if rule.transformer.leak_check == "global"
            else 0
        )
        if leaked or trace.kept_own_value:
            problems.append(
                f"{rule.target}: {max(leaked, trace.kept_own_value)} masked value(s) equal an original value "
                "of the column (the leak check)"
            )
    for child_table, child_column, parent_table, parent_column in plan.foreign_keys:
        child, parent = f"{child_table}.{child_column}", f"{parent_table}.{parent_column}"
        if child in masked_keys and parent in masked_keys and child in traces and parent in traces:
            orphans = np.setdiff1d(masked_keys[child], masked_keys[parent], assume_unique=True).size
            if orphans:
                problems.append(
                    f"{child}: {orphans} masked value(s) match no masked {parent} (the join would break)"
                )
    return problems
