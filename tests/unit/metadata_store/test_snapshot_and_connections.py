"""Pure helpers of the repositories: snapshot validation and fingerprint, connection type and display."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import fingerprint, normalize_snapshot
from tdm_metadata_store.repositories.connections import display_url, infer_connection_type


def _snapshot() -> dict[str, Any]:
    return {
        "tables": [
            {
                "schema": "sales",
                "name": "orders",
                "row_count": 10,
                "stats": {"bytes": 8192},
                "constraints": [
                    {"type": "unique", "columns": ["id", "region"]},
                    {"type": "check", "name": "c1"},
                ],
                "columns": [
                    {"name": "id", "data_type": "integer", "is_primary_key": True, "nullable": False},
                    {"name": "region", "data_type": "text", "is_primary_key": True, "nullable": False},
                ],
            },
            {
                "schema": "sales",
                "name": "order_items",
                "columns": [
                    {"name": "order_id", "data_type": "integer", "stats": {"null_frac": 0.0}},
                    {"name": "order_region", "data_type": "text", "inferred_type": "region_code"},
                ],
            },
        ],
        "relationships": [
            {
                "parent_schema": "sales",
                "parent_table": "orders",
                "parent_columns": ["id", "region"],
                "child_schema": "sales",
                "child_table": "order_items",
                "child_columns": ["order_id", "order_region"],
            }
        ],
    }


def test_normalize_fills_defaults_and_names_unnamed_relationships() -> None:
    normalized = normalize_snapshot(_snapshot()).to_dict()
    orders = normalized["tables"][0]
    assert orders["kind"] == "table" and orders["row_count_estimated"] is False
    assert [c["ordinal_position"] for c in orders["columns"]] == [1, 2]
    assert orders["columns"][0]["nullable"] is False and orders["columns"][0]["is_primary_key"] is True
    assert normalized["relationships"][0]["name"] == "order_items_order_id_order_region_fkey"
    assert normalized["relationships"][0]["is_user_defined"] is False


def test_fingerprint_ignores_stats_counts_comments_and_order_but_not_structure() -> None:
    base = fingerprint(_snapshot())
    noisy = _snapshot()
    noisy["tables"][0]["row_count"] = 99_999
    noisy["tables"][0]["stats"] = {"bytes": 1}
    noisy["tables"][0]["comment"] = "orders placed online"
    noisy["tables"][1]["columns"][1]["inferred_type"] = "text"
    noisy["tables"][0]["constraints"].reverse()
    noisy["tables"].reverse()
    assert fingerprint(noisy) == base

    changed_type = _snapshot()
    changed_type["tables"][1]["columns"][0]["data_type"] = "bigint"
    assert fingerprint(changed_type) != base

    no_fk = _snapshot()
    no_fk["relationships"] = []
    assert fingerprint(no_fk) != base

    # A relationship declared by a user is not discovered structure.
    with_user_fk = _snapshot()
    extra = copy.deepcopy(with_user_fk["relationships"][0])
    extra.update(name="user_fk", is_user_defined=True)
    with_user_fk["relationships"].append(extra)
    assert fingerprint(with_user_fk) == base


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda s: s["relationships"][0].update(child_columns=["order_id"]), "1 child columns but 2 parent"),
        (lambda s: s["relationships"][0].update(parent_table="missing"), "parent table sales.missing"),
        (lambda s: s["relationships"][0].update(child_columns=["order_id", "nope"]), "no column 'nope'"),
        (lambda s: s["tables"].append(copy.deepcopy(s["tables"][0])), "sales.orders appears twice"),
        (lambda s: s["tables"][0]["columns"].append({"name": "id"}), "column 'id' appears twice"),
        (lambda s: s["tables"].append({"columns": []}), "tables[2] needs a non-empty 'name'"),
    ],
)
def test_invalid_snapshots_are_rejected_with_what_is_wrong(mutate: Any, expected: str) -> None:
    snapshot = _snapshot()
    mutate(snapshot)
    with pytest.raises(InvalidInputError, match=re.escape(expected)):
        normalize_snapshot(snapshot)


def test_snapshot_without_tables_list_is_rejected() -> None:
    with pytest.raises(InvalidInputError, match="'tables' list"):
        normalize_snapshot({"tables": "orders"})


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("postgresql://u:p@h/db", "postgres"),
        ("postgres://u@h/db", "postgres"),
        ("postgresql+psycopg://u@h/db", "postgres"),
        ("host=db1 dbname=shop user=app password=x", "postgres"),
        ("mysql+pymysql://u:p@h/db", "mysql"),
        ("mariadb://u:p@h/db", "mariadb"),
        ("sqlite:///tmp/x.db", "sqlite"),
    ],
)
def test_connection_type_comes_from_the_scheme(url: str, kind: str) -> None:
    assert infer_connection_type(url) == kind


def test_unknown_scheme_error_does_not_echo_the_string() -> None:
    with pytest.raises(InvalidInputError) as caught:
        infer_connection_type("oracle://scott:tiger-pass@orahost/XE")
    assert "tiger-pass" not in str(caught.value) and "orahost" not in str(caught.value)
    assert "'oracle'" in str(caught.value)


def test_display_url_drops_passwords_and_query_secrets() -> None:
    shown = display_url(
        "postgresql://app:Pa55word@db.internal:5432/shop?sslmode=require&password=Other5ecret"
    )
    assert "Pa55word" not in shown and "Other5ecret" not in shown and "require" not in shown
    assert shown.startswith("postgresql://app:***@db.internal:5432/shop?")
    assert "password=x" not in display_url("host=db1 password=x")
