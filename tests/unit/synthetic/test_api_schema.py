"""api_schema: OpenAPI 3.0 / 3.1 and Swagger 2.0 specs read into the normalized schema of synthetic data."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from tdm_agents.synthetic.api_schema import (
    ApiSchema,
    api_schema_to_snapshot,
    entity_table_name,
    fetch_spec,
    load_spec,
    parse_document,
    snake_case,
)
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import normalize_snapshot

DATA = Path(__file__).parent / "data"
PETSTORE, INVENTORY, SHOP = "petstore_openapi3.json", "inventory_openapi31.yaml", "shop_swagger2.json"
VC = "character varying"
TSTZ = "timestamp with time zone"

# (name, data_type, nullable, primary key, semantic type), in column order.
Col = tuple[str, str, bool, bool, str | None]


def _pk(name: str, data_type: str) -> Col:
    return (name, data_type, False, True, None)


def _read(name: str) -> ApiSchema:
    return api_schema_to_snapshot(load_spec((DATA / name).read_bytes()))


@pytest.fixture(scope="module")
def results() -> dict[str, ApiSchema]:
    return {name: _read(name) for name in (PETSTORE, INVENTORY, SHOP)}


def _table(result: ApiSchema, name: str) -> dict[str, Any]:
    return next(t for t in result.snapshot["tables"] if t["name"] == name)


def _columns(result: ApiSchema, table: str) -> list[Col]:
    return [
        (c["name"], c["data_type"], c["nullable"], c["is_primary_key"], c["semantic_type"])
        for c in sorted(_table(result, table)["columns"], key=lambda c: c["ordinal_position"])
    ]


def _foreign_keys(result: ApiSchema) -> set[tuple[str, str, str, str]]:
    return {
        (r["child_table"], r["child_columns"][0], r["parent_table"], r["parent_columns"][0])
        for r in result.snapshot["relationships"]
    }


# --- expected schemas ----------------------------------------------------------------------------

PET_COLUMNS: list[Col] = [
    _pk("id", "bigint"),
    ("name", f"{VC}(100)", False, False, None),
    ("status", f"{VC}(9)", False, False, None),
    ("category_id", "integer", True, False, None),
    ("photo_urls", "jsonb", True, False, None),
    ("birth_date", "date", True, False, "date_of_birth"),
    ("weight", "numeric(5,2)", True, False, None),
]
LINK: list[Col] = [_pk("id", "bigint")]

EXPECTED_TABLES: dict[str, dict[str, list[Col]]] = {
    PETSTORE: {
        "category": [
            _pk("id", "integer"),
            ("name", f"{VC}(50)", False, False, None),
            ("parent_id", "integer", True, False, None),
        ],
        "employee": [
            _pk("id", "bigint"),
            ("full_name", "text", True, False, "person_name"),
            ("manager_id", "bigint", True, False, None),
        ],
        "employee_report": [
            *LINK,
            ("employee_id", "bigint", False, False, None),
            ("report_id", "bigint", False, False, None),
        ],
        "error": [
            _pk("id", "bigint"),
            ("code", "integer", False, False, None),
            ("message", "text", False, False, None),
        ],
        # allOf: NewPet's properties plus an id; both are tables.
        "new_pet": PET_COLUMNS,
        "new_pet_tag": [
            *LINK,
            ("new_pet_id", "bigint", False, False, None),
            ("tag_id", "bigint", False, False, None),
        ],
        "order": [
            _pk("id", "uuid"),
            ("pet_id", "bigint", False, False, None),  # int32 in the spec, aligned with pet.id
            ("quantity", "integer", False, False, "quantity"),
            ("ship_date", TSTZ, True, False, "timestamp"),
            ("status", f"{VC}(9)", True, False, None),  # an enum: no status semantic
            ("complete", "boolean", True, False, None),
            ("total", "double precision", True, False, "amount"),
            ("currency", f"{VC}(3)", True, False, "currency_code"),
            ("owner_id", "uuid", True, False, None),  # allOf: [$ref Owner] -> FK, owner's key type
        ],
        "order_item": [
            _pk("id", "bigint"),
            ("order_id", "uuid", False, False, None),
            ("sku", f"{VC}(20)", False, False, "sku"),
            ("qty", "integer", False, False, "quantity"),
            ("unit_price", "numeric(12,2)", True, False, "amount"),
        ],
        "owner": [
            _pk("owner_id", "uuid"),  # <entity>Id is the key
            ("first_name", f"{VC}(40)", True, False, "first_name"),
            ("last_name", f"{VC}(40)", True, False, "last_name"),
            ("email", f"{VC}(254)", False, False, "email"),
            ("phone_number", "text", True, False, "phone"),
            # The inline address is flattened; its required street is nullable since address is optional.
            ("address_street", "text", True, False, "address"),
            ("address_city", "text", True, False, "city"),
            ("address_postal_code", f"{VC}(10)", True, False, "postal_code"),
            ("address_country", f"{VC}(2)", True, False, "country_code"),
            ("address_geo_lat", "double precision", True, False, "latitude"),
            ("address_geo_lng", "double precision", True, False, "longitude"),
            ("website", "text", True, False, "url"),
            ("last_login_ip", f"{VC}(45)", True, False, "ip_address"),
            ("password", "text", True, False, "password"),
            ("preferences", "jsonb", True, False, None),
        ],
        "owner_pet": [
            *LINK,
            ("owner_id", "uuid", False, False, None),
            ("pet_id", "bigint", False, False, None),
        ],
        "patch_orders_request": [_pk("id", "bigint"), ("status", f"{VC}(9)", True, False, None)],
        "payment": [
            _pk("id", "bigint"),
            ("amount", "numeric(12,2)", False, False, "amount"),
            ("card_number", "text", True, False, "credit_card"),
            ("iban", f"{VC}(34)", True, False, "iban"),  # required in its oneOf branch only
        ],
        "pet": PET_COLUMNS,
        "pet_tag": [
            *LINK,
            ("pet_id", "bigint", False, False, None),
            ("tag_id", "bigint", False, False, None),
        ],
        "schedule_visit_request": [
            _pk("id", "bigint"),
            ("pet_id", "bigint", False, False, None),
            ("visit_date", "date", False, False, "date"),
            ("reason", f"{VC}(200)", True, False, None),
            ("vet_name", "text", True, False, None),
        ],
        "tag": [_pk("id", "bigint"), ("label", "text", True, False, None)],
    },
    INVENTORY: {
        "node": [
            _pk("id", "integer"),
            ("label", f"{VC}(80)", True, False, None),
            ("parent_id", "integer", True, False, None),
        ],
        "node_child": [
            *LINK,
            ("node_id", "integer", False, False, None),
            ("child_id", "integer", False, False, None),
        ],
        "post_products_request": [
            _pk("id", "bigint"),
            ("sku", f"{VC}(32)", False, False, "sku"),
            ("product_name", "text", True, False, "product_name"),
            ("warehouse_id", "uuid", True, False, None),
        ],
        "product": [
            _pk("id", "uuid"),
            ("sku", f"{VC}(32)", False, False, "sku"),
            ("name", "text", True, False, "product_name"),
            ("price", "numeric(12,2)", True, False, "amount"),
            ("warehouse_id", "uuid", False, False, None),  # the $ref and the required id: one column
            ("created_at", TSTZ, True, False, "timestamp"),
            ("flags", "text", True, False, None),
        ],
        "warehouse": [
            _pk("warehouse_id", "uuid"),
            ("name", "text", True, False, None),
            ("capacity", "bigint", True, False, None),
            ("temperature", "double precision", True, False, None),
            ("kind", f"{VC}(7)", True, False, None),
            ("region", "text", True, False, "state"),
        ],
        "warehouse_contact": [
            _pk("id", "bigint"),
            ("warehouse_id", "uuid", False, False, None),
            ("contact_name", "text", True, False, "person_name"),
            ("contact_email", f"{VC}(120)", True, False, "email"),
            ("phones", "jsonb", True, False, None),
        ],
    },
    SHOP: {
        "add_note_request": [
            _pk("id", "bigint"),
            ("text", f"{VC}(2000)", False, False, None),
            ("customer_id", "bigint", True, False, None),
        ],
        "address": [
            _pk("id", "bigint"),
            ("line1", "text", True, False, "address"),
            ("zip", "text", True, False, "postal_code"),
            ("country_code", f"{VC}(2)", True, False, "country_code"),
        ],
        "customer": [
            _pk("customer_id", "bigint"),
            ("name", f"{VC}(120)", True, False, "person_name"),
            ("email", f"{VC}(100)", False, False, "email"),
            ("mobile", "text", True, False, "phone"),
            ("date_of_birth", "date", True, False, "date_of_birth"),
            ("company_name", "text", True, False, "company"),
            ("billing_address_id", "bigint", True, False, None),
            ("vip", "boolean", True, False, None),
        ],
        "invoice": [
            _pk("id", "uuid"),
            ("customer_id", "bigint", False, False, None),  # a string in the spec
            ("total", "double precision", False, False, "amount"),
            ("currency", f"{VC}(3)", True, False, "currency_code"),
            ("status", "text", True, False, "status"),
            ("priority", "bigint", True, False, None),
        ],
        "invoice_item": [
            *LINK,
            ("invoice_id", "uuid", False, False, None),
            ("invoice_line_id", "integer", False, False, None),
        ],
        "invoice_line": [
            _pk("id", "integer"),
            ("description", "text", True, False, "description"),
            ("qty", "bigint", True, False, "quantity"),
            ("price", "numeric(13,3)", True, False, "amount"),
        ],
        # formData parameters: the fields of one form.
        "upload_document_request": [
            _pk("id", "bigint"),
            ("file", "text", False, False, None),
            ("title", f"{VC}(80)", True, False, None),
            ("customer_id", "bigint", False, False, None),
        ],
    },
}

EXPECTED_FOREIGN_KEYS: dict[str, set[tuple[str, str, str, str]]] = {
    PETSTORE: {
        ("category", "parent_id", "category", "id"),
        ("employee", "manager_id", "employee", "id"),
        ("employee_report", "employee_id", "employee", "id"),
        ("employee_report", "report_id", "employee", "id"),
        ("new_pet", "category_id", "category", "id"),
        ("new_pet_tag", "new_pet_id", "new_pet", "id"),
        ("new_pet_tag", "tag_id", "tag", "id"),
        ("order", "owner_id", "owner", "owner_id"),
        ("order", "pet_id", "pet", "id"),
        ("order_item", "order_id", "order", "id"),
        ("owner_pet", "owner_id", "owner", "owner_id"),
        ("owner_pet", "pet_id", "pet", "id"),
        ("pet", "category_id", "category", "id"),
        ("pet_tag", "pet_id", "pet", "id"),
        ("pet_tag", "tag_id", "tag", "id"),
        ("schedule_visit_request", "pet_id", "pet", "id"),
    },
    INVENTORY: {
        ("node", "parent_id", "node", "id"),
        ("node_child", "child_id", "node", "id"),
        ("node_child", "node_id", "node", "id"),
        ("post_products_request", "warehouse_id", "warehouse", "warehouse_id"),
        ("product", "warehouse_id", "warehouse", "warehouse_id"),
        ("warehouse_contact", "warehouse_id", "warehouse", "warehouse_id"),
    },
    SHOP: {
        ("add_note_request", "customer_id", "customer", "customer_id"),
        ("customer", "billing_address_id", "address", "id"),
        ("invoice", "customer_id", "customer", "customer_id"),
        ("invoice_item", "invoice_id", "invoice", "id"),
        ("invoice_item", "invoice_line_id", "invoice_line", "id"),
        ("upload_document_request", "customer_id", "customer", "customer_id"),
    },
}

# (spec, table, column, type_details without the family)
EXPECTED_DETAILS: list[tuple[str, str, str, dict[str, Any]]] = [
    (PETSTORE, "pet", "weight", {"minimum": 0.01, "maximum": 999.99}),  # exclusive 0 -> one cent
    (PETSTORE, "pet", "status", {"allowed_values": ["available", "pending", "sold"]}),
    (PETSTORE, "order", "quantity", {"minimum": 1, "maximum": 100, "format": "int32"}),
    (PETSTORE, "order", "currency", {"allowed_values": ["EUR", "USD", "GBP"]}),  # via a $ref'd enum
    (PETSTORE, "order", "owner_id", {"format": "uuid"}),  # the parent key's details
    (PETSTORE, "order_item", "qty", {"minimum": 1, "format": "int32"}),
    (PETSTORE, "owner", "email", {"format": "email"}),
    (PETSTORE, "owner", "phone_number", {"pattern": r"^\+[0-9]{8,15}$"}),
    (PETSTORE, "owner", "address_country", {"min_length": 2, "max_length": 2}),
    (PETSTORE, "owner", "last_login_ip", {"format": "ipv4"}),
    (PETSTORE, "tag", "label", {"min_length": 1}),
    (INVENTORY, "warehouse", "capacity", {"minimum": 1, "maximum": 9999}),  # 3.1 numeric exclusive bounds
    (INVENTORY, "warehouse", "temperature", {"minimum": -30.5}),
    (INVENTORY, "warehouse", "kind", {"allowed_values": ["central"]}),  # const
    (INVENTORY, "warehouse_contact", "contact_email", {"max_length": 120, "format": "email"}),
    (SHOP, "invoice", "priority", {"allowed_values": ["1", "2", "3"]}),
    (SHOP, "invoice", "currency", {"min_length": 3, "max_length": 3}),
    (SHOP, "invoice", "total", {"minimum": 0, "format": "double"}),
    (SHOP, "address", "country_code", {"allowed_values": ["DE", "FR", "US"]}),
]

EXPECTED_NOTES: list[tuple[str, str]] = [
    (PETSTORE, "components.schemas.PetList: an array schema, not an object: no table"),
    (PETSTORE, "components.schemas.Currency: a string schema, not an object: no table"),
    (PETSTORE, "components.schemas.Tag: an alias of another schema; same table tag"),
    (PETSTORE, "components.schemas.Error: no id property; surrogate primary key error.id bigint"),
    (PETSTORE, "components.schemas.Pet.photoUrls: array of values: jsonb column pet.photo_urls"),
    (
        PETSTORE,
        "components.schemas.Owner.preferences: object with no properties: jsonb column owner.preferences",
    ),
    (PETSTORE, "components.schemas.Payment: oneOf of 2 schemas: union of their properties, nullable"),
    (PETSTORE, "components.schemas.Order.items: array of objects: child table order_item with order_id"),
    (PETSTORE, "components.schemas.Employee.reports: array of employee: link table employee_report"),
    (PETSTORE, "components.schemas.Order: order.pet_id is integer in the spec; bigint like pet.id"),
    (INVENTORY, "components.schemas.Node.children: array of node: link table node_child"),
    (SHOP, "definitions.Invoice: invoice.customer_id is text in the spec; bigint like customer.customer_id"),
]


# --- the specs -----------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", [PETSTORE, INVENTORY, SHOP])
def test_the_tables_of_a_spec(results: dict[str, ApiSchema], spec: str) -> None:
    names = [t["name"] for t in results[spec].snapshot["tables"]]
    assert names == sorted(EXPECTED_TABLES[spec])


@pytest.mark.parametrize(
    ("spec", "table", "expected"),
    [(spec, table, cols) for spec, tables in EXPECTED_TABLES.items() for table, cols in tables.items()],
)
def test_the_columns_of_a_table(
    results: dict[str, ApiSchema], spec: str, table: str, expected: list[Col]
) -> None:
    assert _columns(results[spec], table) == expected


@pytest.mark.parametrize("spec", [PETSTORE, INVENTORY, SHOP])
def test_the_foreign_keys_of_a_spec(results: dict[str, ApiSchema], spec: str) -> None:
    assert _foreign_keys(results[spec]) == EXPECTED_FOREIGN_KEYS[spec]


@pytest.mark.parametrize(("spec", "table", "column", "details"), EXPECTED_DETAILS)
def test_the_type_details_of_a_column(
    results: dict[str, ApiSchema], spec: str, table: str, column: str, details: dict[str, Any]
) -> None:
    found = next(c for c in _table(results[spec], table)["columns"] if c["name"] == column)
    assert {k: v for k, v in found["type_details"].items() if k != "family"} == details
    assert found["origin"] == "api"


@pytest.mark.parametrize(("spec", "note"), EXPECTED_NOTES)
def test_what_was_skipped_or_decided_is_noted(results: dict[str, ApiSchema], spec: str, note: str) -> None:
    assert note in results[spec].notes


@pytest.mark.parametrize("spec", [PETSTORE, INVENTORY, SHOP])
def test_the_snapshot_is_valid_and_keys_are_consistent(results: dict[str, ApiSchema], spec: str) -> None:
    snapshot = normalize_snapshot(results[spec].snapshot)
    assert all(t.to_dict()["origin"] == "api" for t in snapshot.tables)
    for rel in snapshot.relationships:
        parent, child = snapshot.table(rel.parent_key), snapshot.table(rel.child_key)
        assert parent is not None and child is not None
        assert rel.parent_columns == parent.primary_key()
        parent_column, child_column = parent.column(rel.parent_columns[0]), child.column(rel.child_columns[0])
        assert parent_column is not None and child_column is not None
        assert child_column.data_type == parent_column.data_type
        if rel.parent_table == rel.child_table:  # a self-reference: the first row has no parent
            assert child_column.nullable
    for tbl in snapshot.tables:
        assert len(tbl.primary_key()) == 1
        assert all(not c.nullable for c in tbl.columns if c.is_primary_key)


def test_self_references_are_nullable(results: dict[str, ApiSchema]) -> None:
    for spec, table, column in [
        (PETSTORE, "category", "parent_id"),
        (PETSTORE, "employee", "manager_id"),
        (INVENTORY, "node", "parent_id"),
    ]:
        assert next(c for c in _columns(results[spec], table) if c[0] == column)[2] is True


def test_the_output_does_not_depend_on_the_order_of_schemas_and_paths() -> None:
    document = json.loads((DATA / PETSTORE).read_text())
    document["components"]["schemas"] = dict(reversed(document["components"]["schemas"].items()))
    document["paths"] = dict(reversed(document["paths"].items()))
    first, second = _read(PETSTORE), api_schema_to_snapshot(document)
    assert second.snapshot == first.snapshot
    assert sorted(second.notes) == sorted(first.notes)


def test_yaml_json_and_a_parsed_mapping_read_the_same() -> None:
    document = json.loads((DATA / PETSTORE).read_text())
    expected = _read(PETSTORE)
    assert api_schema_to_snapshot(load_spec(yaml.safe_dump(document, sort_keys=False))) == expected
    assert api_schema_to_snapshot(document) == expected  # a plain mapping is loaded first
    assert api_schema_to_snapshot(load_spec(load_spec(document))) == expected  # loading twice is harmless


# --- rules on small specs ------------------------------------------------------------------------


def _spec(schemas: dict[str, Any], paths: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {}, "paths": paths or {}, "components": {"schemas": schemas}}


@pytest.mark.parametrize(
    ("name", "snake", "table"),
    [
        ("firstName", "first_name", "first_name"),
        ("OrderItems", "order_items", "order_item"),
        ("userProfile", "user_profile", "user_profile"),
        ("HTTPResponse", "http_response", "http_response"),
        ("userID", "user_id", "user_id"),
        ("Categories", "categories", "category"),
        ("Addresses", "addresses", "address"),
        ("Boxes", "boxes", "box"),
        ("Status", "status", "status"),
        ("People", "people", "person"),
        ("order-line.v2", "order_line_v2", "order_line_v2"),
        ("2faSettings", "2fa_settings", "_2fa_setting"),
    ],
)
def test_names(name: str, snake: str, table: str) -> None:
    assert snake_case(name) == snake
    assert entity_table_name(name) == table


def test_composition_cycles_end() -> None:
    spec = _spec(
        {
            "A": {"allOf": [{"$ref": "#/components/schemas/B"}], "properties": {"a": {"type": "string"}}},
            "B": {"allOf": [{"$ref": "#/components/schemas/A"}], "properties": {"b": {"type": "integer"}}},
            "Tree": {
                "type": "object",
                "properties": {"id": {"type": "integer"}},
                "anyOf": [{"$ref": "#/components/schemas/Tree"}],
            },
        }
    )
    result = api_schema_to_snapshot(spec)
    assert [c[0] for c in _columns(result, "a")] == ["id", "b", "a"]
    assert [c[0] for c in _columns(result, "b")] == ["id", "a", "b"]
    assert [c[0] for c in _columns(result, "tree")] == ["id"]


def test_deep_inline_objects_end_as_jsonb() -> None:
    def nested(level: int) -> dict[str, Any]:
        if level == 0:
            return {"type": "string"}
        return {"type": "object", "properties": {f"l{level}": nested(level - 1)}}

    result = api_schema_to_snapshot(_spec({"Deep": nested(6)}))
    assert _columns(result, "deep") == [_pk("id", "bigint"), ("l6_l5_l4_l3", "jsonb", True, False, None)]
    assert (
        "components.schemas.Deep.l6.l5.l4.l3: object with properties nested deeper than 3 levels: "
        "jsonb column deep.l6_l5_l4_l3"
    ) in result.notes


def test_table_and_column_name_clashes_get_a_suffix() -> None:
    spec = _spec(
        {
            "OrderItem": {"type": "object", "properties": {"id": {"type": "integer"}}},
            "OrderItems": {
                "type": "object",
                "properties": {"firstName": {"type": "string"}, "first_name": {"type": "string"}},
            },
        }
    )
    result = api_schema_to_snapshot(spec)
    assert [t["name"] for t in result.snapshot["tables"]] == ["order_item", "order_item_2"]
    assert [c[0] for c in _columns(result, "order_item_2")] == ["id", "first_name", "first_name_2"]
    assert "components.schemas.OrderItems: table name order_item is taken; named order_item_2" in result.notes


def test_an_array_request_body_and_an_untyped_property() -> None:
    item = {"type": "object", "properties": {"ref": {"description": "anything"}, "on": {"type": "boolean"}}}
    body = {"content": {"application/json": {"schema": {"type": "array", "items": item}}}}
    spec = _spec({}, {"/batch": {"put": {"requestBody": body}}})  # no operationId: method and path
    result = api_schema_to_snapshot(spec)
    assert _columns(result, "put_batch_request") == [
        _pk("id", "bigint"),
        ("ref", "jsonb", True, False, None),
        ("on", "boolean", True, False, None),
    ]


def test_a_spec_without_object_schemas_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="defines no object schemas"):
        api_schema_to_snapshot(_spec({"Code": {"type": "string"}}))


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (b'{"openapi": ', "neither JSON nor YAML"),
        ("a: [1, 2", r"neither JSON nor YAML: expected ',' or '\]'.* at line 1, column 9"),
        (b"\xff\xfe\x00{", "not UTF-8"),
        ("   ", "is empty"),
        ("just some text", "must be an object .* not a str value"),
        ("- a\n- b\n", "must be an object .* not a list"),
        ({"info": {"title": "x"}}, "no 'openapi' or 'swagger' key"),
        ({"swaggerVersion": "1.2", "apis": []}, "unsupported Swagger version '1.2'"),
        ({"swagger": "1.2"}, "unsupported Swagger version '1.2'"),
        ({"openapi": "2.0"}, "unsupported OpenAPI version '2.0'"),
        ("openapi: 4.0.0\n", "unsupported OpenAPI version '4.0.0'"),
        (
            _spec({"A": {"properties": {"b": {"$ref": "#/components/schemas/Missing"}}}}),
            r"\$ref '#/components/schemas/Missing' cannot be resolved: nothing in the spec at that path",
        ),
        (_spec({"A": {"$ref": "#/components/schemas/A"}}), "refers to itself"),
        (
            _spec({"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}),
            r"a cycle of \$refs",
        ),
        ({"openapi": "3.1.0", "$ref": "#/x"}, r"root cannot be a \$ref"),
        (
            _spec({"A": {"$ref": "common.yaml#/Address"}}),
            r"\$ref 'common.yaml#/Address' points outside the spec",
        ),
        ("a: &a [*a]\n", "contains itself"),
        (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n"
                for p, n in zip("abcdefg", "bcdefgh", strict=True)
            ),
            "too large",
        ),
    ],
)
def test_bad_specs_are_refused_with_a_reason(source: Any, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        load_spec(source)


def test_swagger_2_unquoted_version_in_yaml_is_accepted() -> None:
    spec = load_spec("swagger: 2.0\ndefinitions:\n  Thing:\n    properties:\n      id: {type: integer}\n")
    assert _columns(api_schema_to_snapshot(spec), "thing") == [_pk("id", "bigint")]


# --- fetching ------------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, bytes] = {}
        self.requests: list[tuple[str, str | None]] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.requests.append((self.path, self.headers.get("Authorization")))
        if self.path == "/slow":
            time.sleep(1.0)  # the client has given up: nothing to answer
            return
        if self.path in ("/to-ftp", "/hop"):
            self.send_response(302)
            self.send_header(
                "Location", "ftp://127.0.0.1/spec.json" if self.path == "/to-ftp" else "/petstore.json"
            )
            self.end_headers()
            return
        body = self.server.routes.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[_Server]:
    httpd = _Server()
    httpd.routes["/petstore.json"] = (DATA / PETSTORE).read_bytes()
    httpd.routes["/schemas.json"] = json.dumps(
        {
            "Address": {
                "type": "object",
                "properties": {"street": {"type": "string"}, "city": {"type": "string"}},
            }
        }
    ).encode()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_fetch_spec_reads_a_served_spec(server: _Server) -> None:
    body = fetch_spec(f"{server.base}/petstore.json")
    assert body == (DATA / PETSTORE).read_bytes()
    assert api_schema_to_snapshot(load_spec(body, base_url=f"{server.base}/petstore.json")) == _read(PETSTORE)


def test_fetch_spec_sends_url_credentials_but_never_shows_them(server: _Server) -> None:
    with pytest.raises(InvalidInputError, match="HTTP 404") as caught:
        fetch_spec(f"http://alice:s3cret@127.0.0.1:{server.server_address[1]}/missing?token=abc")
    assert "s3cret" not in caught.value.detail and "alice" not in caught.value.detail
    assert "abc" not in caught.value.detail
    assert caught.value.detail.endswith(
        f"http://127.0.0.1:{server.server_address[1]}/missing: HTTP 404 Not Found"
    )
    assert server.requests == [("/missing?token=abc", "Basic " + base64.b64encode(b"alice:s3cret").decode())]


def test_fetch_spec_keeps_credentials_off_redirects(server: _Server) -> None:
    assert fetch_spec(f"http://alice:s3cret@127.0.0.1:{server.server_address[1]}/hop").startswith(b"{")
    assert [auth is not None for _, auth in server.requests] == [True, False]


@pytest.mark.parametrize(
    ("path", "kwargs", "message"),
    [
        ("/petstore.json", {"max_bytes": 100}, "larger than 100 bytes"),
        ("/slow", {"timeout": 0.2}, "timed out after 0.2s"),
        ("/to-ftp", {}, "redirects to a non-http"),
    ],
)
def test_fetch_spec_limits(server: _Server, path: str, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        fetch_spec(f"{server.base}{path}", **kwargs)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/spec.json", "http:///nohost", "http://host:99999/x"]
)
def test_fetch_spec_takes_http_urls_only(url: str) -> None:
    with pytest.raises(InvalidInputError, match="URL"):
        fetch_spec(url)


def test_fetch_spec_reports_a_refused_connection() -> None:
    probe = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = probe.server_address[1]
    probe.server_close()  # nothing listens there any more
    with pytest.raises(InvalidInputError, match="could not fetch the API spec"):
        fetch_spec(f"http://127.0.0.1:{port}/spec.json", timeout=2)


def test_remote_refs_are_not_fetched_without_a_loader(server: _Server) -> None:
    spec = _spec({"Remote": {"$ref": f"{server.base}/schemas.json#/Address"}})
    with pytest.raises(
        InvalidInputError, match="points outside the spec: external references are not fetched"
    ):
        load_spec(spec)
    assert server.requests == []


def test_remote_refs_are_fetched_with_a_loader(server: _Server) -> None:
    spec = _spec({"Remote": {"$ref": "schemas.json#/Address"}})  # relative to base_url

    def loader(uri: str) -> Any:
        return parse_document(fetch_spec(uri))

    result = api_schema_to_snapshot(load_spec(spec, base_url=f"{server.base}/spec.json", loader=loader))
    assert _columns(result, "remote") == [
        _pk("id", "bigint"),
        ("street", "text", True, False, "address"),
        ("city", "text", True, False, "city"),
    ]
    assert [path for path, _ in server.requests] == ["/schemas.json"]
