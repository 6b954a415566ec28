"""Domain packs: the shipped packs are valid and complete, and a broken pack says what is wrong."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from tdm_agents.synthetic.domain_packs import (
    canonical_type,
    list_packs,
    load_pack,
    load_pack_file,
    load_pack_text,
    parse_link,
)
from tdm_agents.synthetic.schema import SEMANTIC_TYPES, family_of
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import normalize_snapshot

SHIPPED = ["banking", "ecommerce", "healthcare", "telecom"]


def test_list_packs_lists_the_shipped_files() -> None:
    assert list_packs() == SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_pack_loads_and_normalizes(name: str) -> None:
    pack = load_pack(name)
    assert pack.name == name
    assert pack.description
    snapshot = normalize_snapshot(pack.to_snapshot())
    assert [t.name for t in snapshot.tables] == [e.name for e in pack.entities]
    assert len(snapshot.tables) >= 5
    for table in snapshot.tables:
        assert table.model_extra is not None
        assert table.model_extra["origin"] == "pack"
        assert table.model_extra["default_row_count"] == pack.default_row_counts()[table.name]
        assert table.primary_key(), f"{name}.{table.name} has no primary key"
        for col in table.columns:
            assert col.data_type is not None
            # Written the way PostgreSQL prints it, so that it compares with a discovered column.
            assert canonical_type(col.data_type) == col.data_type
            semantic = (col.model_extra or {}).get("semantic_type")
            assert semantic is None or semantic in SEMANTIC_TYPES
            details = col.type_details or {}
            if "weights" in details:
                assert len(details["weights"]) == len(details["allowed_values"])


@pytest.mark.parametrize("name", SHIPPED)
def test_every_foreign_key_resolves_to_a_key_of_the_same_type(name: str) -> None:
    snapshot = normalize_snapshot(load_pack(name).to_snapshot())
    assert snapshot.relationships
    for rel in snapshot.relationships:
        parent, child = snapshot.table(rel.parent_key), snapshot.table(rel.child_key)
        assert parent is not None and child is not None
        keys = [parent.primary_key(), *parent.unique_keys()]
        assert sorted(rel.parent_columns) in [sorted(k) for k in keys], rel.name
        for parent_name, child_name in zip(rel.parent_columns, rel.child_columns, strict=True):
            parent_col, child_col = parent.column(parent_name), child.column(child_name)
            assert parent_col is not None and child_col is not None
            assert parent_col.data_type == child_col.data_type, rel.name
            if rel.parent_key == rel.child_key:
                assert child_col.nullable, "a self-reference needs a nullable column"
        assert "children_per_parent" in (rel.model_extra or {})


def test_default_row_counts() -> None:
    counts = load_pack("ecommerce").default_row_counts()
    assert counts["customer"] == 1000
    assert counts["orders"] == 3000
    assert set(counts) == {
        "category",
        "customer",
        "address",
        "product",
        "orders",
        "order_item",
        "payment",
        "product_review",
    }
    assert all(isinstance(v, int) and v > 0 for v in counts.values())


def test_packs_cover_the_required_entities() -> None:
    entities = {name: {e.name for e in load_pack(name).entities} for name in SHIPPED}
    assert {"customer", "address", "product", "category", "orders", "order_item", "payment"} <= entities[
        "ecommerce"
    ]
    assert {"customer", "account", "transaction", "ledger_entry", "beneficiary", "card"} <= entities[
        "banking"
    ]
    assert {"customer", "plan", "subscription", "sim", "recharge_history", "call_detail_record"} <= entities[
        "telecom"
    ]
    assert {"patient", "practitioner", "encounter", "observation", "prescription"} <= entities["healthcare"]


def test_ecommerce_details() -> None:
    snapshot = normalize_snapshot(load_pack("ecommerce").to_snapshot())
    order_item = snapshot.table(("public", "order_item"))
    assert order_item is not None
    assert ["order_id", "product_id"] in order_item.unique_keys()
    product = snapshot.table(("public", "product"))
    assert product is not None
    currency = product.column("currency")
    price = product.column("unit_price")
    assert currency is not None and price is not None
    assert currency.data_type == "character(3)"
    assert currency.type_details is not None
    assert currency.type_details["allowed_values"] == ["USD", "EUR", "GBP"]
    assert currency.type_details["weights"] == [0.6, 0.3, 0.1]
    assert price.data_type == "numeric(12,2)"
    assert price.type_details == {
        "family": "numeric",
        "minimum": 0.5,
        "maximum": 5000,
        "distribution": {"kind": "lognormal", "median": 25.0, "sigma": 1.0},
    }
    customer = snapshot.table(("public", "customer"))
    assert customer is not None
    birth = customer.column("date_of_birth")
    assert birth is not None and birth.type_details is not None
    # YAML reads an unquoted date as a date; the snapshot holds ISO strings.
    assert birth.type_details["minimum"] == "1935-01-01"
    rels = {(r.child_table, tuple(r.child_columns)): r for r in snapshot.relationships}
    self_ref = rels[("category", ("parent_id",))]
    assert self_ref.parent_table == "category"
    assert (self_ref.model_extra or {})["children_per_parent"] is None
    items = rels[("order_item", ("order_id",))]
    assert (items.model_extra or {})["children_per_parent"] == {"distribution": "uniform", "min": 1, "max": 4}
    orders = rels[("orders", ("customer_id",))]
    assert (orders.model_extra or {})["children_per_parent"] == {"distribution": "poisson", "mean": 3.0}


def test_fixed_children_per_parent_also_gives_a_range() -> None:
    snapshot = load_pack("banking").to_snapshot()
    ledger = next(
        r
        for r in snapshot["relationships"]
        if r["child_table"] == "ledger_entry" and r["child_columns"] == ["transaction_id"]
    )
    assert ledger["children_per_parent"] == {"distribution": "fixed", "value": 2, "min": 2, "max": 2}


def test_a_self_reference_in_several_packs() -> None:
    selfs = {
        name: [
            r for r in load_pack(name).to_snapshot()["relationships"] if r["child_table"] == r["parent_table"]
        ]
        for name in SHIPPED
    }
    assert selfs["ecommerce"] and selfs["healthcare"] and selfs["banking"]


def test_order_table_quotes_in_ddl() -> None:
    # "order" is reserved: the pack names the table orders, usable with or without quotes.
    names = {e.name for e in load_pack("ecommerce").entities}
    assert "orders" in names and "order" not in names


@pytest.mark.parametrize("name", ["nope", "../ecommerce", "ecommerce.yaml", ""])
def test_unknown_pack_lists_the_available_ones(name: str) -> None:
    with pytest.raises(InvalidInputError) as error:
        load_pack(name)
    assert "unknown domain pack" in error.value.detail
    for shipped in SHIPPED:
        assert shipped in error.value.detail


# --- a new pack is one file ----------------------------------------------------------------------

LIBRARY = textwrap.dedent(
    """\
    name: library
    description: Lending library.
    entities:
      - name: member
        default_rows: 200
        columns:
          - {name: id, type: int, primary_key: true}
          - {name: email, type: varchar(120), semantic: email, unique: true}
          - {name: joined_on, type: date, semantic: date, min: 2015-01-01, max: "2024-12-31"}
      - name: book
        default_rows: 1000
        columns:
          - {name: isbn, type: char(13), primary_key: true}
          - {name: title, type: text, semantic: description}
          - {name: price, type: "decimal(8, 2)", semantic: amount, min: 1, max: 200,
             distribution: {kind: normal, mean: 20, std: 8}}
      - name: loan
        default_rows: 3000
        unique: [[member_id, isbn, lent_at]]
        columns:
          - {name: id, type: bigint, primary_key: true}
          - {name: member_id, type: integer}
          - {name: isbn, type: character(13)}
          - {name: lent_at, type: timestamptz, semantic: timestamp, distribution: {kind: recent, days: 365}}
          - name: state
            type: varchar(10)
            semantic: status
            allowed_values: [out, returned, lost]
            weights: [1, 8, 0.1]
    relationships:
      - link: member.id -> loan.member_id
        children_per_parent: {mean: 15}
      - book.isbn -> loan.isbn
    """
)


def test_a_new_pack_from_text() -> None:
    pack = load_pack_text(LIBRARY)
    assert pack.name == "library"
    assert pack.default_row_counts() == {"member": 200, "book": 1000, "loan": 3000}
    snapshot = normalize_snapshot(pack.to_snapshot())
    book = snapshot.table(("public", "book"))
    loan = snapshot.table(("public", "loan"))
    assert book is not None and loan is not None
    # Aliases are written canonically.
    assert [c.data_type for c in book.columns] == ["character(13)", "text", "numeric(8,2)"]
    lent_at = loan.column("lent_at")
    assert lent_at is not None and lent_at.data_type == "timestamp with time zone"
    assert loan.unique_keys() == [["member_id", "isbn", "lent_at"]]
    rel = next(r for r in snapshot.relationships if r.child_columns == ["member_id"])
    assert (rel.model_extra or {})["children_per_parent"] == {"distribution": "poisson", "mean": 15.0}


def test_a_new_pack_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "library.yaml"
    path.write_text(LIBRARY, encoding="utf-8")
    assert load_pack_file(path).name == "library"
    other = tmp_path / "books.yaml"
    other.write_text(LIBRARY, encoding="utf-8")
    with pytest.raises(InvalidInputError, match="expected the file's name 'books'"):
        load_pack_file(other)
    with pytest.raises(InvalidInputError, match="cannot read"):
        load_pack_file(tmp_path / "missing.yaml")


def test_a_shipped_pack_copied_elsewhere_loads_the_same(tmp_path: Path) -> None:
    from importlib import resources

    text = (resources.files("tdm_agents.synthetic.domain_packs") / "telecom.yaml").read_text(encoding="utf-8")
    path = tmp_path / "telecom.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_pack_file(path).to_snapshot() == load_pack("telecom").to_snapshot()


# --- invalid packs -------------------------------------------------------------------------------

BASE = textwrap.dedent(
    """\
    name: shop
    entities:
      - name: customer
        default_rows: 10
        columns:
          - {name: id, type: bigint, primary_key: true}
          - {name: email, type: varchar(100), semantic: email, unique: true}
          - {name: currency, type: char(3), allowed_values: [EUR, USD]}
      - name: orders
        default_rows: 20
        columns:
          - {name: id, type: bigint, primary_key: true}
          - {name: customer_id, type: bigint}
          - {name: parent_id, type: bigint, nullable: true}
          - {name: total, type: "numeric(12,2)", min: 0, max: 100}
    relationships:
      - customer.id -> orders.customer_id
    """
)


def test_the_base_of_the_invalid_cases_is_valid() -> None:
    assert load_pack_text(BASE).name == "shop"


INVALID = [
    pytest.param(
        ("semantic: email,", "semantic: email, colour: red,"),
        ["entity 'customer', column 'email', field 'colour'", "unknown key", "semantic"],
        id="unknown-column-key",
    ),
    pytest.param(
        ("name: shop\n", "name: shop\nversion: 2\n"),
        ["field 'version'", "unknown key"],
        id="unknown-pack-key",
    ),
    pytest.param(
        ("default_rows: 10\n", "default_rows: 10\n    rows: 5\n"),
        ["entity 'customer', field 'rows'", "unknown key"],
        id="unknown-entity-key",
    ),
    pytest.param(
        ("semantic: email,", "semantic: mail,"),
        ["entity 'customer', column 'email', field 'semantic'", "unknown semantic type 'mail'", "email"],
        id="unknown-semantic-type",
    ),
    pytest.param(
        ("type: varchar(100)", "type: varchr(100)"),
        ["entity 'customer', column 'email', field 'type'", "'varchr(100)' is not a known PostgreSQL type"],
        id="unknown-type",
    ),
    pytest.param(
        ("- customer.id -> orders.customer_id", "- client.id -> orders.customer_id"),
        ["relationship 'client.id -> orders.customer_id', entity 'client'", "no such entity"],
        id="relationship-unknown-entity",
    ),
    pytest.param(
        ("- customer.id -> orders.customer_id", "- customer.id -> orders.cust_id"),
        ["entity 'orders', column 'cust_id'", "no such column"],
        id="relationship-unknown-column",
    ),
    pytest.param(
        ("{name: customer_id, type: bigint}", "{name: customer_id, type: integer}"),
        [
            "entity 'orders', column 'customer_id', field 'type'",
            "integer does not match customer.id (bigint)",
        ],
        id="fk-type-mismatch",
    ),
    pytest.param(
        ("- customer.id -> orders.customer_id", "- customer.currency -> orders.customer_id"),
        ["entity 'customer', columns ['currency']", "primary key or a unique key"],
        id="fk-not-to-a-key",
    ),
    pytest.param(
        ("- customer.id -> orders.customer_id", "- customer.id => orders.customer_id"),
        ["relationship 'customer.id => orders.customer_id', field 'link'", "parent.column -> child.column"],
        id="bad-link",
    ),
    pytest.param(
        ("- customer.id -> orders.customer_id", "- customer.(id, email) -> orders.customer_id"),
        ["field 'link'", "1 child columns for 2 parent columns"],
        id="link-column-count",
    ),
    pytest.param(
        (
            "- customer.id -> orders.customer_id",
            "- customer.id -> orders.customer_id\n"
            "  - orders.id -> orders.parent_id\n"
            "  - orders.id -> orders.customer_id",
        ),
        ["entity 'orders', columns ['customer_id']", "already the child side"],
        id="column-in-two-relationships",
    ),
    pytest.param(
        ("{name: parent_id, type: bigint, nullable: true}", "{name: parent_id, type: bigint}"),
        [],  # replaced below with the self-reference
        id="self-reference-not-nullable",
    ),
    pytest.param(
        ("allowed_values: [EUR, USD]", "allowed_values: [EUR, USD], weights: [1, 2, 3]"),
        ["entity 'customer', column 'currency', field 'weights'", "3 weights for 2 allowed values"],
        id="weights-length",
    ),
    pytest.param(
        ("allowed_values: [EUR, USD]", "allowed_values: [EUR, USD], weights: [0, 0]"),
        ["field 'weights'", "not all zero"],
        id="weights-zero",
    ),
    pytest.param(
        ("allowed_values: [EUR, USD]", "allowed_values: [EURO, USD]"),
        ["column 'currency', field 'allowed_values'", "'EURO' is longer than character(3)"],
        id="allowed-value-too-long",
    ),
    pytest.param(
        ("allowed_values: [EUR, USD]", "allowed_values: [yes, no]"),
        ["field 'allowed_values'", "True is not a string or an integer (quote it)"],
        id="yaml-boolean-value",
    ),
    pytest.param(
        ("min: 0, max: 100", "min: 100, max: 0"),
        ["entity 'orders', column 'total', field 'min'", "greater than max"],
        id="min-above-max",
    ),
    pytest.param(
        ("min: 0, max: 100", "min: '0', max: 100"),
        ["column 'total', field 'min'", "'0' is not a number"],
        id="min-not-a-number",
    ),
    pytest.param(
        ("semantic: email,", "semantic: email, min: 3,"),
        ["column 'email', field 'min'", "use min_length/max_length"],
        id="min-on-text",
    ),
    pytest.param(
        ("min: 0, max: 100", "min: 0, max: 100, distribution: {kind: normal, mean: 5}"),
        ["column 'total', field 'distribution'", "kind 'normal' needs 'std'"],
        id="distribution-missing-parameter",
    ),
    pytest.param(
        ("min: 0, max: 100", "min: 0, max: 100, distribution: {kind: recent, days: 3}"),
        ["field 'distribution'", "kind 'recent' does not apply to a numeric column"],
        id="distribution-wrong-family",
    ),
    pytest.param(
        ("min: 0, max: 100", "min: 0, max: 100, distribution: {kind: gamma}"),
        ["column 'total', field 'distribution', field 'kind'"],
        id="distribution-unknown-kind",
    ),
    pytest.param(
        (
            "- customer.id -> orders.customer_id",
            "- link: customer.id -> orders.customer_id\n"
            "    children_per_parent: {distribution: uniform, min: 1}",
        ),
        ["field 'children_per_parent'", "distribution 'uniform' needs 'max'"],
        id="children-missing-max",
    ),
    pytest.param(
        (
            "- customer.id -> orders.customer_id",
            "- link: customer.id -> orders.customer_id\n    children_per_parent: {min: 5, max: 1}",
        ),
        ["field 'children_per_parent'", "'min' is greater than 'max'"],
        id="children-min-above-max",
    ),
    pytest.param(
        (
            "- customer.id -> orders.customer_id",
            "- link: customer.id -> orders.customer_id\n    children_per_parent: {mean: 2, spread: 1}",
        ),
        [
            "relationship 'customer.id -> orders.customer_id', field 'children_per_parent', field 'spread'",
            "unknown key",
        ],
        id="children-unknown-key",
    ),
    pytest.param(
        ('type: "numeric(12,2)"', "type: numeric(12,2)"),
        ["column 'total'", "must be quoted"],
        id="unquoted-comma-type",
    ),
    pytest.param(
        ("    default_rows: 20\n", ""),
        ["entity 'orders', field 'default_rows'", "required"],
        id="missing-default-rows",
    ),
    pytest.param(
        ("default_rows: 10\n", "default_rows: '10'\n"),
        ["entity 'customer', field 'default_rows'", "valid integer"],
        id="default-rows-not-an-integer",
    ),
    pytest.param(
        (
            "{name: id, type: bigint, primary_key: true}\n      - {name: email",
            "{name: id, type: bigint}\n      - {name: email",
        ),
        ["entity 'customer', field 'columns'", "no primary key"],
        id="no-primary-key",
    ),
    pytest.param(
        ("- name: orders\n", "- name: customer\n"),
        ["entity 'customer'", "appears twice"],
        id="duplicate-entity",
    ),
    pytest.param(
        ("- name: orders\n", "- name: Orders\n"),
        ["entity 'Orders', field 'name'", "lowercase identifier"],
        id="entity-name-not-an-identifier",
    ),
    pytest.param(
        (
            "{name: id, type: bigint, primary_key: true}\n      - {name: email",
            "{name: id, type: bigint, primary_key: true, nullable: true}\n      - {name: email",
        ),
        ["entity 'customer', column 'id', field 'nullable'", "cannot be nullable"],
        id="nullable-primary-key",
    ),
]


@pytest.mark.parametrize(("edit", "expected"), INVALID)
def test_invalid_pack_names_the_problem(edit: tuple[str, str], expected: list[str]) -> None:
    old, new = edit
    assert old in BASE
    text = BASE.replace(old, new, 1)
    if not expected:  # the self-reference case needs the relationship as well
        text = text.replace(
            "- customer.id -> orders.customer_id",
            "- customer.id -> orders.customer_id\n  - orders.id -> orders.parent_id",
        )
        expected = [
            "entity 'orders', column 'parent_id', field 'nullable'",
            "self-reference needs a nullable column",
        ]
    with pytest.raises(InvalidInputError) as error:
        load_pack_text(text)
    detail = error.value.detail
    assert detail.startswith("invalid domain pack 'shop': "), detail
    for part in expected:
        assert part in detail, f"{part!r} not in {detail!r}"
    assert error.value.errors and all(e["pack"] == "shop" for e in error.value.errors)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- just\n- a list\n", "must be a mapping"),
        ("name: [unclosed\n", "not valid YAML"),
        ("name: shop\nentities: []\n", "field 'entities'"),
    ],
)
def test_documents_that_are_no_pack(text: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        load_pack_text(text)


def test_several_problems_are_all_reported() -> None:
    text = BASE.replace("semantic: email,", "semantic: mail,").replace("type: char(3)", "type: chr(3)")
    with pytest.raises(InvalidInputError) as error:
        load_pack_text(text)
    messages = [e["msg"] for e in error.value.errors]
    assert any("unknown semantic type" in m for m in messages)
    assert any("not a known PostgreSQL type" in m for m in messages)


# --- types and links ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("int", "integer"),
        ("INT4", "integer"),
        ("int8", "bigint"),
        ("smallint", "smallint"),
        ("float8", "double precision"),
        ("double   precision", "double precision"),
        ("bool", "boolean"),
        ("varchar(20)", "character varying(20)"),
        ("character varying ( 20 )", "character varying(20)"),
        ("varchar", "character varying"),
        ("char(3)", "character(3)"),
        ("char", "character(1)"),
        ("decimal(12, 2)", "numeric(12,2)"),
        ("numeric(10)", "numeric(10,0)"),
        ("numeric", "numeric"),
        ("timestamptz", "timestamp with time zone"),
        ("timestamp", "timestamp without time zone"),
        ("timestamp(3) with time zone", "timestamp(3) with time zone"),
        ("timestamptz(6)", "timestamp(6) with time zone"),
        ("time", "time without time zone"),
        ("text[]", "text[]"),
        ("uuid", "uuid"),
        ("jsonb", "jsonb"),
        ("varchr(20)", None),
        ("numeric(2,5)", None),
        ("varchar(0)", None),
        ("timestamptz(3) with time zone", None),
        ("integer(4)", None),
        ("mpaa_rating", None),
    ],
)
def test_canonical_type(given: str, canonical: str | None) -> None:
    assert canonical_type(given) == canonical
    if canonical is not None:
        assert family_of(canonical) in {"numeric", "string", "boolean", "datetime", "uuid", "json"}


@pytest.mark.parametrize(
    ("link", "parsed"),
    [
        ("customer.id -> orders.customer_id", ("customer", ["id"], "orders", ["customer_id"])),
        ("  a.x->b.y ", ("a", ["x"], "b", ["y"])),
        (
            "shop.(region, code) -> store.(shop_region,shop_code)",
            ("shop", ["region", "code"], "store", ["shop_region", "shop_code"]),
        ),
        ("customer -> orders.customer_id", None),
        ("customer.id <- orders.customer_id", None),
        ("customer.id -> orders.customer_id.x", None),
    ],
)
def test_parse_link(link: str, parsed: tuple[str, list[str], str, list[str]] | None) -> None:
    assert parse_link(link) == parsed
