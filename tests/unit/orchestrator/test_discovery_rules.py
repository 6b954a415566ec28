"""Pure rules of the discovery agent: when to count exactly, what a column name means, the snapshot."""

from __future__ import annotations

from typing import Any

import pytest
from tdm_agents.schema_discovery import build_snapshot, infer_column_type
from tdm_agents.schema_discovery.profiler import ALWAYS_COUNT_BYTES, wants_exact_count


@pytest.mark.parametrize(
    ("estimate", "include_stats", "expected"),
    [
        ({"reltuples": 5e6, "size_bytes": 1024, "analyzed": True}, False, True),  # tiny on disk
        ({"reltuples": 5e6, "size_bytes": ALWAYS_COUNT_BYTES * 10, "analyzed": True}, True, False),
        ({"reltuples": 5e5, "size_bytes": ALWAYS_COUNT_BYTES * 10, "analyzed": True}, True, True),
        ({"reltuples": 5e5, "size_bytes": ALWAYS_COUNT_BYTES * 10, "analyzed": True}, False, False),
        ({"reltuples": -1, "size_bytes": ALWAYS_COUNT_BYTES * 2, "analyzed": False}, True, True),
        ({"reltuples": -1, "size_bytes": 10**12, "analyzed": False}, True, False),
    ],
)
def test_exact_counts_only_where_they_are_cheap(
    estimate: dict[str, Any], include_stats: bool, expected: bool
) -> None:
    assert (
        wants_exact_count(estimate, include_stats=include_stats, exact_count_threshold=1_000_000) is expected
    )


@pytest.mark.parametrize(
    ("name", "table", "category", "expected"),
    [
        ("email", "customers", "string", "email"),
        ("EmailAddress", "users", "string", "email"),
        ("customer_id", "orders", "numeric", "identifier"),
        ("website_url", "shops", "string", "url"),
        ("total_amount", "orders", "numeric", "amount"),
        ("date_of_birth", "patients", "datetime", "date_of_birth"),
        ("email_sent_at", "mails", "datetime", "datetime"),
        ("is_active", "users", "boolean", "boolean"),
        ("payload", "events", "json", "json"),
    ],
)
def test_semantic_types_from_names_and_declared_types(
    name: str, table: str, category: str, expected: str
) -> None:
    inferred, rule = infer_column_type({"name": name, "table": table, "category": category})
    assert inferred == expected, rule


def test_snapshot_marks_keys_and_carries_counts_and_constraints() -> None:
    tables = [{"schema": "public", "name": "orders", "kind": "table", "comment": None}]
    columns = [
        {"schema": "public", "table": "orders", "name": "id", "data_type": "integer", "nullable": False},
        {"schema": "public", "table": "orders", "name": "note", "data_type": "text", "nullable": True},
    ]
    snapshot = build_snapshot(
        tables,
        columns,
        stats={
            "public.orders": {
                "row_count": 7,
                "row_count_estimated": True,
                "columns": {"note": {"null_fraction": 1.0}},
            }
        },
        pk_map={"public.orders": {"columns": ["id"], "name": "orders_pkey", "inferred": False}},
    )
    table = snapshot["tables"][0]
    assert (table["row_count"], table["row_count_estimated"]) == (7, True)
    assert [c["is_primary_key"] for c in table["columns"]] == [True, False]
    assert table["columns"][1]["stats"] == {"null_fraction": 1.0}
    assert table["constraints"][0] == {
        "type": "primary_key",
        "name": "orders_pkey",
        "columns": ["id"],
        "inferred": False,
    }
    assert snapshot["relationships"] == []
