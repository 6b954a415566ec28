"""`diff_snapshots` (schema drift between two versions) and the table-name helpers, table-driven."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from tdm_core.schema_model import diff_snapshots, qualified_name, resolve_table_name

Snapshot = dict[str, Any]


def base() -> Snapshot:
    return {
        "tables": [
            {
                "schema": "public",
                "name": "customer",
                "row_count": 10,
                "constraints": [
                    {"type": "primary_key", "name": "customer_pkey", "columns": ["id"]},
                    {"type": "unique", "name": "customer_email_key", "columns": ["email"]},
                ],
                "columns": [
                    {"name": "id", "data_type": "integer", "nullable": False, "is_primary_key": True,
                     "ordinal_position": 1},
                    {"name": "email", "data_type": "text", "nullable": True, "ordinal_position": 2},
                    {"name": "name", "data_type": "varchar(50)", "nullable": True, "ordinal_position": 3},
                ],
            },
            {
                "schema": "sales",
                "name": "orders",
                "row_count": 50,
                "columns": [
                    {"name": "id", "data_type": "bigint", "nullable": False, "is_primary_key": True,
                     "ordinal_position": 1},
                    {"name": "customer_id", "data_type": "integer", "nullable": False, "ordinal_position": 2},
                ],
            },
        ],
        "relationships": [
            {
                "name": "orders_customer_id_fkey",
                "parent_schema": "public",
                "parent_table": "customer",
                "parent_columns": ["id"],
                "child_schema": "sales",
                "child_table": "orders",
                "child_columns": ["customer_id"],
                "is_user_defined": False,
            }
        ],
    }  # fmt: skip


def table(snapshot: Snapshot, name: str) -> dict[str, Any]:
    return next(t for t in snapshot["tables"] if t["name"] == name)


def column(snapshot: Snapshot, table_name: str, name: str) -> dict[str, Any]:
    return next(c for c in table(snapshot, table_name)["columns"] if c["name"] == name)


def add_table(s: Snapshot) -> None:
    s["tables"].append(
        {"schema": "public", "name": "audit", "columns": [{"name": "at", "data_type": "date"}]}
    )


def drop_orders(s: Snapshot) -> None:
    s["tables"] = [t for t in s["tables"] if t["name"] != "orders"]
    s["relationships"] = []


def add_column(s: Snapshot) -> None:
    table(s, "customer")["columns"].append({"name": "phone", "data_type": "text", "nullable": False})


def drop_column(s: Snapshot) -> None:
    table(s, "customer")["columns"] = [c for c in table(s, "customer")["columns"] if c["name"] != "name"]


def retype(s: Snapshot) -> None:
    column(s, "customer", "name")["data_type"] = "text"


def not_null(s: Snapshot) -> None:
    column(s, "customer", "email")["nullable"] = False


def new_pk(s: Snapshot) -> None:
    orders = table(s, "orders")
    orders["constraints"] = [{"type": "primary_key", "name": "orders_pkey", "columns": ["id", "customer_id"]}]


def drop_unique(s: Snapshot) -> None:
    table(s, "customer")["constraints"] = [
        {"type": "primary_key", "name": "customer_pkey", "columns": ["id"]}
    ]


def add_user_fk(s: Snapshot) -> None:
    s["relationships"].append(
        {
            "name": "user_fk",
            "parent_table": "customer",
            "parent_columns": ["email"],
            "child_schema": "sales",
            "child_table": "orders",
            "child_columns": ["customer_id"],
            "is_user_defined": True,
        }
    )


def noise(s: Snapshot) -> None:
    # Counts, statistics and comments change between runs; none of it is drift.
    table(s, "customer")["row_count"] = 99
    table(s, "customer")["comment"] = "people"
    column(s, "customer", "email")["stats"] = {"distinct": 10}


CASES: list[tuple[str, Callable[[Snapshot], None], dict[str, Any]]] = [
    ("no change", noise, {}),
    ("table added", add_table, {"tables.added": ["audit"]}),
    (
        "table removed (and its foreign key)",
        drop_orders,
        {
            "tables.removed": ["sales.orders"],
            "keys.foreign_keys.removed": [
                {"name": "orders_customer_id_fkey", "child_table": "sales.orders",
                 "child_columns": ["customer_id"], "parent_table": "customer", "parent_columns": ["id"],
                 "is_user_defined": False}
            ],
        },
    ),
    (
        "column added",
        add_column,
        {"tables.changed": ["customer"],
         "columns.added": [{"table": "customer", "column": "phone", "data_type": "text", "nullable": False}]},
    ),
    (
        "column removed",
        drop_column,
        {"tables.changed": ["customer"],
         "columns.removed": [
             {"table": "customer", "column": "name", "data_type": "varchar(50)", "nullable": True}
         ]},
    ),
    (
        "type changed",
        retype,
        {"tables.changed": ["customer"],
         "columns.changed": [{"table": "customer", "column": "name",
                              "changes": {"data_type": {"from": "varchar(50)", "to": "text"}}}]},
    ),
    (
        "nullability changed",
        not_null,
        {"tables.changed": ["customer"],
         "columns.changed": [{"table": "customer", "column": "email",
                              "changes": {"nullable": {"from": True, "to": False}}}]},
    ),
    (
        "primary key changed (columns flags -> constraint)",
        new_pk,
        {"tables.changed": ["sales.orders"],
         "keys.primary_keys": [{"table": "sales.orders", "from": ["id"], "to": ["id", "customer_id"]}]},
    ),
    (
        "unique constraint removed",
        drop_unique,
        {"tables.changed": ["customer"],
         "keys.unique.removed": [{"table": "customer", "columns": ["email"], "name": "customer_email_key"}]},
    ),
    (
        "user-declared foreign key added",
        add_user_fk,
        {"tables.changed": ["sales.orders"],
         "keys.foreign_keys.added": [
             {"name": "user_fk", "child_table": "sales.orders", "child_columns": ["customer_id"],
              "parent_table": "customer", "parent_columns": ["email"], "is_user_defined": True}
         ]},
    ),
]  # fmt: skip

EMPTY_PATHS = (
    "tables.added",
    "tables.removed",
    "tables.changed",
    "columns.added",
    "columns.removed",
    "columns.changed",
    "keys.primary_keys",
    "keys.unique.added",
    "keys.unique.removed",
    "keys.foreign_keys.added",
    "keys.foreign_keys.removed",
)


def _get(diff: dict[str, Any], path: str) -> Any:
    value: Any = diff
    for part in path.split("."):
        value = value[part]
    return value


@pytest.mark.parametrize(("change", "expected"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES])
def test_diff_reports_exactly_the_change(
    change: Callable[[Snapshot], None], expected: dict[str, Any]
) -> None:
    old = base()
    new = copy.deepcopy(old)
    change(new)
    diff = diff_snapshots(old, new)
    for path in EMPTY_PATHS:
        assert _get(diff, path) == expected.get(path, []), path
    assert diff["changed"] is bool(expected)
    assert sum(diff["summary"].values()) == sum(len(v) for v in expected.values())


def test_diff_is_symmetric_and_pure() -> None:
    old, new = base(), base()
    add_column(new)
    drop_orders(new)
    frozen_old, frozen_new = copy.deepcopy(old), copy.deepcopy(new)
    forward, backward = diff_snapshots(old, new), diff_snapshots(new, old)
    assert (old, new) == (frozen_old, frozen_new)
    assert forward["columns"]["added"] == backward["columns"]["removed"]
    assert forward["tables"]["removed"] == backward["tables"]["added"] == ["sales.orders"]
    assert forward["keys"]["foreign_keys"]["removed"] == backward["keys"]["foreign_keys"]["added"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("customer", ("public", "customer")),
        ("public.customer", ("public", "customer")),
        ("sales.orders", ("sales", "orders")),
        ("orders", None),  # not in the default schema
        ("odd.name", ("public", "odd.name")),  # a table whose own name has a dot
        ("x.odd.name", ("x.odd", "name")),
        ("missing", None),
    ],
)
def test_resolve_table_name(name: str, expected: tuple[str, str] | None) -> None:
    tables = [("public", "customer"), ("sales", "orders"), ("public", "odd.name"), ("x.odd", "name")]
    assert resolve_table_name(name, tables) == expected


def test_qualified_name() -> None:
    assert qualified_name("public", "customer") == "customer"
    assert qualified_name("sales", "orders") == "sales.orders"
