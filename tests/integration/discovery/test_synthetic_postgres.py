"""A synthetic PostgreSQL schema (synthetic.sql) with each construct discovery must get right, discovered
with the default schema selection (every non-system schema) and read back from the metadata store."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine
from tdm_agents.common.sources import source_engine
from tdm_agents.schema_discovery import Discovery, discover

from tests.integration.discovery.conftest import save_and_load

Found = tuple[Discovery, dict[str, Any], dict[str, Any]]


@pytest.fixture(scope="module")
def synthetic(synthetic_url: str, engine: Engine) -> Iterator[Found]:
    found = discover(source_engine(synthetic_url), source="synthetic", sample_size=500)
    loaded, saved = save_and_load(engine, found, "synthetic")
    yield found, loaded, saved


def _table(snapshot: dict[str, Any], schema: str, name: str) -> dict[str, Any]:
    return next(t for t in snapshot["tables"] if (t["schema"], t["name"]) == (schema, name))


def _columns(snapshot: dict[str, Any], schema: str, name: str) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in _table(snapshot, schema, name)["columns"]}


def _relationship(snapshot: dict[str, Any], child: str, name: str) -> dict[str, Any]:
    matches = [r for r in snapshot["relationships"] if f"{r['child_schema']}.{r['child_table']}" == child]
    return next(r for r in matches if r["name"] == name)


def test_every_non_system_schema_by_default(synthetic: Found) -> None:
    found, loaded, _ = synthetic
    assert found.info["schemas"] == ["crm", "public", "sales"]
    assert found.info["schemas_requested"] is False
    assert {(t["schema"], t["name"], t["kind"]) for t in loaded["tables"]} == {
        ("crm", "customers", "table"),
        ("crm", "employees", "table"),
        ("sales", "departments", "table"),
        ("sales", "orders", "table"),
        ("sales", "order_lines", "table"),
        ("sales", "events", "partitioned_table"),
        ("sales", "event_notes", "table"),
        ("sales", "big_lines", "view"),
        ("sales", "orders_per_region", "materialized_view"),
    }


def test_cyclic_deferrable_and_self_referencing_keys(synthetic: Found) -> None:
    _, loaded, saved = synthetic
    manager = _relationship(loaded, "sales.departments", "departments_manager_fk")
    department = _relationship(loaded, "crm.employees", "employees_department_fk")
    assert (manager["parent_schema"], manager["parent_table"], manager["parent_columns"]) == (
        "crm",
        "employees",
        ["id"],
    )
    assert (department["parent_schema"], department["parent_table"]) == ("sales", "departments")
    for name, child in (
        ("departments_manager_fk", "sales.departments"),
        ("employees_department_fk", "crm.employees"),
    ):
        extra = _relationship(saved, child, name)
        assert (extra["deferrable"], extra["initially_deferred"]) == (True, True)
    boss = _relationship(loaded, "crm.employees", "employees_boss_fk")
    assert (boss["child_columns"], boss["parent_table"], boss["parent_columns"]) == (
        ["boss_id"],
        "employees",
        ["id"],
    )
    assert boss["on_delete"] == "SET NULL"


def test_composite_keys_keep_every_pair_in_order(synthetic: Found) -> None:
    _, loaded, saved = synthetic
    lines = _table(loaded, "sales", "order_lines")
    pk = next(c for c in lines["constraints"] if c["type"] == "primary_key")
    assert pk["columns"] == ["region", "order_no", "line_no"]
    assert [c["name"] for c in lines["columns"] if c["is_primary_key"]] == ["line_no", "order_no", "region"]
    fk = _relationship(loaded, "sales.order_lines", "order_lines_order_fk")
    # Declared (order_no, region) -> (order_no, region): that order, not the key's (region, order_no).
    assert list(zip(fk["child_columns"], fk["parent_columns"], strict=True)) == [
        ("order_no", "order_no"),
        ("region", "region"),
    ]
    assert fk["on_delete"] == "CASCADE"
    assert _relationship(saved, "sales.order_lines", "order_lines_order_fk")["parent_key"] == "primary_key"


def test_foreign_key_to_a_unique_column_that_is_not_the_primary_key(synthetic: Found) -> None:
    _, loaded, saved = synthetic
    fk = _relationship(loaded, "sales.orders", "orders_customer_email_fk")
    assert (fk["parent_schema"], fk["parent_table"], fk["parent_columns"]) == ("crm", "customers", ["email"])
    extra = _relationship(saved, "sales.orders", "orders_customer_email_fk")
    assert (extra["parent_key"], extra["parent_key_name"]) == ("unique", "customers_email_key")
    assert extra["on_update"] == "CASCADE" and extra["on_delete"] is None


def test_a_key_to_a_partitioned_table_is_reported_once(synthetic: Found) -> None:
    _, loaded, _ = synthetic
    notes = [r for r in loaded["relationships"] if r["child_table"] == "event_notes"]
    # PostgreSQL keeps one clone of this key per partition of events: they are not relationships.
    assert [(r["name"], r["parent_table"], r["parent_columns"]) for r in notes] == [
        ("event_notes_event_fk", "events", ["id", "day"])
    ]
    events = _table(loaded, "sales", "events")
    assert [(p["name"], p["bound"]) for p in events["partitions"]] == [
        ("events_2024", "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"),
        ("events_other", "DEFAULT"),
    ]
    assert events["row_count"] == 100  # counted through the parent: both partitions


def test_types_enum_domain_array_json_tsvector(synthetic: Found) -> None:
    _, loaded, _ = synthetic
    columns = _columns(loaded, "crm", "customers")
    tier = columns["tier"]
    assert tier["data_type"] == "crm.tier"
    assert tier["type_details"]["enum_labels"] == ["bronze", "silver", "gold"]
    assert tier["default"] == "'bronze'::crm.tier"
    zip_code = columns["zip"]["type_details"]
    assert zip_code["domain"]["name"] == "crm.us_zip"
    assert zip_code["domain"]["base_type"] == "character varying(5)"
    assert zip_code["domain"]["constraints"][0]["name"] == "us_zip_digits"
    assert "^[0-9]{5}$" in zip_code["domain"]["constraints"][0]["definition"]
    assert (columns["tags"]["data_type"], columns["tags"]["type_details"]["element_type"]) == (
        "text[]",
        "text",
    )
    assert columns["tiers_seen"]["type_details"]["element_enum_labels"] == ["bronze", "silver", "gold"]
    assert (columns["profile"]["data_type"], columns["profile"]["type_details"]["family"]) == (
        "jsonb",
        "json",
    )
    assert (columns["search"]["data_type"], columns["search"]["type_details"]["family"]) == (
        "tsvector",
        "text_search",
    )
    assert columns["email_domain"]["type_details"]["generated"]["kind"] == "STORED"


def test_identity_and_serial_columns_name_their_sequences(synthetic: Found) -> None:
    _, loaded, _ = synthetic
    columns = _columns(loaded, "crm", "customers")
    assert columns["id"]["type_details"]["identity"] == {
        "generation": "ALWAYS",
        "sequence": "crm.customers_id_seq",
        "start": 100,
        "increment": 5,
        "cycle": False,
    }
    assert columns["legacy_no"]["type_details"]["serial"] == {"sequence": "crm.customers_legacy_no_seq"}
    assert columns["legacy_no"]["default"] == "nextval('crm.customers_legacy_no_seq'::regclass)"


def test_check_constraints_indexes_and_comments(synthetic: Found) -> None:
    _, loaded, _ = synthetic
    customers = _table(loaded, "crm", "customers")
    checks = {c["name"]: c["definition"] for c in customers["constraints"] if c["type"] == "check"}
    assert checks == {"credit_non_negative": "credit >= 0::numeric"}
    lines = _table(loaded, "sales", "order_lines")
    assert {c["name"]: c["definition"] for c in lines["constraints"] if c["type"] == "check"} == {
        "qty_positive": "qty > 0"
    }
    assert {"type": "unique", "name": "customers_email_key", "columns": ["email"]} in customers["constraints"]
    indexes = {i["name"]: i for i in customers["indexes"]}
    partial = indexes["customers_vip_email"]
    assert partial["predicate"] == "(tier <> 'bronze'::crm.tier)"
    assert partial["columns"] == ["lower(email)"] and partial["expressions"] == ["lower(email)"]
    assert (partial["unique"], partial["method"]) == (False, "btree")
    assert indexes["customers_search"]["method"] == "gin"
    assert customers["comment"] == "People who buy"
    assert _columns(loaded, "crm", "customers")["email"]["comment"] == "login e-mail"


def test_profile_keeps_personal_values_out(synthetic: Found) -> None:
    _, loaded, _ = synthetic
    columns = _columns(loaded, "crm", "customers")
    assert [v["value"] for v in columns["tier"]["stats"]["top_values"]] == ["bronze", "gold", "silver"]
    assert columns["tier"]["stats"]["top_values"][0] == {"value": "bronze", "count": 20, "fraction": 0.3333}
    email = columns["email"]
    assert email["inferred_type"] == "email"
    assert not {"min", "max", "top_values"} & set(email["stats"])
    assert email["stats"]["distinct_count"] == 60
    assert columns["zip"]["inferred_type"] == "postal_code" and "top_values" not in columns["zip"]["stats"]
    assert columns["credit"]["stats"]["min"] == "1.50"
