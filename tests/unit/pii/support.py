"""Helpers for classifier tests that need a table with a foreign key to another (a person's records)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tdm_agents.pii_detection import ColumnInput, PIIType, classify_columns


def child_of(
    parent: str, parent_key: str, child: str, columns: Sequence[tuple[str, str, Sequence[Any]]]
) -> dict[str, PIIType]:
    """Classify `child`'s columns (name, type, sampled values) beside an integer key `parent_key` that
    references `parent` (which has only that key and a first name): the labels of `child`'s own columns."""
    inputs = [
        ColumnInput(
            schema="public", table=parent, column=parent_key, data_type="integer", is_primary_key=True
        ),
        ColumnInput(schema="public", table=parent, column="first_name", data_type="text"),
        ColumnInput(
            schema="public",
            table=child,
            column=parent_key,
            data_type="integer",
            is_foreign_key=True,
            references=("public", parent, parent_key),
        ),
    ]
    samples: dict[Any, Sequence[Any]] = {inputs[1].key: ["Sarah", "Tom", "James", "Emma", "Oliver"] * 8}
    for name, data_type, values in columns:
        column = ColumnInput(schema="public", table=child, column=name, data_type=data_type)
        inputs.append(column)
        samples[column.key] = values
    results = classify_columns(inputs, samples)
    return {r.column: r.pii_type for r in results if r.table == child and r.column != parent_key}
