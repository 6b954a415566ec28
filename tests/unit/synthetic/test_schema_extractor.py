"""`extract_schema` on hand-built crawl results: no browser, no service."""

from __future__ import annotations

from typing import Any

import pytest
from tdm_agents.synthetic.crawler.dom_walk import (
    CrawlResult,
    FormField,
    FormInfo,
    HtmlTable,
    PageInfo,
    SkippedUrl,
)
from tdm_agents.synthetic.crawler.schema_extractor import entity_name, extract_schema, singular, snake_case
from tdm_agents.synthetic.schema import SEMANTIC_TYPES
from tdm_core.schema_model import normalize_snapshot


def page(
    *forms: FormInfo, tables: tuple[HtmlTable, ...] = (), url: str = "http://app.test/p", title: str = ""
) -> PageInfo:
    return PageInfo(url=url, title=title, forms=forms, tables=tables)


def crawl_of(*pages: PageInfo, skipped: tuple[SkippedUrl, ...] = ()) -> CrawlResult:
    return CrawlResult(start_urls=(pages[0].url,) if pages else (), pages=pages, skipped=skipped)


def one_form(*fields: FormField, form_id: str = "profile") -> CrawlResult:
    return crawl_of(page(FormInfo(id=form_id, fields=fields)))


def tables_of(result: CrawlResult) -> dict[str, dict[str, Any]]:
    schema = extract_schema(result)
    normalize_snapshot(schema.snapshot)  # every result is a valid snapshot
    return {t["name"]: t for t in schema.snapshot["tables"]}


def columns_of(table: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in table["columns"]}


def only_column(*fields: FormField) -> dict[str, Any]:
    (table,) = tables_of(one_form(*fields)).values()
    columns: list[dict[str, Any]] = [c for c in table["columns"] if c["name"] != "id"]
    assert len(columns) == 1
    return columns[0]


def details(col: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in col["type_details"].items() if k != "family"}


# --- one form field -> one column ------------------------------------------------------------------

FIELD_CASES: list[tuple[str, FormField, str, str | None, dict[str, Any]]] = [
    (
        "email",
        FormField(name="contact", input_type="email"),
        "character varying(254)",
        "email",
        {"format": "email"},
    ),
    (
        "email with maxlength",
        FormField(name="mail", input_type="email", max_length=100),
        "character varying(100)",
        "email",
        {"format": "email", "max_length": 100},
    ),
    ("tel", FormField(name="contact_number", input_type="tel"), "character varying(20)", "phone", {}),
    (
        "tel with maxlength and pattern",
        FormField(name="mobile", input_type="tel", max_length=15, pattern=r"\+?[0-9]{7,14}"),
        "character varying(15)",
        "phone",
        {"max_length": 15, "pattern": r"\+?[0-9]{7,14}"},
    ),
    (
        "integer number",
        FormField(name="household_size", input_type="number", minimum="1", maximum="12", step="1"),
        "integer",
        None,
        {"minimum": 1, "maximum": 12},
    ),
    ("number without step", FormField(name="seats", input_type="number"), "integer", None, {}),
    (
        "decimal step",
        FormField(name="price", input_type="number", minimum="0", step="0.01"),
        "numeric(12,2)",
        "amount",
        {"minimum": 0},
    ),
    ("step any", FormField(name="weight", input_type="number", step="any"), "numeric(12,2)", None, {}),
    ("finer step", FormField(name="ratio", input_type="number", step="0.001"), "numeric(12,3)", None, {}),
    (
        "decimal bounds",
        FormField(name="rate", input_type="number", minimum="0.5", maximum="9.5"),
        "numeric(12,2)",
        None,
        {"minimum": 0.5, "maximum": 9.5},
    ),
    (
        "past int4",
        FormField(name="population", input_type="number", maximum="10000000000"),
        "bigint",
        None,
        {"maximum": 10_000_000_000},
    ),
    (
        "range defaults",
        FormField(name="volume", input_type="range"),
        "integer",
        None,
        {"minimum": 0, "maximum": 100},
    ),
    (
        "quantity",
        FormField(name="qty", input_type="number", minimum="1"),
        "integer",
        "quantity",
        {"minimum": 1},
    ),
    (
        "date",
        FormField(name="start", input_type="date", minimum="2020-01-01", maximum="not-a-date"),
        "date",
        "date",
        {"minimum": "2020-01-01", "format": "date"},
    ),
    (
        "date of birth",
        FormField(name="dob", label="Date of birth", input_type="date"),
        "date",
        "date_of_birth",
        {"format": "date"},
    ),
    (
        "datetime-local",
        FormField(name="appointment", input_type="datetime-local", minimum="2024-01-01T08:00"),
        "timestamp without time zone",
        "timestamp",
        {"minimum": "2024-01-01T08:00", "format": "date-time"},
    ),
    (
        "time",
        FormField(name="opens_at", input_type="time"),
        "time without time zone",
        None,
        {"format": "time"},
    ),
    ("url", FormField(name="homepage", input_type="url"), "text", "url", {"format": "uri"}),
    ("checkbox", FormField(name="newsletter", input_type="checkbox", options=("on",)), "boolean", None, {}),
    (
        "select",
        FormField(name="size", tag="select", input_type="select", options=("S", "M", "XL")),
        "character varying(2)",
        None,
        {"allowed_values": ["S", "M", "XL"]},
    ),
    (
        "radio group",
        FormField(name="plan", input_type="radio", options=("basic", "premium", "enterprise")),
        "character varying(10)",
        None,
        {"allowed_values": ["basic", "premium", "enterprise"]},
    ),
    (
        "country select of names",
        FormField(name="country", input_type="select", options=("France", "Germany")),
        "character varying(7)",
        "country",
        {"allowed_values": ["France", "Germany"]},
    ),
    (
        "country select of codes",
        FormField(name="country", input_type="select", options=("FR", "DE")),
        "character varying(2)",
        "country_code",
        {"allowed_values": ["FR", "DE"]},
    ),
    (
        "checkbox group",
        FormField(name="interests[]", input_type="checkbox", options=("music", "sport"), multiple=True),
        "character varying(5)",
        None,
        {"allowed_values": ["music", "sport"]},
    ),
    (
        "password",
        FormField(name="secret", input_type="password", min_length=8),
        "character varying(255)",
        "password",
        {"min_length": 8, "format": "password"},
    ),
    (
        "color",
        FormField(name="favourite", input_type="color"),
        "character varying(7)",
        "color",
        {"pattern": "^#[0-9a-fA-F]{6}$"},
    ),
    ("textarea", FormField(name="remarks", tag="textarea", input_type="textarea"), "text", "description", {}),
    (
        "textarea with maxlength",
        FormField(name="bio", tag="textarea", input_type="textarea", max_length=500),
        "character varying(500)",
        "description",
        {"max_length": 500},
    ),
    ("text", FormField(name="nickname"), "character varying(255)", "username", {}),
    (
        "text with maxlength, minlength and pattern",
        FormField(name="code", max_length=8, min_length=4, pattern="[A-Z0-9]+"),
        "character varying(8)",
        None,
        {"max_length": 8, "min_length": 4, "pattern": "[A-Z0-9]+"},
    ),
    ("unknown type", FormField(name="thing", input_type="x-custom"), "character varying(255)", None, {}),
]


@pytest.mark.parametrize(
    ("field", "data_type", "semantic", "expected_details"),
    [case[1:] for case in FIELD_CASES],
    ids=[case[0] for case in FIELD_CASES],
)
def test_field_column(
    field: FormField, data_type: str, semantic: str | None, expected_details: dict[str, Any]
) -> None:
    col = only_column(field)
    assert col["data_type"] == data_type
    assert col["semantic_type"] == semantic
    assert details(col) == expected_details
    assert col["origin"] == "ui"
    assert col["nullable"] is True


SEMANTIC_CASES = [
    (FormField(name="fname"), "first_name"),
    (FormField(name="f1", label="First name"), "first_name"),
    (FormField(name="given-name"), "first_name"),
    (FormField(name="lastName"), "last_name"),
    (FormField(name="surname"), "last_name"),
    (FormField(name="full_name"), "person_name"),
    (FormField(name="name"), "person_name"),  # on a person-like entity (below: "profile")
    (FormField(name="user[email]"), "email"),
    (FormField(name="email_address"), "email"),  # e-mail before street address
    (FormField(name="phone_number"), "phone"),
    (FormField(name="street_address"), "address"),
    (FormField(name="address_line_1"), "address"),
    (FormField(name="city"), "city"),
    (FormField(name="zip"), "postal_code"),
    (FormField(name="postcode"), "postal_code"),
    (FormField(name="x", label="Postal code"), "postal_code"),
    (FormField(name="country"), "country"),
    (FormField(name="birthdate"), None),  # date_of_birth needs a date column, not a text input
    (FormField(name="company_name"), "company"),
    (FormField(name="organization"), "company"),
    (FormField(name="user_name"), "username"),
    (FormField(name="login"), "username"),
    (FormField(name="x", placeholder="Your city"), "city"),
    (FormField(name="account"), None),  # no "count" in "account"
    (FormField(name="discount"), None),
    (FormField(name="zip", input_type="number"), None),  # a number holds no postal code (leading zeros)
    (FormField(name="birthdate", input_type="date"), "date_of_birth"),
    (FormField(name="email_opt_in", input_type="checkbox"), None),  # a yes/no is no e-mail
]


@pytest.mark.parametrize(
    ("field", "semantic"),
    SEMANTIC_CASES,
    ids=[f"{f.name}/{f.label or f.placeholder}" for f, _ in SEMANTIC_CASES],
)
def test_semantic_type_from_name_label_placeholder(field: FormField, semantic: str | None) -> None:
    assert only_column(field)["semantic_type"] == semantic


def test_every_semantic_type_is_known() -> None:
    result = one_form(
        *(f.model_copy(update={"name": f"{f.name}_{i}"}) for i, (f, _) in enumerate(SEMANTIC_CASES))
    )
    for col in tables_of(result)["profile"]["columns"]:
        assert col["semantic_type"] is None or col["semantic_type"] in SEMANTIC_TYPES


def test_bare_name_depends_on_the_entity() -> None:
    name = FormField(name="name")
    assert only_column(name)["semantic_type"] == "person_name"
    tables = tables_of(
        crawl_of(page(FormInfo(id="product-form", fields=(name,)), FormInfo(id="settings", fields=(name,))))
    )
    assert columns_of(tables["product"])["name"]["semantic_type"] == "product_name"
    assert columns_of(tables["setting"])["name"]["semantic_type"] is None


def test_required_is_not_null_and_surrogate_key() -> None:
    table = tables_of(
        one_form(FormField(name="email", input_type="email", required=True), FormField(name="notes"))
    )["profile"]
    cols = columns_of(table)
    assert list(cols) == ["id", "email", "notes"]
    assert cols["id"]["data_type"] == "bigint"
    assert cols["id"]["is_primary_key"] is True
    assert cols["id"]["nullable"] is False
    assert cols["email"]["nullable"] is False
    assert cols["notes"]["nullable"] is True
    assert [c["ordinal_position"] for c in table["columns"]] == [1, 2, 3]
    assert table["constraints"] == [{"type": "primary_key", "name": "profile_pkey", "columns": ["id"]}]
    assert table["origin"] == "ui"


def test_label_is_the_column_comment() -> None:
    col = only_column(FormField(name="dob", label="Date of birth", input_type="date"))
    assert col["comment"] == "Date of birth"


def test_left_out_fields_are_noted() -> None:
    result = one_form(FormField(name="avatar", input_type="file"), FormField(name="nickname"))
    schema = extract_schema(result)
    assert [c["name"] for c in schema.snapshot["tables"][0]["columns"]] == ["id", "nickname"]
    assert any("avatar" in note for note in schema.notes)


def test_multiple_select_is_noted() -> None:
    field = FormField(name="tags", input_type="select", options=("a", "bb"), multiple=True)
    schema = extract_schema(one_form(field))
    assert any("multiple choice" in note for note in schema.notes)


def test_select_without_options_is_free_text() -> None:
    col = only_column(FormField(name="category", input_type="select"))
    assert col["data_type"] == "character varying(255)"
    assert "allowed_values" not in col["type_details"]


# --- entity names ----------------------------------------------------------------------------------

NAME_CASES = [
    ("Register", "registration"),
    ("signup-form", "signup"),
    ("Sign up", "signup"),
    ("Sign in", "login"),
    ("registrationForm", "registration"),
    ("Create your account", "account"),
    ("Contact us", "contact"),
    ("Recent orders", "order"),
    ("orders-table", "order"),
    ("Order details", "order"),
    ("Categories", "category"),
    ("Addresses", "address"),
    ("Boxes", "box"),
    ("Status", "status"),
    ("form1", None),
    ("New", None),
    ("", None),
    ("2fa settings", "t_2fa_setting"),
    ("Book a table", "booking"),
    ("Shipping address", "shipping_address"),
]


@pytest.mark.parametrize(("text", "expected"), NAME_CASES)
def test_entity_name(text: str, expected: str | None) -> None:
    assert entity_name(text) == expected


def test_snake_case_and_singular() -> None:
    assert snake_case("First Name") == "first_name"
    assert snake_case("firstName") == "first_name"
    assert snake_case("Order #") == "order_number"
    assert snake_case("Discount (%)") == "discount_percent"
    assert snake_case("Prénom") == "prenom"
    assert singular("companies") == "company"
    assert singular("class") == "class"


def test_form_name_candidates_in_order() -> None:
    field = (FormField(name="x"),)
    cases = [
        (FormInfo(id="signup-form", name="ignored", heading="Ignored", fields=field), "signup"),
        (FormInfo(name="newsletter", heading="Ignored", fields=field), "newsletter"),
        (FormInfo(aria_label="Feedback", action="/ignored", fields=field), "feedback"),
        (FormInfo(heading="Register", action="/ignored", fields=field), "registration"),
        (FormInfo(action="/api/customers", fields=field), "customer"),
        (FormInfo(id="form1", action="/shop/subscribe.php", fields=field), "subscription"),
    ]
    for form, expected in cases:
        assert list(tables_of(crawl_of(page(form)))) == [expected]
    # Nothing on the form: the page's title, then its path; then "form".
    anonymous = FormInfo(fields=field)
    assert list(tables_of(crawl_of(page(anonymous, title="Checkout | Shop")))) == ["checkout"]
    assert list(tables_of(crawl_of(page(anonymous, url="http://app.test/members/")))) == ["member"]
    assert list(tables_of(crawl_of(page(anonymous, url="http://app.test/")))) == ["form"]


def test_orphan_inputs_are_named_by_their_heading() -> None:
    form = FormInfo(orphan=True, heading="Newsletter", fields=(FormField(name="email", input_type="email"),))
    assert list(tables_of(crawl_of(page(form)))) == ["newsletter"]


def test_search_and_button_only_forms_are_no_entities() -> None:
    search = FormInfo(id="site-search", role="search", fields=(FormField(name="q"),))
    only_search_inputs = FormInfo(id="finder", fields=(FormField(name="q", input_type="search"),))
    logout = FormInfo(id="logout", fields=())
    schema = extract_schema(crawl_of(page(search, only_search_inputs, logout)))
    assert schema.snapshot["tables"] == []
    assert any("search form" in note for note in schema.notes)
    assert "no form or data table found: no entity" in schema.notes
    # A search box among other fields is a field like any other.
    mixed = FormInfo(id="filter", fields=(FormField(name="q", input_type="search"), FormField(name="city")))
    assert (
        columns_of(tables_of(crawl_of(page(mixed)))["filter"])["q"]["data_type"] == "character varying(255)"
    )


# --- merging and collisions ------------------------------------------------------------------------


def test_same_entity_on_several_pages_is_merged() -> None:
    first = page(
        FormInfo(
            id="signup",
            fields=(
                FormField(name="email", input_type="email", required=True),
                FormField(name="plan", input_type="select", options=("free",)),
                FormField(name="nickname", max_length=20),
            ),
        ),
        url="http://app.test/a",
    )
    second = page(
        FormInfo(
            id="signup-form",
            fields=(
                FormField(name="email", input_type="email"),
                FormField(name="plan", input_type="select", options=("free", "pro")),
                FormField(name="nickname", max_length=40),
                FormField(name="city"),
            ),
        ),
        url="http://app.test/b",
    )
    schema = extract_schema(crawl_of(first, second))
    (table,) = schema.snapshot["tables"]
    cols = columns_of(table)
    assert list(cols) == ["id", "email", "plan", "nickname", "city"]
    assert cols["email"]["nullable"] is False  # required wherever it appears
    assert cols["plan"]["type_details"]["allowed_values"] == ["free", "pro"]
    assert cols["nickname"]["data_type"] == "character varying(40)"
    assert "/a" in table["comment"] and "/b" in table["comment"]
    assert any("merged from 2" in note for note in schema.notes)


def test_type_conflicts_keep_the_first_and_are_noted() -> None:
    first = page(
        FormInfo(id="event", fields=(FormField(name="when", input_type="date"),)), url="http://app.test/a"
    )
    second = page(
        FormInfo(id="event", fields=(FormField(name="when", input_type="checkbox"),)), url="http://app.test/b"
    )
    schema = extract_schema(crawl_of(first, second))
    assert columns_of(schema.snapshot["tables"][0])["when"]["data_type"] == "date"
    assert any("event.when" in note for note in schema.notes)


def test_integer_and_decimal_widen() -> None:
    first = page(
        FormInfo(id="item", fields=(FormField(name="weight", input_type="number"),)), url="http://app.test/a"
    )
    second = page(
        FormInfo(id="item", fields=(FormField(name="weight", input_type="number", step="0.5"),)),
        url="http://app.test/b",
    )
    assert columns_of(tables_of(crawl_of(first, second))["item"])["weight"]["data_type"] == "numeric(12,2)"


def test_two_forms_of_one_page_with_one_name_are_told_apart() -> None:
    forms = [
        FormInfo(heading="Address", fields=(FormField(name="street"),)),
        FormInfo(heading="Address", fields=(FormField(name="city"),)),
    ]
    tables = tables_of(crawl_of(page(*forms)))
    assert list(tables) == ["address", "address_2"]
    assert "city" in columns_of(tables["address_2"])


def test_column_name_collisions() -> None:
    fields = (
        FormField(name="id"),  # the surrogate key's name
        FormField(name="Email"),
        FormField(name="email"),
        FormField(name="2fa"),
        FormField(name="???", label="Favourite colour"),
    )
    assert list(columns_of(tables_of(one_form(*fields))["profile"])) == [
        "id",
        "id_2",
        "email",
        "email_2",
        "field_2fa",
        "favourite_colour",
    ]


def test_output_is_deterministic_and_sorted() -> None:
    pages = (
        page(FormInfo(id="zeta", fields=(FormField(name="b"), FormField(name="a"))), url="http://app.test/1"),
        page(FormInfo(id="alpha", fields=(FormField(name="x"),)), url="http://app.test/2"),
    )
    first, second = extract_schema(crawl_of(*pages)), extract_schema(crawl_of(*pages))
    assert first == second
    assert [t["name"] for t in first.snapshot["tables"]] == ["alpha", "zeta"]
    assert [c["name"] for c in first.snapshot["tables"][1]["columns"]] == ["id", "b", "a"]  # page order
    assert (
        normalize_snapshot(first.snapshot).fingerprint() == normalize_snapshot(second.snapshot).fingerprint()
    )


def test_skips_are_summarized() -> None:
    skipped = (
        SkippedUrl(url="https://other.test/", reason="other_origin"),
        SkippedUrl(url="http://app.test/x", reason="limit_reached"),
        SkippedUrl(url="https://else.test/", reason="other_origin"),
    )
    schema = extract_schema(crawl_of(page(FormInfo(id="a", fields=(FormField(name="b"),))), skipped=skipped))
    assert "URLs not crawled: 1 limit_reached, 2 other_origin" in schema.notes


# --- tables ----------------------------------------------------------------------------------------

SAMPLE_CASES: list[tuple[str, tuple[str, ...], str, str | None]] = [
    ("Quantity", ("1", "20", "300"), "integer", "quantity"),
    ("Views", ("1,234", "56"), "integer", None),
    ("Big", ("1", "9999999999"), "bigint", None),
    ("Zip", ("01234", "75001"), "character varying(10)", "postal_code"),  # leading zero: a code
    ("Score", ("1.5", "2", "3.25"), "numeric(12,2)", None),
    ("Weight", ("1.125", "2"), "numeric(12,3)", None),
    ("Total", ("$1,250.00", "$89.9"), "numeric(12,2)", "amount"),
    ("Paid", ("12 EUR", "7.50 EUR"), "numeric(12,2)", "amount"),
    ("Discount", ("10%", "12.5 %"), "numeric(5,2)", "percentage"),
    ("Active", ("Yes", "no", "YES"), "boolean", None),
    ("Date", ("2024-01-15", "2024-02-29"), "date", "date"),
    ("Bad date", ("2024-02-30",), "character varying(10)", None),
    ("Created", ("2024-01-15T10:00:00", "2024-01-16 11:30"), "timestamp without time zone", "timestamp"),
    (
        "Updated",
        ("2024-01-15T10:00:00Z", "2024-01-16T11:30:00+02:00"),
        "timestamp with time zone",
        "timestamp",
    ),
    ("Contact", ("ann@example.com", "bob@example.org"), "character varying(254)", "email"),
    ("Status", ("Shipped", "Pending"), "character varying(10)", "status"),
    ("Customer", ("Ann Lee", "Bartholomew Jonathan Smithers"), "character varying(50)", None),
    ("Phone", ("+1 555 0100", "", "-"), "character varying(20)", "phone"),
    ("Empty", ("", "n/a"), "character varying(255)", None),
    ("Notes", ("x" * 1001,), "text", "description"),
]


@pytest.mark.parametrize(
    ("header", "samples", "data_type", "semantic"), SAMPLE_CASES, ids=[c[0] for c in SAMPLE_CASES]
)
def test_table_column_from_samples(
    header: str, samples: tuple[str, ...], data_type: str, semantic: str | None
) -> None:
    html = HtmlTable(id="things", headers=(header,), samples=(samples,), row_count=len(samples))
    table = tables_of(crawl_of(page(tables=(html,))))["thing"]
    (col,) = [c for c in table["columns"] if c["name"] != "id"]
    assert col["data_type"] == data_type
    assert col["semantic_type"] == semantic
    assert col["nullable"] is True
    assert col["comment"] == header


def test_table_entity() -> None:
    html = HtmlTable(
        heading="Recent orders",
        headers=("Order #", "", "Date", "Actions", ""),
        samples=(("1001", "1002"), ("x", "y"), ("2024-01-01", "2024-01-02"), ("Edit", "Edit"), ("", "")),
        row_count=2,
    )
    tables = tables_of(crawl_of(page(tables=(html,))))
    assert list(columns_of(tables["order"])) == ["id", "order_number", "column_2", "date"]


def test_table_names_and_collisions() -> None:
    a = HtmlTable(caption="Invoices", headers=("Number",), samples=(("1",),), row_count=1)
    b = HtmlTable(aria_label="Invoices", headers=("Amount",), samples=(("2.50",),), row_count=1)
    headerless = HtmlTable(samples=(("1",),), row_count=1)
    empty = HtmlTable(id="payments", headers=("Reference",), samples=((),), row_count=0)
    schema = extract_schema(crawl_of(page(tables=(a, b, headerless, empty), title="Billing")))
    assert [t["name"] for t in schema.snapshot["tables"]] == ["invoice", "invoice_2", "payment"]
    assert any("without a header row" in note for note in schema.notes)
    assert any("shows no rows" in note for note in schema.notes)


def test_form_types_win_over_table_samples() -> None:
    form = FormInfo(
        id="orders", fields=(FormField(name="total", input_type="number", step="0.01", required=True),)
    )
    html = HtmlTable(
        id="orders", headers=("Total", "Status"), samples=(("12", "13"), ("new", "old")), row_count=2
    )
    before = tables_of(
        crawl_of(page(tables=(html,), url="http://app.test/list"), page(form, url="http://app.test/new"))
    )
    after = tables_of(
        crawl_of(page(form, url="http://app.test/new"), page(tables=(html,), url="http://app.test/list"))
    )
    for tables in (before, after):
        cols = columns_of(tables["order"])
        assert set(cols) == {"id", "total", "status"}
        assert cols["total"]["data_type"] == "numeric(12,2)"
        assert cols["total"]["nullable"] is False
