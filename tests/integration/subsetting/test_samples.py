"""Acceptance on the sample databases: a subset job's dataset loads into an empty database with the
source's tables, the source's primary keys, unique constraints and foreign keys then validate on it, and
its rows are exactly those of an independent closure computed in the test."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from tdm_dataset_store import DatasetStore

from tests.integration.conftest import sample_dump, subset
from tests.support.subsets import (
    all_rows,
    expected_text,
    foreign_keys,
    reference_closure,
    rows_as_text,
)

SEED = 20261129
# The documented sampling rule, written out here: keep a row when its seeded hash, reduced to
# [0, 1e6), is below pct * 1e4.
PAGILA_HASH = f"(hashtextextended(ROW(t.customer_id)::text, {SEED}) & 9223372036854775807) % 1000000"


def _assert_same_rows(target: str, expected: dict[str, list[str]]) -> None:
    for table, rows in expected.items():
        assert sorted(rows_as_text(target, table)) == rows, f"rows of {table} differ"


def _key_values(store: DatasetStore, version: str, table: str, column: str) -> set[Any]:
    return {
        v for batch in store.read_table(version, table, columns=[column]) for v in batch.column(0).to_pylist()
    }


def test_pagila_store_filter_rental_window_and_sampling(
    pagila: tuple[str, str], dataset_store: DatasetStore, targets: Callable[..., str]
) -> None:
    url, version = pagila
    request = {
        "schema_version_id": version,
        "connection_string": url,
        "root_table": "customer",
        "filters": {"customer": {"store_id": 1}},
        "date_range": {
            "table": "rental",
            "column": "rental_date",
            "start": "2022-06-01",
            "end": "2022-07-31",
        },
        "sampling_pct": 40,
        "seed": SEED,
        "name": "pagila store 1",
    }
    result = subset(request)

    rows = all_rows(url, extra={"customer": PAGILA_HASH})
    kept = reference_closure(
        rows,
        foreign_keys(url),
        root="customer",
        entry={
            "customer": lambda r: r["store_id"] == 1 and int(r["__extra"]) < 400_000,
            "rental": lambda r: "2022-06-01" <= r["rental_date"] < "2022-08-01",
        },
    )
    expected = expected_text(rows, kept)
    assert result["row_counts"] == {table: len(texts) for table, texts in expected.items()}
    assert 0 < result["row_counts"]["customer"] < 326  # sampled from store 1's customers
    assert result["caps_hit"] == {}

    pre, post = sample_dump("pagila")
    target = targets(dataset_store, result["dataset_version_id"], pre, post)  # keys validate
    _assert_same_rows(target, expected)

    # Every partition of payment the closure reaches is there, with all its rows.
    reached = Counter(rows["payment"][i]["__partition"] for i in kept["payment"])
    assert len(reached) >= 5
    assert _loaded_partitions(target) == reached

    # Same seed, same subset; another seed, another one.
    again = subset(request)
    assert again["row_counts"] == result["row_counts"]
    first = _key_values(dataset_store, result["dataset_version_id"], "customer", "customer_id")
    assert _key_values(dataset_store, again["dataset_version_id"], "customer", "customer_id") == first
    other = subset({**request, "seed": SEED + 1})
    assert _key_values(dataset_store, other["dataset_version_id"], "customer", "customer_id") != first


def _loaded_partitions(target: str) -> Counter[str]:
    with psycopg.connect(target) as conn:
        found = conn.execute("SELECT tableoid::regclass::text, count(*) FROM payment GROUP BY 1").fetchall()
    return Counter({str(part): int(n) for part, n in found})


def test_chinook_employee_self_reference_and_customer_filter(
    chinook: tuple[str, str], dataset_store: DatasetStore, targets: Callable[..., str]
) -> None:
    url, version = chinook
    request = {
        "schema_version_id": version,
        "connection_string": url,
        "root_table": "employee",
        "filters": {
            "employee": {"employee_id": {"in": [3, 4]}},
            "customer": {"country": {"in": ["USA", "Canada", "Brazil"]}},
        },
    }
    result = subset(request)
    rows = all_rows(url)
    kept = reference_closure(
        rows,
        foreign_keys(url),
        root="employee",
        entry={
            "employee": lambda r: r["employee_id"] in (3, 4),
            "customer": lambda r: r["country"] in ("USA", "Canada", "Brazil"),
        },
    )
    expected = expected_text(rows, kept)
    assert result["row_counts"] == {table: len(texts) for table, texts in expected.items()}
    # The managers above the two filtered employees came up through the self-reference.
    employees = {rows["employee"][i]["employee_id"] for i in kept["employee"]}
    assert {3, 4} < employees
    assert result["row_counts"]["playlist_track"] == 0  # tracks came up as parents: no children
    pre, post = sample_dump("chinook")
    target = targets(dataset_store, result["dataset_version_id"], pre, post)
    _assert_same_rows(target, expected)


@pytest.mark.parametrize("cap", [5])
def test_pagila_cap_keeps_integrity_and_reports(
    pagila: tuple[str, str], dataset_store: DatasetStore, targets: Callable[..., str], cap: int
) -> None:
    url, version = pagila
    result = subset(
        {
            "schema_version_id": version,
            "connection_string": url,
            "root_table": "customer",
            "filters": {"customer": {"store_id": 2}},
            "max_rows_per_table": {"customer": cap, "rental": 40},
            "passthrough_tables": ["language", "category"],
        }
    )
    hits = result["caps_hit"]
    assert hits["customer"]["cap"] == cap and hits["customer"]["candidates"] == 273
    assert hits["customer"]["kept"] == cap
    assert hits["rental"]["kept"] == 40 and hits["rental"]["candidates"] > 40
    # Customers referenced by kept payments and rentals came anyway (as parents), beyond the cap.
    assert result["row_counts"]["customer"] == cap + hits["customer"]["added_as_parents"]
    assert result["row_counts"]["rental"] >= 40
    assert result["row_counts"]["category"] == 16 and result["row_counts"]["language"] == 6
    pre, post = sample_dump("pagila")
    targets(dataset_store, result["dataset_version_id"], pre, post)  # keys validate
