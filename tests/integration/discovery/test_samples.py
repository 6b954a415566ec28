"""Pagila and Chinook discovered, saved in the metadata store, read back, and compared with what
pg_catalog itself says: every table, column, primary key and foreign key is there, exactly."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine
from tdm_agents.common.sources import source_engine
from tdm_agents.schema_discovery import Discovery, discover

from tests.integration.discovery.conftest import save_and_load

RELKIND = {
    "r": "table",
    "p": "partitioned_table",
    "v": "view",
    "m": "materialized_view",
    "f": "foreign_table",
}

# Written here, independently of the agent: what the catalog holds for the public schema.
RELATIONS_SQL = """
SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
"""
PARTITIONS_SQL = """
SELECT p.relname, pg_get_expr(p.relpartbound, p.oid), r.relname
FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid JOIN pg_class r ON r.oid = i.inhparent
JOIN pg_namespace n ON n.oid = p.relnamespace WHERE n.nspname = 'public' AND p.relispartition
"""
COLUMNS_SQL = """
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
       row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum)
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
  AND a.attnum > 0 AND NOT a.attisdropped
"""
# Keys with their columns in key order; a partition's key maps to its partitioned table.
KEYS_SQL = """
SELECT k.contype, k.conname, k.conparentid <> 0,
       coalesce(pg_partition_root(k.conrelid), k.conrelid)::regclass::text,
       ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o),
       coalesce(pg_partition_root(k.confrelid), k.confrelid)::regclass::text,
       ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
             JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o)
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND k.contype IN ('p', 'f')
"""


def _catalog(url: str, sql: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return list(conn.execute(sql).fetchall())


@pytest.fixture(scope="module")
def pagila(pagila_url: str, engine: Engine) -> Iterator[tuple[Discovery, dict[str, Any], dict[str, Any]]]:
    found = discover(source_engine(pagila_url), source="pagila", sample_size=2000)
    loaded, saved = save_and_load(engine, found, "pagila")
    yield found, loaded, saved


@pytest.fixture(scope="module")
def chinook(chinook_url: str, engine: Engine) -> Iterator[tuple[Discovery, dict[str, Any], dict[str, Any]]]:
    found = discover(source_engine(chinook_url), source="chinook", include_stats=False)
    loaded, saved = save_and_load(engine, found, "chinook")
    yield found, loaded, saved


def _assert_matches_catalog(url: str, loaded: dict[str, Any]) -> None:
    tables = {t["name"]: t for t in loaded["tables"] if t["schema"] == "public"}
    relations = {name: RELKIND[kind] for name, kind in _catalog(url, RELATIONS_SQL)}
    assert {name: t["kind"] for name, t in tables.items()} == relations

    expected_columns = {
        (t, name): (data_type, nullable, int(pos))
        for t, name, data_type, nullable, pos in _catalog(url, COLUMNS_SQL)
    }
    saved_columns = {
        (t["name"], c["name"]): (c["data_type"], c["nullable"], c["ordinal_position"])
        for t in tables.values()
        for c in t["columns"]
    }
    assert saved_columns == expected_columns

    keys = _catalog(url, KEYS_SQL)
    relationships = {
        (r["child_table"], tuple(r["child_columns"]), r["parent_table"], tuple(r["parent_columns"]))
        for r in loaded["relationships"]
    }
    for contype, name, inherited, table, columns, parent, parent_columns in keys:
        if contype == "p":
            pk = next(c for c in tables[table]["constraints"] if c["type"] == "primary_key")
            if not inherited:  # a partition's copy of its parent's key is the parent's key
                assert (pk["name"], pk["columns"]) == (name, columns), table
            assert pk["columns"] == columns
            assert [c["name"] for c in tables[table]["columns"] if c["is_primary_key"]] == sorted(
                columns, key=[c["name"] for c in tables[table]["columns"]].index
            )
        else:
            # Every column pair, in the key's order, of every foreign key.
            assert (table, tuple(columns), parent, tuple(parent_columns)) in relationships, name
    foreign_keys = {
        (table, tuple(columns), parent, tuple(parent_columns))
        for contype, _, inherited, table, columns, parent, parent_columns in keys
        if contype == "f" and not inherited
    }
    assert relationships == foreign_keys  # and nothing invented


def test_pagila_matches_pg_catalog(
    pagila_url: str, pagila: tuple[Discovery, dict[str, Any], dict[str, Any]]
) -> None:
    _, loaded, _ = pagila
    _assert_matches_catalog(pagila_url, loaded)


def test_pagila_payment_is_one_partitioned_table_with_its_partitions(
    pagila_url: str, pagila: tuple[Discovery, dict[str, Any], dict[str, Any]]
) -> None:
    found, loaded, saved = pagila
    names = [t["name"] for t in loaded["tables"]]
    assert names.count("payment") == 1
    assert not [name for name in names if name.startswith("payment_p2022")]
    payment = next(t for t in loaded["tables"] if t["name"] == "payment")
    assert payment["kind"] == "partitioned_table"
    partitions = {p["name"]: p["bound"] for p in payment["partitions"]}
    catalog = {
        name: bound for name, bound, parent in _catalog(pagila_url, PARTITIONS_SQL) if parent == "payment"
    }
    assert len(partitions) == 7 and partitions == catalog
    assert partitions["payment_p2022_01"] == (
        "FOR VALUES FROM ('2022-01-01 00:00:00+00') TO ('2022-02-01 00:00:00+00')"
    )
    saved_payment = next(t for t in saved["tables"] if t["name"] == "payment")
    assert saved_payment["partition_key"] == "RANGE (payment_date)"
    # Profiled through the parent: the count covers every partition.
    with psycopg.connect(pagila_url) as conn:
        total = conn.execute("SELECT count(*) FROM payment").fetchone()
    assert total is not None and payment["row_count"] == total[0] == 16049
    assert payment["row_count_estimated"] is False
    # Pagila declares payment's foreign keys on six partitions only: one relationship each, on payment.
    lifted = [r for r in saved["relationships"] if r["child_table"] == "payment"]
    assert sorted(r["parent_table"] for r in lifted) == ["customer", "rental", "staff"]
    assert all(len(r["declared_on_partitions"]) == 6 for r in lifted)
    assert "public.payment_p2022_07" not in lifted[0]["declared_on_partitions"]
    assert found.external_references == []


def test_pagila_views_types_and_sequences(
    pagila_url: str, pagila: tuple[Discovery, dict[str, Any], dict[str, Any]]
) -> None:
    _, loaded, _ = pagila
    tables = {t["name"]: t for t in loaded["tables"]}
    for view in ("actor_info", "customer_list", "film_list", "nicer_but_slower_film_list",
                 "sales_by_film_category", "sales_by_store", "staff_list"):  # fmt: skip
        assert tables[view]["kind"] == "view", view
        assert tables[view]["constraints"] is None
    assert tables["rental_by_category"]["kind"] == "materialized_view"
    assert tables["rental_by_category"]["row_count"] is None  # never refreshed: not readable
    film = {c["name"]: c for c in tables["film"]["columns"]}
    assert film["rating"]["type_details"]["enum_labels"] == ["G", "PG", "PG-13", "R", "NC-17"]
    assert film["release_year"]["type_details"]["domain"]["base_type"] == "integer"
    assert "1901" in film["release_year"]["type_details"]["domain"]["constraints"][0]["definition"]
    assert film["special_features"]["data_type"] == "text[]"
    assert film["special_features"]["type_details"]["element_type"] == "text"
    assert film["fulltext"]["data_type"] == "tsvector"
    assert film["film_id"]["type_details"]["serial"] == {
        "sequence": "public.film_film_id_seq",
        "owned": False,
    }
    indexes = {i["name"]: i for i in tables["film"]["indexes"]}
    assert indexes["film_fulltext_idx"]["method"] == "gist"
    # A view is never counted: it is read through a bounded sample (LIMIT sample_size)...
    film_list = tables["film_list"]
    assert film_list["row_count"] is None and film_list["stats"] == {
        "sampled_rows": 2000,
        "sample_method": "first_rows",
    }
    assert next(c for c in film_list["columns"] if c["name"] == "fid")["stats"]["distinct_estimated"] is True
    # ...and when that sample is all of it, its size is the exact count, for free.
    with psycopg.connect(pagila_url) as conn:
        staff_list = conn.execute("SELECT count(*) FROM staff_list").fetchone()
    assert staff_list is not None
    assert (tables["staff_list"]["row_count"], tables["staff_list"]["row_count_estimated"]) == (
        staff_list[0],
        False,
    )
    # No raw values of personal columns in the stats: no extremes, no top values.
    customer = {c["name"]: c for c in tables["customer"]["columns"]}
    for name in ("first_name", "last_name", "email"):
        stats = customer[name]["stats"]
        assert not {"min", "max", "top_values"} & set(stats), name
    assert [v["value"] for v in customer["store_id"]["stats"]["top_values"]] == ["1", "2"]


def test_chinook_matches_pg_catalog_and_keeps_the_manager_key(
    chinook_url: str, chinook: tuple[Discovery, dict[str, Any], dict[str, Any]]
) -> None:
    _, loaded, _ = chinook
    _assert_matches_catalog(chinook_url, loaded)
    manager = [r for r in loaded["relationships"] if r["child_table"] == "employee"]
    assert [(r["child_columns"], r["parent_table"], r["parent_columns"]) for r in manager] == [
        (["reports_to"], "employee", ["employee_id"])
    ]
    employee = next(t for t in loaded["tables"] if t["name"] == "employee")
    # include_stats false: exact counts of small tables, no column statistics.
    assert employee["row_count"] == 8 and employee["row_count_estimated"] is False
    assert all(c["stats"] is None for c in employee["columns"])
