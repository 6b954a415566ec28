"""Schema merging: names across conventions, DB > API > UI > pack, conflicts, relationships."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from tdm_agents.synthetic.domain_packs import load_pack
from tdm_agents.synthetic.schema import Origin, column, relationship, table
from tdm_agents.synthetic.schema_merger import (
    MergeResult,
    merge_schemas,
    singular,
    singular_name,
    snake_case,
)
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import normalize_snapshot

# --- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "snake"),
    [
        ("first_name", "first_name"),
        ("firstName", "first_name"),
        ("FirstName", "first_name"),
        ("FIRST_NAME", "first_name"),
        ("first-name", "first_name"),
        ("First Name", "first_name"),
        ("OrderItems", "order_items"),
        ("customerID", "customer_id"),
        ("customerIDs", "customer_ids"),
        ("HTTPStatus", "http_status"),
        ("URLs", "urls"),
        ("address2Line", "address2_line"),
        ("line1", "line1"),
    ],
)
def test_snake_case(name: str, snake: str) -> None:
    assert snake_case(name) == snake


@pytest.mark.parametrize(
    ("plural", "single"),
    [
        ("customers", "customer"),
        ("customer", "customer"),
        ("categories", "category"),
        ("category", "category"),
        ("addresses", "address"),
        ("address", "address"),
        ("statuses", "status"),
        ("status", "status"),
        ("boxes", "box"),
        ("matches", "match"),
        ("wishes", "wish"),
        ("classes", "class"),
        ("buses", "bus"),
        ("houses", "house"),
        ("warehouses", "warehouse"),
        ("courses", "course"),
        ("caches", "cache"),
        ("movies", "movie"),
        ("cookies", "cookie"),
        ("people", "person"),
        ("children", "child"),
        ("analyses", "analysis"),
        ("analysis", "analysis"),
        ("indices", "index"),
        ("prices", "price"),
        ("invoices", "invoice"),
        ("quizzes", "quiz"),
        ("leaves", "leaf"),
        ("archives", "archive"),
        ("data", "data"),
        ("series", "series"),
        ("news", "news"),
        ("sms", "sms"),
        ("payments", "payment"),
        ("photos", "photo"),
        ("heroes", "hero"),
        ("previous", "previous"),
    ],
)
def test_singular(plural: str, single: str) -> None:
    assert singular(plural) == single


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("OrderItems", "order_item"),
        ("order_items", "order_item"),
        ("orderItem", "order_item"),
        ("Customers", "customer"),
        ("order_statuses", "order_status"),
        ("ProductCategories", "product_category"),
        ("urls", "url"),
    ],
)
def test_singular_name(name: str, key: str) -> None:
    assert singular_name(name) == key


# --- helpers -------------------------------------------------------------------------------------


def col(name: str, data_type: str = "text", origin: Origin = "db", **kwargs: Any) -> dict[str, Any]:
    return {"name": name, "data_type": data_type, "origin": origin, **kwargs}


def snap(
    origin: Origin, tables: dict[str, list[dict[str, Any]]], rels: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """A snapshot of `tables` (name -> column specs); `pk=True` in a spec marks the primary key."""
    built = []
    for name, specs in tables.items():
        columns = []
        for position, given in enumerate(specs, start=1):
            spec = dict(given)
            columns.append(
                column(
                    spec.pop("name"),
                    spec.pop("data_type"),
                    position=position,
                    origin=spec.pop("origin"),
                    primary_key=spec.pop("pk", False),
                    nullable=spec.pop("nullable", True),
                    **spec,
                )
            )
        built.append(table(name, columns, origin=origin))
    return {"tables": built, "relationships": rels or []}


def merged_table(result: MergeResult, name: str) -> dict[str, Any]:
    return next(t for t in result.snapshot["tables"] if t["name"] == name)


def merged_column(result: MergeResult, table_name: str, column_name: str) -> dict[str, Any]:
    return next(c for c in merged_table(result, table_name)["columns"] if c["name"] == column_name)


def entity_match(result: MergeResult, origin: str, source_entity: str) -> tuple[str, str]:
    match = next(
        m
        for m in result.matches
        if m.origin == origin and m.source_entity == source_entity and m.source_attribute is None
    )
    return match.entity, match.how


def attribute_match(
    result: MergeResult, origin: str, source_entity: str, attribute: str
) -> tuple[str | None, str]:
    match = next(
        m
        for m in result.matches
        if m.origin == origin and m.source_entity == source_entity and m.source_attribute == attribute
    )
    return match.attribute, match.how


DB = snap(
    "db",
    {
        "customer": [
            col("id", "integer", pk=True, nullable=False),
            col("first_name", "character varying(50)", nullable=False),
            col("email", "text"),
            col("status", "character varying(10)", nullable=False),
        ],
        "order_item": [
            col("id", "bigint", pk=True, nullable=False),
            col("customer_id", "integer"),
            col("quantity", "integer", nullable=False),
        ],
    },
    [relationship("order_item", ["customer_id"], "customer", ["id"])],
)


# --- entity and attribute matching ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("api_name", "merged", "how"),
    [
        ("customer", "customer", "exact"),
        ("Customer", "customer", "case"),
        ("CUSTOMER", "customer", "case"),
        ("customers", "customer", "plural"),
        ("Customers", "customer", "plural"),
        ("OrderItem", "order_item", "convention"),
        ("orderItem", "order_item", "convention"),
        ("OrderItems", "order_item", "plural"),
        ("order_items", "order_item", "plural"),
        ("registration", "registration", "new"),
        ("signup", "signup", "new"),
        ("orderitem", "orderitem", "new"),
    ],
)
def test_entity_names_match_across_conventions(api_name: str, merged: str, how: str) -> None:
    api = snap("api", {api_name: [col("id", "integer", origin="api", pk=True, nullable=False)]})
    result = merge_schemas([("db", DB), ("api", api)])
    assert entity_match(result, "api", api_name) == (merged, how)
    names = [t["name"] for t in result.snapshot["tables"]]
    assert names == (["customer", "order_item"] if how != "new" else ["customer", "order_item", api_name])


@pytest.mark.parametrize(
    ("api_name", "merged", "how"),
    [
        ("first_name", "first_name", "exact"),
        ("FIRST_NAME", "first_name", "case"),
        ("firstName", "first_name", "convention"),
        ("FirstName", "first_name", "convention"),
        ("first-name", "first_name", "convention"),
        ("emails", "email", "plural"),
        ("nickname", None, "unmatched"),
    ],
)
def test_attribute_names_match_across_conventions(api_name: str, merged: str | None, how: str) -> None:
    api = snap("api", {"Customer": [col(api_name, "text", origin="api")]})
    result = merge_schemas([("api", api), ("db", DB)])
    assert attribute_match(result, "api", "Customer", api_name) == (merged, how)


def test_a_registration_form_does_not_become_the_customer_table() -> None:
    ui = snap(
        "ui",
        {
            "registration": [
                col("firstName", "text", origin="ui"),
                col("email", "text", origin="ui", semantic_type="email"),
            ]
        },
    )
    result = merge_schemas([("db", DB), ("ui", ui)])
    assert entity_match(result, "ui", "registration") == ("registration", "new")
    assert [c["name"] for c in merged_table(result, "customer")["columns"]] == [
        "id",
        "first_name",
        "email",
        "status",
    ]
    assert merged_column(result, "customer", "email").get("semantic_type") is None
    registration = merged_table(result, "registration")
    assert registration["origin"] == "ui"
    assert [c["name"] for c in registration["columns"]] == ["firstName", "email"]


def test_exact_names_win_over_looser_matches() -> None:
    # "customers" would match "customer" as a plural, but the exact "customer" takes it first.
    api = snap(
        "api",
        {
            "customers": [col("id", "integer", origin="api")],
            "customer": [col("id", "integer", origin="api")],
        },
    )
    result = merge_schemas([("db", DB), ("api", api)])
    assert entity_match(result, "api", "customer") == ("customer", "exact")
    assert entity_match(result, "api", "customers") == ("customers", "new")
    normalize_snapshot(result.snapshot)


def test_a_table_is_preferred_to_a_view_and_the_default_schema_to_others() -> None:
    db = snap("db", {"customer": [col("id", "integer", pk=True, nullable=False)]})
    db["tables"].insert(0, {**db["tables"][0], "schema": "archive"})
    view = {**db["tables"][0], "name": "customers", "kind": "view"}
    db["tables"].append(view)
    api = snap("api", {"Customer": [col("id", "integer", origin="api")]})
    result = merge_schemas([("db", db), ("api", api)])
    assert entity_match(result, "api", "Customer") == ("customer", "case")


def test_id_alias_matches_a_pack_id_with_a_db_entity_id() -> None:
    db = snap("db", {"customer": [col("customer_id", "integer", pk=True, nullable=False), col("email")]})
    pack = snap("pack", {"customer": [col("id", "bigint", origin="pack", pk=True, nullable=False)]})
    result = merge_schemas([("db", db), ("pack", pack)])
    assert attribute_match(result, "pack", "customer", "id") == ("customer_id", "id_alias")


# --- priority and conflicts ----------------------------------------------------------------------

API = snap(
    "api",
    {
        "Customers": [
            col("id", "integer", origin="api", pk=True, nullable=False),
            col("firstName", "character varying(80)", origin="api", nullable=False),
            col("email", "character varying(100)", origin="api", nullable=False, value_format="email"),
            col(
                "status",
                "character varying(10)",
                origin="api",
                nullable=False,
                allowed_values=["active", "closed"],
            ),
            col("loyaltyTier", "character varying(10)", origin="api", allowed_values=["gold", "silver"]),
        ]
    },
)
UI = snap(
    "ui",
    {
        "customer": [
            col(
                "first_name", "character varying(50)", origin="ui", nullable=False, semantic_type="first_name"
            ),
            col("email", "character varying(50)", origin="ui", nullable=False, semantic_type="email"),
            col("status", "text", origin="ui", nullable=False, allowed_values=["active", "closed", "banned"]),
            col("newsletter", "boolean", origin="ui"),
        ]
    },
)


def conflicts_of(result: MergeResult) -> set[tuple[str, str | None, str, str, Any, str, Any]]:
    return {
        (c.entity, c.attribute, c.field, c.kept.origin, c.kept.value, c.dropped.origin, c.dropped.value)
        for c in result.conflicts
        if not isinstance(c.kept.value, list)
    }


def test_db_wins_over_api_and_ui_and_conflicts_are_listed() -> None:
    result = merge_schemas([("ui", UI), ("api", API), ("db", DB)])
    email = merged_column(result, "customer", "email")
    # The database's type and nullability stand.
    assert email["data_type"] == "text"
    assert email["nullable"] is True
    assert email["origin"] == "db"
    # What the database lacks is added: the API's max length and format, the UI's semantic type.
    assert email["type_details"]["max_length"] == 100
    assert email["type_details"]["format"] == "email"
    assert email["semantic_type"] == "email"
    assert conflicts_of(result) == {
        (
            "customer",
            "first_name",
            "data_type",
            "db",
            "character varying(50)",
            "api",
            "character varying(80)",
        ),
        ("customer", "email", "data_type", "db", "text", "api", "character varying(100)"),
        ("customer", "email", "nullable", "db", True, "api", False),
        ("customer", "email", "data_type", "db", "text", "ui", "character varying(50)"),
        ("customer", "email", "nullable", "db", True, "ui", False),
        # The UI's 50 loses to the 100 the API added: the conflict says who the kept value is from.
        ("customer", "email", "max_length", "api", 100, "ui", 50),
        ("customer", "status", "data_type", "db", "character varying(10)", "ui", "text"),
    }
    status = next(c for c in result.conflicts if c.field == "allowed_values")
    assert (status.attribute, status.kept.origin, status.dropped.origin) == ("status", "api", "ui")
    assert status.kept.value == ["active", "closed"]
    assert status.dropped.value == ["active", "closed", "banned"]
    first = attribute_match(result, "api", "Customers", "firstName")
    assert first == ("first_name", "convention")
    added = next(m for m in result.matches if m.origin == "api" and m.source_attribute == "email").added
    assert added == ["max_length", "format"]


def test_a_db_table_keeps_its_columns() -> None:
    result = merge_schemas([("db", DB), ("api", API), ("ui", UI)])
    customer = merged_table(result, "customer")
    db_customer = normalize_snapshot(DB).to_dict()["tables"][0]
    assert [
        (c["name"], c["data_type"], c["nullable"], c["ordinal_position"]) for c in customer["columns"]
    ] == [(c["name"], c["data_type"], c["nullable"], c["ordinal_position"]) for c in db_customer["columns"]]
    assert customer["name"] == "customer" and customer["origin"] == "db"
    not_added = {(n.origin, n.attribute) for n in result.notes if n.kind == "attribute_not_added"}
    assert not_added == {("api", "loyaltyTier"), ("ui", "newsletter")}
    assert attribute_match(result, "ui", "customer", "newsletter") == (None, "unmatched")


def test_lower_sources_add_columns_to_a_table_that_is_not_from_the_db() -> None:
    result = merge_schemas([("ui", UI), ("api", API)])
    customers = merged_table(result, "Customers")
    assert customers["origin"] == "api"
    assert [(c["name"], c["ordinal_position"], c["origin"]) for c in customers["columns"]] == [
        ("id", 1, "api"),
        ("firstName", 2, "api"),
        ("email", 3, "api"),
        ("status", 4, "api"),
        ("loyaltyTier", 5, "api"),
        ("newsletter", 6, "ui"),
    ]
    newsletter = customers["columns"][-1]
    assert newsletter["nullable"] is True and newsletter["is_primary_key"] is False
    email = merged_column(result, "Customers", "email")
    assert email["data_type"] == "character varying(100)"
    assert email["nullable"] is False
    assert email["semantic_type"] == "email"
    assert entity_match(result, "ui", "customer") == ("Customers", "plural")


def test_an_added_column_is_nullable_and_no_key_whatever_its_source_said() -> None:
    api = snap("api", {"Customer": [col("id", "integer", origin="api", pk=True, nullable=False)]})
    pack = snap(
        "pack",
        {
            "customer": [
                col("id", "integer", origin="pack", pk=True, nullable=False),
                col("code", "text", origin="pack", pk=True, nullable=False),
            ]
        },
    )
    result = merge_schemas([("api", api), ("pack", pack)])
    code = merged_column(result, "Customer", "code")
    assert (code["nullable"], code["is_primary_key"], code["ordinal_position"]) == (True, False, 2)
    assert normalize_snapshot(result.snapshot).tables[0].primary_key() == ["id"]


def test_lower_sources_never_change_a_db_type_but_add_what_it_lacks() -> None:
    pack = load_pack("ecommerce").to_snapshot()
    db = snap(
        "db",
        {"customer": [col("id", "bigint", pk=True, nullable=False), col("status", "text", nullable=False)]},
    )
    result = merge_schemas([("pack", pack), ("db", db)])
    status = merged_column(result, "customer", "status")
    assert status["data_type"] == "text"
    assert status["type_details"]["allowed_values"] == ["active", "inactive", "suspended"]
    assert status["type_details"]["weights"] == [0.85, 0.12, 0.03]
    assert status["type_details"]["max_length"] == 16
    assert status["semantic_type"] == "status"
    assert merged_table(result, "customer")["default_row_count"] == 1000
    entity = next(
        m
        for m in result.matches
        if m.origin == "pack" and m.source_entity == "customer" and m.source_attribute is None
    )
    assert entity.added == ["default_row_count"]
    # The pack's character varying(16) is a type conflict (text stands); its values are not.
    assert [(c.field, c.kept.value) for c in result.conflicts if c.attribute == "status"] == [
        ("data_type", "text")
    ]


def test_weights_follow_only_their_own_allowed_values() -> None:
    api = snap("api", {"customer": [col("status", "text", origin="api", allowed_values=["a", "b"])]})
    pack = snap("pack", {"customer": [col("status", "text", origin="pack", allowed_values=["x", "y"])]})
    pack["tables"][0]["columns"][0]["type_details"]["weights"] = [0.5, 0.5]
    result = merge_schemas([("api", api), ("pack", pack)])
    details = merged_column(result, "customer", "status")["type_details"]
    assert details["allowed_values"] == ["a", "b"] and "weights" not in details
    assert [c.field for c in result.conflicts] == ["allowed_values"]


def test_key_flag_difference_is_a_conflict() -> None:
    api = snap("api", {"customer": [col("email", "text", origin="api", pk=True, nullable=False)]})
    db = snap("db", {"customer": [col("email", "text", nullable=False)]})
    result = merge_schemas([("api", api), ("db", db)])
    assert [(c.field, c.kept.value, c.dropped.value) for c in result.conflicts] == [
        ("is_primary_key", False, True)
    ]
    assert merged_column(result, "customer", "email")["is_primary_key"] is False


def test_equal_types_spelled_differently_are_no_conflict() -> None:
    api = snap(
        "api", {"customer": [col("code", "varchar(10)", origin="api"), col("n", "int4", origin="api")]}
    )
    db = snap("db", {"customer": [col("code", "character varying(10)"), col("n", "integer")]})
    result = merge_schemas([("db", db), ("api", api)])
    assert result.conflicts == []


# --- order and determinism ------------------------------------------------------------------------


def test_argument_order_does_not_change_the_result() -> None:
    pack = load_pack("ecommerce").to_snapshot()
    sources: list[tuple[Origin, dict[str, Any]]] = [("db", DB), ("api", API), ("ui", UI), ("pack", pack)]
    results = [merge_schemas(list(order)) for order in itertools.permutations(sources)]
    first = results[0].model_dump()
    assert all(r.model_dump() == first for r in results[1:])


def test_two_sources_of_one_origin_merge_the_same_in_any_order() -> None:
    form_a = snap("ui", {"signup": [col("email", "character varying(40)", origin="ui")]})
    form_b = snap(
        "ui", {"Signup": [col("email", "character varying(60)", origin="ui"), col("phone", origin="ui")]}
    )
    one = merge_schemas([("ui", form_a), ("ui", form_b)])
    two = merge_schemas([("ui", form_b), ("ui", form_a)])
    assert one.model_dump() == two.model_dump()
    assert len(one.snapshot["tables"]) == 1


def test_unknown_origin_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="unknown origin 'crm'"):
        merge_schemas([("crm", DB)])  # type: ignore[list-item]


def test_an_invalid_snapshot_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="invalid schema snapshot"):
        merge_schemas([("db", {"tables": [{"name": "t", "columns": [{"name": "a"}, {"name": "a"}]}]})])


def test_output_normalizes_and_every_part_has_an_origin() -> None:
    pack = load_pack("ecommerce").to_snapshot()
    result = merge_schemas([("db", DB), ("api", API), ("ui", UI), ("pack", pack)])
    normalized = normalize_snapshot(result.snapshot)
    assert normalized.to_dict() == result.snapshot
    for t in result.snapshot["tables"]:
        assert t["origin"] in {"db", "api", "ui", "pack"}
        assert all(c["origin"] in {"db", "api", "ui", "pack"} for c in t["columns"])
    assert all(r["origin"] in {"db", "api", "ui", "pack"} for r in result.snapshot["relationships"])


def test_a_single_source_comes_back_as_it_was() -> None:
    result = merge_schemas([("db", DB)])
    expected = normalize_snapshot(DB).to_dict()
    assert [t["name"] for t in result.snapshot["tables"]] == [t["name"] for t in expected["tables"]]
    assert result.conflicts == [] and result.notes == []
    assert {m.how for m in result.matches} == {"new"}


# --- relationships --------------------------------------------------------------------------------


def test_relationships_are_renamed_and_deduplicated() -> None:
    api = snap(
        "api",
        {
            "Customers": [col("id", "integer", origin="api", pk=True, nullable=False)],
            "OrderItems": [
                col("id", "bigint", origin="api", pk=True, nullable=False),
                col("customerId", "integer", origin="api"),
            ],
        },
        [relationship("OrderItems", ["customerId"], "Customers", ["id"])],
    )
    result = merge_schemas([("api", api), ("db", DB)])
    rels = result.snapshot["relationships"]
    assert len(rels) == 1
    assert (
        rels[0]["child_table"],
        rels[0]["child_columns"],
        rels[0]["parent_table"],
        rels[0]["parent_columns"],
    ) == (
        "order_item",
        ["customer_id"],
        "customer",
        ["id"],
    )
    assert rels[0]["origin"] == "db"


def test_a_pack_relationship_gives_a_db_one_its_children_per_parent() -> None:
    pack = snap(
        "pack",
        {
            "customer": [col("id", "integer", origin="pack", pk=True, nullable=False)],
            "order_item": [
                col("id", "bigint", origin="pack", pk=True, nullable=False),
                col("customer_id", "integer", origin="pack"),
            ],
        },
        [
            {
                **relationship("order_item", ["customer_id"], "customer", ["id"]),
                "children_per_parent": {"distribution": "poisson", "mean": 3},
            }
        ],
    )
    result = merge_schemas([("pack", pack), ("db", DB)])
    (rel,) = result.snapshot["relationships"]
    assert rel["origin"] == "db"
    assert rel["children_per_parent"] == {"distribution": "poisson", "mean": 3}


def test_a_lower_relationship_to_a_missing_column_is_dropped_with_a_note() -> None:
    api = snap(
        "api",
        {
            "customer": [
                col("id", "integer", origin="api", pk=True, nullable=False),
                col("referrerId", "integer", origin="api"),
            ],
        },
        [relationship("customer", ["referrerId"], "customer", ["id"])],
    )
    result = merge_schemas([("db", DB), ("api", api)])
    assert len(result.snapshot["relationships"]) == 1
    (note,) = [n for n in result.notes if n.kind == "relationship_dropped"]
    assert note.origin == "api" and note.entity == "customer" and note.attribute == "referrerId"
    assert "has no column 'referrerId'" in note.reason


def test_a_lower_relationship_between_new_tables_is_added() -> None:
    api = snap(
        "api",
        {
            "Customer": [col("id", "integer", origin="api", pk=True, nullable=False)],
            "Invoice": [
                col("id", "integer", origin="api", pk=True, nullable=False),
                col("customerId", "integer", origin="api"),
            ],
        },
        [relationship("Invoice", ["customerId"], "Customer", ["id"])],
    )
    result = merge_schemas([("db", DB), ("api", api)])
    added = [r for r in result.snapshot["relationships"] if r["origin"] == "api"]
    assert [
        (r["child_table"], r["child_columns"], r["parent_table"], r["parent_columns"], r["name"])
        for r in added
    ] == [("Invoice", ["customerId"], "customer", ["id"], "Invoice_customerId_fkey")]


def test_a_lower_relationship_to_another_parent_is_a_conflict() -> None:
    pack = snap(
        "pack",
        {
            "account": [col("id", "integer", origin="pack", pk=True, nullable=False)],
            "order_item": [
                col("id", "bigint", origin="pack", pk=True, nullable=False),
                col("customer_id", "integer", origin="pack"),
            ],
        },
        [relationship("order_item", ["customer_id"], "account", ["id"])],
    )
    result = merge_schemas([("db", DB), ("pack", pack)])
    assert len(result.snapshot["relationships"]) == 1
    (conflict,) = [c for c in result.conflicts if c.field == "foreign_key"]
    assert (conflict.entity, conflict.attribute) == ("order_item", "customer_id")
    assert (conflict.kept.origin, conflict.kept.value) == ("db", "customer(id)")
    assert (conflict.dropped.origin, conflict.dropped.value) == ("pack", "account(id)")


def test_one_source_may_reference_two_parents_from_the_same_columns() -> None:
    db = snap(
        "db",
        {
            "a": [col("id", "integer", pk=True, nullable=False)],
            "b": [col("id", "integer", pk=True, nullable=False)],
            "c": [col("ref", "integer")],
        },
        [
            relationship("c", ["ref"], "a", ["id"]),
            {**relationship("c", ["ref"], "b", ["id"]), "name": "c_ref_b_fkey"},
        ],
    )
    result = merge_schemas([("db", db)])
    assert len(result.snapshot["relationships"]) == 2 and result.conflicts == []


def test_relationship_names_stay_unique_per_table() -> None:
    api = snap(
        "api",
        {
            "customer": [col("id", "integer", origin="api", pk=True, nullable=False)],
            "order_item": [
                col("id", "bigint", origin="api", pk=True, nullable=False),
                col("quantity", "integer", origin="api"),
            ],
        },
        # Same name as the database's foreign key, other columns.
        [
            {
                **relationship("order_item", ["quantity"], "customer", ["id"]),
                "name": "order_item_customer_id_fkey",
            }
        ],
    )
    result = merge_schemas([("db", DB), ("api", api)])
    names = sorted(r["name"] for r in result.snapshot["relationships"])
    assert names == ["order_item_customer_id_fkey", "order_item_quantity_fkey"]


def test_a_pack_over_a_database_with_entity_named_keys() -> None:
    # Pagila-like: keys are <entity>_id, amounts are narrower than the pack's, no orders table.
    db = snap(
        "db",
        {
            "customer": [
                col("customer_id", "integer", pk=True, nullable=False),
                col("first_name", "text", nullable=False),
                col("email", "text"),
            ],
            "payment": [
                col("payment_id", "integer", pk=True, nullable=False),
                col("customer_id", "integer", nullable=False),
                col("amount", "numeric(5,2)", nullable=False),
            ],
        },
        [relationship("payment", ["customer_id"], "customer", ["customer_id"])],
    )
    pack = load_pack("ecommerce").to_snapshot()
    result = merge_schemas([("pack", pack), ("db", db)])
    after = {t["name"]: [c["name"] for c in t["columns"]] for t in result.snapshot["tables"]}
    assert after["customer"] == ["customer_id", "first_name", "email"]
    assert after["payment"] == ["payment_id", "customer_id", "amount"]
    assert attribute_match(result, "pack", "customer", "id") == ("customer_id", "id_alias")
    assert attribute_match(result, "pack", "payment", "id") == ("payment_id", "id_alias")
    assert attribute_match(result, "pack", "payment", "order_id") == (None, "unmatched")
    # The pack's orders table is new, and its customer key now points at the database's key.
    assert merged_table(result, "orders")["origin"] == "pack"
    orders = next(
        r
        for r in result.snapshot["relationships"]
        if r["child_table"] == "orders" and r["child_columns"] == ["customer_id"]
    )
    assert (orders["parent_table"], orders["parent_columns"], orders["origin"]) == (
        "customer",
        ["customer_id"],
        "pack",
    )
    dropped = {n.reason.split(":")[0] for n in result.notes if n.kind == "relationship_dropped"}
    assert "payment(order_id) -> orders(id)" in dropped
    amount = next(c for c in result.conflicts if c.entity == "payment" and c.attribute == "amount")
    assert (amount.kept.value, amount.dropped.value) == ("numeric(5,2)", "numeric(12,2)")
    normalize_snapshot(result.snapshot)
