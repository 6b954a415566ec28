"""SDV / SDMetrics metadata from a schema snapshot (a small Chinook built here)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tdm_agents.synthetic.sdv_metadata import (
    build_sdv_metadata,
    resolve_tables,
    sdv_metadata_dict,
    sdv_metadata_notes,
)
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import SchemaSnapshot, normalize_snapshot


def col(
    name: str,
    data_type: str,
    *,
    pk: bool = False,
    inferred: str | None = None,
    distinct: int | None = None,
    ratio: float | None = None,
    nullable: bool = True,
) -> dict[str, Any]:
    stats = None if distinct is None else {"distinct_count": distinct, "distinct_ratio": ratio or 1.0}
    return {
        "name": name,
        "data_type": data_type,
        "inferred_type": inferred,
        "nullable": nullable and not pk,
        "is_primary_key": pk,
        "stats": stats,
    }


def tbl(name: str, columns: list[dict[str, Any]], schema: str = "public") -> dict[str, Any]:
    pk = [c["name"] for c in columns if c["is_primary_key"]]
    return {
        "schema": schema,
        "name": name,
        "constraints": [{"type": "primary_key", "name": f"{name}_pkey", "columns": pk}] if pk else [],
        "columns": columns,
    }


def fk(child: str, child_columns: list[str], parent: str, parent_columns: list[str]) -> dict[str, Any]:
    return {
        "name": f"{child}_{'_'.join(child_columns)}_fkey",
        "parent_table": parent,
        "parent_columns": parent_columns,
        "child_table": child,
        "child_columns": child_columns,
    }


CHINOOK: dict[str, Any] = {
    "tables": [
        tbl("artist", [col("artist_id", "integer", pk=True), col("name", "character varying(120)")]),
        tbl(
            "album",
            [
                col("album_id", "integer", pk=True),
                col("title", "character varying(160)", inferred="text", distinct=347, ratio=1.0),
                col("artist_id", "integer", inferred="identifier"),
            ],
        ),
        tbl(
            "employee",
            [
                col("employee_id", "integer", pk=True),
                col("last_name", "character varying(20)", inferred="last_name"),
                col("title", "character varying(30)", distinct=5, ratio=0.625),
                col("reports_to", "integer"),
                col("birth_date", "timestamp without time zone", inferred="date_of_birth"),
                col("hire_date", "date"),
            ],
        ),
        tbl(
            "customer",
            [
                col("customer_id", "integer", pk=True),
                col("first_name", "character varying(40)", inferred="first_name"),
                col("last_name", "character varying(20)", inferred="last_name"),
                col("company", "character varying(80)", inferred="text", distinct=500, ratio=0.9),
                col("address", "character varying(70)", inferred="address"),
                col("city", "character varying(40)", inferred="city", distinct=53, ratio=0.9),
                col("country", "character varying(40)", distinct=24, ratio=0.41),
                col("postal_code", "character varying(10)", inferred="postal_code"),
                col("phone", "character varying(24)", inferred="phone"),
                col("email", "character varying(60)", inferred="email", distinct=59, ratio=1.0),
                col("support_rep_id", "integer", inferred="identifier"),
                col("active", "boolean"),
            ],
        ),
        tbl(
            "invoice",
            [
                col("invoice_id", "integer", pk=True),
                col("customer_id", "integer", inferred="identifier", nullable=False),
                col("invoice_date", "timestamp with time zone"),
                col("billing_country", "character varying(40)", distinct=24, ratio=0.06),
                col("total", "numeric(10,2)", inferred="amount", distinct=23, ratio=0.05),
            ],
        ),
        tbl(
            "invoice_line",
            [
                col("invoice_line_id", "integer", pk=True),
                col("invoice_id", "integer"),
                col("track_id", "integer"),
                col("unit_price", "numeric(10,2)", distinct=2, ratio=0.001),
                col("quantity", "integer"),
            ],
        ),
        tbl("track", [col("track_id", "integer", pk=True), col("name", "character varying(200)")]),
        tbl("playlist", [col("playlist_id", "integer", pk=True), col("name", "character varying(120)")]),
        tbl("playlist_track", [col("playlist_id", "integer", pk=True), col("track_id", "integer", pk=True)]),
        tbl("code", [col("code", "character(4)", pk=True), col("ref", "uuid")], schema="ref"),
    ],
    "relationships": [
        fk("album", ["artist_id"], "artist", ["artist_id"]),
        fk("customer", ["support_rep_id"], "employee", ["employee_id"]),
        fk("employee", ["reports_to"], "employee", ["employee_id"]),
        fk("invoice", ["customer_id"], "customer", ["customer_id"]),
        fk("invoice_line", ["invoice_id"], "invoice", ["invoice_id"]),
        fk("invoice_line", ["track_id"], "track", ["track_id"]),
        fk("playlist_track", ["playlist_id"], "playlist", ["playlist_id"]),
        fk("playlist_track", ["track_id"], "track", ["track_id"]),
    ],
}


@pytest.fixture
def chinook() -> SchemaSnapshot:
    return normalize_snapshot(CHINOOK)


def sdtypes(metadata: dict[str, Any], table: str) -> dict[str, str]:
    return {name: meta["sdtype"] for name, meta in metadata["tables"][table]["columns"].items()}


def test_format_and_sdtypes(chinook: SchemaSnapshot) -> None:
    metadata = sdv_metadata_dict(chinook, ["customer", "invoice"])
    assert metadata["METADATA_SPEC_VERSION"] == "V1"
    assert list(metadata["tables"]) == ["customer", "invoice"]
    customer = metadata["tables"]["customer"]
    assert customer["primary_key"] == "customer_id"
    assert sdtypes(metadata, "customer") == {
        "customer_id": "id",
        "first_name": "first_name",
        "last_name": "last_name",
        "company": "unknown",  # free text, high cardinality: placeholders
        "address": "street_address",
        "city": "categorical",
        "country": "categorical",  # low cardinality from the stats
        "postal_code": "postcode",
        "phone": "phone_number",
        "email": "email",
        "support_rep_id": "id",  # a foreign key, though its parent is not among the tables
        "active": "boolean",
    }
    columns = customer["columns"]
    for pii in ("first_name", "last_name", "company", "address", "postal_code", "phone", "email"):
        assert columns[pii]["pii"] is True, pii
    assert "pii" not in columns["country"] and "pii" not in columns["customer_id"]
    assert sdtypes(metadata, "invoice") == {
        "invoice_id": "id",
        "customer_id": "id",
        "invoice_date": "datetime",
        "billing_country": "categorical",
        "total": "numerical",
    }
    assert "datetime_format" not in metadata["tables"]["invoice"]["columns"]["invoice_date"]
    json.dumps(metadata)  # plain JSON, as SDV saves it


def test_dates_low_cardinality_numbers_and_keys(chinook: SchemaSnapshot) -> None:
    metadata = sdv_metadata_dict(chinook, ["employee", "invoice_line", "ref.code"])
    employee = metadata["tables"]["employee"]["columns"]
    assert employee["hire_date"] == {"sdtype": "datetime", "datetime_format": "%Y-%m-%d"}
    assert employee["birth_date"] == {"sdtype": "datetime"}  # a date of birth typed as a timestamp
    assert employee["title"] == {"sdtype": "categorical"}
    assert employee["reports_to"] == {"sdtype": "id"}  # self reference: still a key column
    lines = sdtypes(metadata, "invoice_line")
    assert lines["unit_price"] == "categorical"  # two prices: categories, not a smeared distribution
    assert lines["quantity"] == "numerical"  # no stats: a number is numerical
    assert lines["track_id"] == "id"
    code = metadata["tables"]["ref.code"]
    assert code["primary_key"] == "code"
    assert code["columns"]["code"] == {"sdtype": "id", "regex_format": "[a-z0-9]{4}"}  # fits character(4)
    assert code["columns"]["ref"]["sdtype"] == "id" and "regex_format" in code["columns"]["ref"]


def test_semantic_map_overrides_the_inferred_types(chinook: SchemaSnapshot) -> None:
    semantic = {
        ("customer", "company"): "company",
        ("public.customer", "email"): "none",  # reviewed: not personal
        ("customer", "country"): "other",  # personal after all: no real values
        ("customer", "city"): "person_name",
    }
    columns = sdv_metadata_dict(chinook, ["customer"], semantic=semantic)["tables"]["customer"]["columns"]
    assert columns["company"] == {"sdtype": "company", "pii": True}
    assert columns["email"] == {"sdtype": "unknown", "pii": True}  # 59 distinct of 59: not categorical
    assert columns["country"] == {"sdtype": "unknown", "pii": True}
    assert columns["city"] == {"sdtype": "name", "pii": True}


def test_relationships_only_between_given_tables(chinook: SchemaSnapshot) -> None:
    metadata = sdv_metadata_dict(chinook, ["customer", "invoice", "invoice_line"])
    assert metadata["relationships"] == [
        {
            "parent_table_name": "customer",
            "parent_primary_key": "customer_id",
            "child_table_name": "invoice",
            "child_foreign_key": "customer_id",
        },
        {
            "parent_table_name": "invoice",
            "parent_primary_key": "invoice_id",
            "child_table_name": "invoice_line",
            "child_foreign_key": "invoice_id",
        },
    ]
    assert sdv_metadata_dict(chinook, ["artist", "customer"])["relationships"] == []


def test_composite_primary_key_and_self_reference(chinook: SchemaSnapshot) -> None:
    build = build_sdv_metadata(chinook, ["playlist", "playlist_track", "track", "employee"])
    playlist_track = build.metadata["tables"]["playlist_track"]
    assert "primary_key" not in playlist_track  # SDV keys have one column
    assert sdtypes(build.metadata, "playlist_track") == {"playlist_id": "id", "track_id": "id"}
    assert {(r["parent_table_name"], r["child_table_name"]) for r in build.metadata["relationships"]} == {
        ("playlist", "playlist_track"),
        ("track", "playlist_track"),
    }
    assert any("playlist_track" in note and "primary key" in note for note in build.notes)
    assert any("employee_reports_to_fkey" in note and "self reference" in note for note in build.notes)
    assert [r.name for r in build.skipped] == ["employee_reports_to_fkey"]


def test_composite_foreign_key_is_not_a_relationship() -> None:
    snapshot = normalize_snapshot(
        {
            "tables": [
                tbl("orders", [col("region", "text", pk=True), col("number", "integer", pk=True)]),
                tbl(
                    "order_line",
                    [col("line_id", "bigint", pk=True), col("region", "text"), col("number", "integer")],
                ),
            ],
            "relationships": [fk("order_line", ["region", "number"], "orders", ["region", "number"])],
        }
    )
    build = build_sdv_metadata(snapshot, ["orders", "order_line"])
    assert build.metadata["relationships"] == []
    assert sdtypes(build.metadata, "order_line") == {"line_id": "id", "region": "id", "number": "id"}
    notes = sdv_metadata_notes(snapshot, ["orders", "order_line"])
    assert any("composite foreign key" in note for note in notes)


def test_table_names_resolve_qualified_or_bare(chinook: SchemaSnapshot) -> None:
    assert resolve_tables(chinook, ["public.customer"])["public.customer"].name == "customer"
    assert resolve_tables(chinook, ["code"])["code"].key == ("ref", "code")  # bare, one schema has it
    with pytest.raises(InvalidInputError, match="nope"):
        sdv_metadata_dict(chinook, ["nope"])
    with pytest.raises(InvalidInputError, match="twice"):
        sdv_metadata_dict(chinook, ["customer", "public.customer"])


def test_sdv_accepts_the_metadata(chinook: SchemaSnapshot) -> None:
    sdv_metadata = pytest.importorskip("sdv.metadata")
    names = ["artist", "album", "customer", "invoice", "invoice_line", "track", "playlist", "playlist_track"]
    metadata = sdv_metadata_dict(chinook, [*names, "employee", "ref.code"])
    sdv_metadata.Metadata.load_from_dict(metadata).validate()
