"""Acceptance on Pagila: a subset masked on names, email, phone, address and the customer key itself
loads into a database with all of Pagila's keys (they validate), joins as before, holds no original
value in a masked column, and masks identically a second time with the same key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from tdm_dataset_store import DatasetStore

from tests.integration.conftest import mask, run_job, sample_dump, subset

RULES: dict[str, Any] = {
    "customer.email": "mask.email_deterministic",
    "customer.first_name": {"type": "mask.fake_name", "params": {"part": "first"}},
    "customer.last_name": {"type": "mask.fake_name", "params": {"part": "last"}},
    "address.phone": "mask.fake_phone",
    "address.address": "mask.fake_address",
    "customer.customer_id": "mask.hash",
}
MASKED = [
    ("customer", "email"),
    ("customer", "first_name"),
    ("customer", "last_name"),
    ("address", "phone"),
    ("address", "address"),
    ("customer", "customer_id"),
    ("rental", "customer_id"),
    ("payment", "customer_id"),
]
JOIN = (
    "SELECT count(*) FROM customer c JOIN rental r ON r.customer_id = c.customer_id "
    "JOIN payment p ON p.rental_id = r.rental_id AND p.customer_id = c.customer_id"
)


@pytest.fixture(scope="module")
def pagila_subset(pagila: tuple[str, str]) -> dict[str, Any]:
    url, version = pagila
    return subset(
        {
            "schema_version_id": version,
            "connection_string": url,
            "root_table": "customer",
            "filters": {"customer": {"store_id": 1}},
            "sampling_pct": 50,
            "seed": 3,
        }
    )


def _column(store: DatasetStore, version: str, table: str, column: str) -> list[Any]:
    return [
        v for batch in store.read_table(version, table, columns=[column]) for v in batch.column(0).to_pylist()
    ]


def _count(url: str, sql: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(sql).fetchone()
    return int(row[0]) if row else 0


def test_masked_pagila_loads_joins_and_leaks_nothing(
    pagila_subset: dict[str, Any], dataset_store: DatasetStore, targets: Callable[..., str]
) -> None:
    source = pagila_subset["dataset_version_id"]
    result = mask({"dataset_version_id": source, "rules": RULES, "allow_unmasked_pii": True})
    masked = result["dataset_version_id"]
    assert result["source_dataset_version_id"] == source
    assert result["row_counts"] == pagila_subset["row_counts"]
    applied = result["rules_applied"]
    # The key's rule spread to the columns referencing it.
    assert applied["rental.customer_id"]["origin"] == "foreign key to customer.customer_id"
    assert applied["payment.customer_id"]["type"] == "mask.hash"
    assert result["columns_masked"] == len(MASKED)

    for table, column in MASKED:
        before = set(_column(dataset_store, source, table, column))
        after = _column(dataset_store, masked, table, column)
        assert not before & set(after), f"{table}.{column} still holds original values"
        assert len(after) == pagila_subset["row_counts"][table]
    emails = _column(dataset_store, masked, "customer", "email")
    assert all(e.endswith("@example.com") and len(e.split("@")[0]) == 16 for e in emails)
    assert len(set(emails)) == len(emails)
    ids = _column(dataset_store, masked, "customer", "customer_id")
    assert all(isinstance(i, int) and 10**9 <= i < 2**31 for i in ids)  # still integers, in range

    pre, post = sample_dump("pagila")
    before_db = targets(dataset_store, source, pre, post)
    after_db = targets(dataset_store, masked, pre, post)  # every key and FK validates
    assert _count(after_db, JOIN) == _count(before_db, JOIN) > 0

    again = mask({"dataset_version_id": source, "rules": RULES, "allow_unmasked_pii": True})
    for table, column in MASKED:
        assert _column(dataset_store, again["dataset_version_id"], table, column) == _column(
            dataset_store, masked, table, column
        )


def test_pii_columns_without_rules_fail_unless_allowed(
    pagila_subset: dict[str, Any], pagila: tuple[str, str]
) -> None:
    url, version = pagila
    classified = run_job({"pii": {"schema_version_id": version, "use_llm": False}})
    assert classified.status == "completed", classified.error
    outcome = run_job(
        {
            "mask": {
                "dataset_version_id": pagila_subset["dataset_version_id"],
                "rules": {"customer.email": "mask.hash"},
            }
        }
    )
    assert outcome.status == "failed"
    assert "PII column(s) without a rule" in (outcome.error or "")
    auto = mask({"dataset_version_id": pagila_subset["dataset_version_id"], "rules": "auto"})
    flagged = {
        target for target in auto["rules_applied"] if auto["rules_applied"][target]["origin"] == "auto"
    }
    assert {"customer.email", "customer.first_name", "customer.last_name"} <= flagged
    assert auto["unmasked_pii"] == []
    del url
