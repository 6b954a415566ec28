"""Pure rules of schema discovery: sampling plans, the distinct estimator, when top values are safe,
foreign keys of partitions, index descriptions, source URLs, schema selection and naming."""

from __future__ import annotations

from typing import Any, cast

import pytest
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Session
from tdm_agents.common.sources import connection_reference, engine_url, source_family
from tdm_agents.schema_discovery import build_snapshot, default_schema_name
from tdm_agents.schema_discovery.connector import requested_schemas, type_category
from tdm_agents.schema_discovery.postgres_catalog import default_sequence
from tdm_agents.schema_discovery.profiler import (
    SamplePlan,
    estimate_distinct,
    sample_plan,
    wants_top_values,
)
from tdm_agents.schema_discovery.relationship_inference import index_entry, merge_foreign_keys
from tdm_core.errors import InvalidInputError


@pytest.mark.parametrize(
    ("kind", "family", "rows", "expected"),
    [
        ("table", "postgresql", None, SamplePlan("first_rows")),  # unknown size: LIMIT
        ("table", "postgresql", 1_500, SamplePlan("first_rows")),  # small: read it
        ("view", "postgresql", 10**9, SamplePlan("first_rows")),  # TABLESAMPLE does not apply
        ("table", "mysql", 10**9, SamplePlan("first_rows")),
        ("table", "postgresql", 4_000, SamplePlan("bernoulli_sample", 30.0)),  # sample >= 10%: per row
        ("partitioned_table", "postgresql", 10**8, SamplePlan("system_sample", 0.0012)),  # per block
    ],
)
def test_sample_plan(kind: str, family: str, rows: int | None, expected: SamplePlan) -> None:
    plan = sample_plan(kind=kind, family=family, row_count=rows, sample_size=1000)
    assert plan.method == expected.method
    assert plan.percent == pytest.approx(expected.percent)


def test_distinct_estimate_scales_unique_columns_and_keeps_repeated_ones() -> None:
    # Every sampled value seen once: a unique column of the whole table.
    assert estimate_distinct(1000, 1000, 1000, 1_000_000) == 1_000_000
    # Every value seen many times: the sample has found them all.
    assert estimate_distinct(3, 0, 1000, 1_000_000) == 3
    # In between, never below what the sample saw nor above the table size.
    middle = estimate_distinct(600, 400, 1000, 50_000)
    assert 600 < middle < 50_000
    assert estimate_distinct(10, 5, 10, 10) == 10  # the sample is the table


@pytest.mark.parametrize(
    ("column", "entry", "nonnull", "expected"),
    [
        ({"category": "enum", "inferred_type": "enum"}, {"distinct_count": 3}, 60, True),
        ({"category": "string", "inferred_type": "text"}, {"distinct_count": 2, "max_length": 2}, 30, True),
        ({"category": "string", "inferred_type": "email"}, {"distinct_count": 2}, 30, False),  # personal
        ({"category": "string", "inferred_type": "last_name"}, {"distinct_count": 3}, 900, False),
        (
            {"category": "numeric", "inferred_type": "number"},
            {"distinct_count": 500},
            1000,
            False,
        ),  # too many
        ({"category": "numeric", "inferred_type": "number"}, {"distinct_count": 4}, 6, False),  # no repeats
        (
            {"category": "string", "inferred_type": "text"},
            {"distinct_count": 2, "max_length": 500},
            90,
            False,
        ),
        ({"category": "datetime", "inferred_type": "datetime"}, {"distinct_count": 2}, 90, False),
        (
            {"category": "enum", "inferred_type": "enum"},
            {"sample_distinct": 3, "distinct_count": 40},
            90,
            True,
        ),
    ],
)
def test_top_values_only_where_they_cannot_reveal_a_person(
    column: dict[str, Any], entry: dict[str, Any], nonnull: int, expected: bool
) -> None:
    assert wants_top_values(column, entry, nonnull) is expected


def _fk(name: str, columns: list[str], table: str, referred: list[str], **options: Any) -> dict[str, Any]:
    return {
        "name": name,
        "constrained_columns": columns,
        "referred_schema": "public",
        "referred_table": table,
        "referred_columns": referred,
        "options": options,
    }


def test_partition_keys_are_lifted_once_and_clones_dropped() -> None:
    roots = {("public", "pay_1"): ("public", "pay"), ("public", "pay_2"): ("public", "pay"),
             ("public", "ev_1"): ("public", "ev")}  # fmt: skip
    reflected = {
        ("public", "pay_1"): [_fk("pay_1_cust_fkey", ["cust_id"], "customer", ["id"])],
        ("public", "pay_2"): [_fk("pay_2_cust_fkey", ["cust_id"], "customer", ["id"])],
        # A key to a partitioned table, plus the clone PostgreSQL keeps for its partition.
        ("public", "notes"): [
            _fk("notes_ev_fk", ["ev_id", "ev_day"], "ev", ["id", "day"], ondelete="CASCADE"),
            _fk("notes_ev_id_ev_day_fkey", ["ev_id", "ev_day"], "ev_1", ["id", "day"]),
        ],
        ("public", "orders"): [_fk("orders_ext_fk", ["ext_id"], "elsewhere", ["id"])],
    }
    catalog = {("public", "notes", "notes_ev_id_ev_day_fkey"): {"inherited": True}}
    known = {("public", t) for t in ("pay", "customer", "notes", "ev", "orders")}
    relationships, external = merge_foreign_keys(reflected, catalog, roots, known)
    assert [(r["name"], r["child_table"], r["parent_table"]) for r in relationships] == [
        ("notes_ev_fk", "notes", "ev"),
        ("pay_cust_id_fkey", "pay", "customer"),
    ]
    assert relationships[0]["on_delete"] == "CASCADE" and relationships[0]["parent_columns"] == ["id", "day"]
    assert relationships[1]["declared_on_partitions"] == ["public.pay_1", "public.pay_2"]
    assert [(r["child_table"], r["parent_table"]) for r in external] == [("orders", "elsewhere")]


def test_catalog_facts_win_over_the_inspector() -> None:
    # The inspector loses the schema of a parent on the search path; the catalog knows it.
    reflected = {("sales", "orders"): [_fk("orders_cust_fk", ["email"], "customers", ["email"])]}
    reflected[("sales", "orders")][0]["referred_schema"] = None
    catalog = {
        ("sales", "orders", "orders_cust_fk"): {
            "parent_schema": "crm",
            "parent_table": "customers",
            "child_columns": ["email"],
            "parent_columns": ["email"],
            "on_update": "CASCADE",
            "on_delete": None,
            "deferrable": True,
            "initially_deferred": False,
            "parent_key": "unique",
            "validated": True,
        }
    }
    [rel], _ = merge_foreign_keys(reflected, catalog, {}, {("crm", "customers"), ("sales", "orders")})
    assert (rel["parent_schema"], rel["on_update"], rel["deferrable"], rel["parent_key"]) == (
        "crm",
        "CASCADE",
        True,
        "unique",
    )


def test_index_entries_name_expressions_methods_and_predicates() -> None:
    pg = index_entry(
        {
            "name": "vip",
            "unique": True,
            "column_names": [None, "tier"],
            "expressions": ["lower(email)", "tier"],
            "dialect_options": {"postgresql_where": "(tier <> 'bronze')", "postgresql_include": ["id"]},
        },
        "postgresql",
    )
    assert pg == {
        "name": "vip",
        "columns": ["lower(email)", "tier"],
        "unique": True,
        "expressions": ["lower(email)"],
        "method": "btree",
        "predicate": "(tier <> 'bronze')",
        "include": ["id"],
    }
    gin = index_entry(
        {"name": "s", "column_names": ["doc"], "dialect_options": {"postgresql_using": "gin"}}, "postgresql"
    )
    assert gin["method"] == "gin"
    assert (
        index_entry({"name": "f", "column_names": ["t"], "type": "FULLTEXT"}, "mysql")["method"] == "fulltext"
    )
    lite = index_entry(
        {"name": "p", "column_names": ["r"], "dialect_options": {"sqlite_where": "qty > 20"}}, "sqlite"
    )
    assert lite == {"name": "p", "columns": ["r"], "unique": False, "predicate": "qty > 20"}


@pytest.mark.parametrize(
    ("url", "family", "engine"),
    [
        ("postgresql://u:p@h:5432/db", "postgresql", "postgresql+psycopg://u:p@h:5432/db"),
        ("postgres://u@h/db", "postgresql", "postgresql+psycopg://u@h/db"),
        ("mysql://root@127.0.0.1:3306/test", "mysql", "mysql+pymysql://root@127.0.0.1:3306/test"),
        ("mariadb://root@h/test", "mysql", "mariadb+pymysql://root@h/test"),
        ("mysql+pymysql://root@h/test", "mysql", "mysql+pymysql://root@h/test"),
        ("sqlite:////tmp/x.db", "sqlite", "sqlite:////tmp/x.db"),
    ],
)
def test_supported_sources(url: str, family: str, engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TDM_SOURCE_SQLITE_DIRS", "/tmp")  # SQLite sources are off unless a folder is allowed
    assert source_family(url) == family
    assert engine_url(url) == engine


def test_unsupported_sources_are_refused_with_the_accepted_forms() -> None:
    with pytest.raises(InvalidInputError, match=r"PostgreSQL .*MySQL/MariaDB .*SQLite .*not 'oracle'"):
        connection_reference(connection_string="oracle://scott:tiger@db/orcl")
    with pytest.raises(InvalidInputError, match="without a URL scheme"):
        source_family("host=db user=x")
    reference = connection_reference(connection_string="mysql://app:s3cret@db:3306/shop")
    assert reference["display_url"] == "mysql://app:***@db:3306/shop"
    assert "s3cret" not in str(reference)


def test_schema_selection() -> None:
    assert requested_schemas(None) is None
    assert requested_schemas([]) is None
    assert requested_schemas(["*"]) is None
    assert requested_schemas(["sales", "crm", "sales"]) == ["sales", "crm"]
    with pytest.raises(InvalidInputError, match="cannot be combined"):
        requested_schemas(["*", "crm"])


@pytest.mark.parametrize(
    ("discovery", "expected"),
    [
        ({"database": "shop", "schemas": ["public"], "schemas_requested": True}, "db/shop"),
        ({"database": "shop", "schemas": ["crm", "sales"], "schemas_requested": False}, "db/shop"),
        (
            {"database": "shop", "schemas": ["crm", "sales"], "schemas_requested": True},
            "db/shop (crm, sales)",
        ),
        ({"database": "shop", "schemas": ["shop"], "dialect": "mysql", "schemas_requested": True}, "db/shop"),
        ({"database": "f.db", "schemas": ["main"], "dialect": "sqlite"}, "db/f.db"),
        ({"database": "shop", "schemas": ["crm"]}, "db/shop (crm)"),  # older state: explicit
    ],
)
def test_default_schema_names(discovery: dict[str, Any], expected: str) -> None:
    reference = {"display_url": "postgresql://u:***@db:5432/shop"}
    assert default_schema_name(cast(Session, None), reference, discovery) == expected


def test_snapshot_keeps_partitions_and_relationship_details() -> None:
    tables: list[dict[str, Any]] = [
        {
            "schema": "public",
            "name": "pay",
            "kind": "partitioned_table",
            "comment": None,
            "partition_key": "RANGE (day)",
            "partitions": [{"schema": "public", "name": "pay_1", "bound": "DEFAULT", "level": 1}],
        },
        {"schema": "public", "name": "customer", "kind": "table", "comment": "buyers"},
    ]
    columns = [
        {"schema": "public", "table": "pay", "name": "cust_id", "data_type": "integer", "nullable": False},
        {"schema": "public", "table": "customer", "name": "id", "data_type": "integer", "nullable": False},
    ]
    relationship = {
        "name": "pay_cust_id_fkey",
        "parent_schema": "public",
        "parent_table": "customer",
        "parent_columns": ["id"],
        "child_schema": "public",
        "child_table": "pay",
        "child_columns": ["cust_id"],
        "on_delete": None,
        "on_update": "CASCADE",
        "deferrable": False,
        "declared_on_partitions": ["public.pay_1"],
    }
    snapshot = build_snapshot(
        tables,
        columns,
        stats={"public.pay": {"row_count": 3, "sample_method": "system_sample", "profile_error": "x"}},
        relationships=[relationship],
    )
    pay = snapshot["tables"][0]
    assert pay["partitions"] == tables[0]["partitions"] and pay["partition_key"] == "RANGE (day)"
    assert pay["stats"] == {"sample_method": "system_sample", "profile_error": "x"}
    assert "partition_key" not in snapshot["tables"][1]
    assert snapshot["relationships"] == [relationship]


def test_sequence_of_a_default_and_type_families() -> None:
    assert default_sequence("nextval('\"public\".film_film_id_seq'::regclass)") == "public.film_film_id_seq"
    assert default_sequence('nextval(\'s."Odd""Name"\'::regclass)') == 's.Odd"Name'
    assert default_sequence("now()") is None and default_sequence(None) is None
    assert type_category(TSVECTOR()) == "text_search"
