"""Table context (evidence source "table"): organisation, person, infrastructure, lookup and device tables,
and foreign keys to PII columns."""

from __future__ import annotations

from typing import Any

import pytest
from tdm_agents.pii_detection import ColumnInput, PIIType, classify_columns
from tdm_agents.pii_detection.table_context import build_table_context

P = PIIType


def col(table: str, column: str, data_type: str = "text", **extra: Any) -> ColumnInput:
    return ColumnInput(schema="public", table=table, column=column, data_type=data_type, **extra)


@pytest.mark.parametrize(
    ("table", "kind"),
    [
        ("VEND_MSTR", "organisation"), ("stores", "organisation"), ("supplier", "organisation"),
        ("lieferant", "organisation"), ("filiale", "organisation"), ("empresa", "organisation"),
        ("proveedores", "organisation"), ("fournisseur", "organisation"), ("magasin", "organisation"),
        ("loja", "organisation"), ("fornecedor", "organisation"), ("bedrijf", "organisation"),
        ("leverancier", "organisation"), ("winkel", "organisation"), ("warehouse", "organisation"),
        ("customers", "person"), ("EMP_MSTR", "person"), ("mitarbeiter", "person"), ("pacientes", "person"),
        ("kunde", "person"), ("werknemer", "person"), ("salarie", "person"), ("supplier_contact", "person"),
        ("router", "infrastructure"), ("cell_tower", "infrastructure"),
        ("country", "country_lookup"), ("countries", "country_lookup"), ("currency", "currency_lookup"),
        ("sim_card", "device"), ("orders", None),
        # contractors and markets are businesses; a plural is not split ("markets" is no "marke" + "ts")
        ("contractor", "organisation"), ("aannemer", "organisation"), ("markets", "organisation"),
        # "details of" a person's bank are the person's; riders, tenants and advisers are people
        ("EmployeeBankDetails", "person"), ("riders", "person"), ("huurder", "person"),
        ("Serviceberater", "person"),
    ],
)  # fmt: skip
def test_table_kinds(table: str, kind: str | None) -> None:
    assert build_table_context(table, []).kind == kind


def test_organisation_by_its_columns() -> None:
    columns = [col("accounts", c) for c in ("name", "industry", "website", "annual_revenue", "billing_city")]
    assert build_table_context("accounts", columns).kind == "organisation"


def test_person_context_from_a_key_or_a_reference() -> None:
    pings = [col("location_ping", "subscriber_id", "integer"), col("location_ping", "lat", "numeric(9,6)")]
    assert build_table_context("location_ping", pings).person_context
    assert build_table_context("readings", [col("readings", "x")], ["customer"]).person_context
    assert not build_table_context("stores", [col("stores", "customer_id")]).person_context


def _classify(columns: list[ColumnInput], samples: dict[str, list[Any]]) -> dict[str, Any]:
    results = classify_columns(columns, {c.key: samples[c.column] for c in columns if c.column in samples})
    return {f"{r.table}.{r.column}": r for r in results}


PHONES = ["+1 202-555-0147", "+1 415-555-0123", "+1 312-555-0199", "+1 617-555-0111", "+1 646-555-0133"]
STREETS = ["12 Baker Street", "4 High Road", "77 Mill Lane", "1 Church Street", "9 Station Road"]


def test_an_organisations_contact_data_is_not_pii_but_its_contact_person_is() -> None:
    columns = [
        col("VEND_MSTR", "VEND_NM"), col("VEND_MSTR", "VEND_ADDR1"), col("VEND_MSTR", "VEND_CITY"),
        col("VEND_MSTR", "VEND_PH"), col("VEND_MSTR", "VEND_CNTCT_NM"), col("VEND_MSTR", "VEND_CNTCT_PH"),
        col("VEND_MSTR", "VEND_LAT", "numeric(9,6)"),
    ]  # fmt: skip
    got = _classify(columns, {"VEND_ADDR1": STREETS, "VEND_PH": PHONES, "VEND_CNTCT_PH": PHONES})
    for name in ("VEND_NM", "VEND_ADDR1", "VEND_CITY", "VEND_PH", "VEND_LAT"):
        result = got[f"VEND_MSTR.{name}"]
        assert result.pii_type == P.NONE, (name, result.evidence["decision"])
    assert got["VEND_MSTR.VEND_CNTCT_NM"].pii_type == P.PERSON_NAME
    assert got["VEND_MSTR.VEND_CNTCT_PH"].pii_type == P.PHONE
    table_items = [i for i in got["VEND_MSTR.VEND_ADDR1"].evidence["items"] if i["source"] == "table"]
    assert table_items and "organisation" in table_items[0]["detail"]


def test_coordinates_and_macs_are_personal_only_about_people_or_devices() -> None:
    lat = ["51.507351", "51.501009", "51.499633", "51.513845", "51.508039"]
    device = [
        col("sim_card", "iccid"),
        col("sim_card", "latitude", "varchar(12)"),
        col("sim_card", "mac_address"),
    ]
    store = [col("store", "latitude", "varchar(12)"), col("store", "mac_address")]
    router = [col("router", "mac_address"), col("router", "ip_address")]
    got = _classify(device + store + router, {"latitude": lat})
    assert got["sim_card.latitude"].pii_type == P.OTHER
    assert got["sim_card.mac_address"].pii_type == P.OTHER
    assert got["store.latitude"].pii_type == P.NONE
    assert got["store.mac_address"].pii_type == P.NONE
    assert got["router.mac_address"].pii_type == P.NONE
    assert got["router.ip_address"].pii_type == P.NONE  # infrastructure, not a person's


def test_lookup_tables() -> None:
    got = _classify(
        [
            col("country", "country"),
            col("country", "iso_code"),
            col("currency", "name"),
            col("currency", "code"),
        ],
        {"iso_code": ["DE", "FR", "ES", "NL", "PT"], "code": ["EUR", "USD", "GBP", "CHF", "JPY"]},
    )
    assert got["country.country"].pii_type == P.COUNTRY
    assert got["currency.name"].pii_type == P.NONE
    assert got["currency.code"].pii_type == P.NONE
    assert "ISO 4217" in got["currency.code"].evidence["decision"]


def test_a_foreign_key_to_a_pii_column_takes_its_type() -> None:
    users = [col("users", "id", "integer", is_primary_key=True), col("users", "workEmail")]
    deals = [
        col(
            "deals",
            "ownerRef",
            "varchar(80)",
            is_foreign_key=True,
            references=("public", "users", "workEmail"),
        ),
        col("deals", "user_id", "integer", is_foreign_key=True, references=("public", "users", "id")),
        col(
            "deals",
            "cust_no",
            "varchar(10)",
            is_foreign_key=True,
            references=("public", "customers", "cust_no"),
        ),
        col("customers", "cust_no", "varchar(10)", is_primary_key=True),
    ]
    emails = ["a.b@example.com", "c.d@example.com", "e.f@example.com"]
    got = _classify(users + deals, {"workEmail": emails, "ownerRef": emails[:2], "cust_no": ["C01", "C02"]})
    owner = got["deals.ownerRef"]
    assert owner.pii_type == P.EMAIL
    assert any(i["source"] == "table" and "users.workEmail" in i["detail"] for i in owner.evidence["items"])
    assert got["deals.user_id"].pii_type == P.NONE  # a surrogate key stays a key
    assert got["deals.cust_no"].pii_type == P.NONE


def test_a_phone_named_column_of_short_numbers_is_an_extension() -> None:
    columns = [col("staff", "phone"), col("staff", "phone_ext_no"), col("staff", "tel")]
    got = _classify(columns, {"phone": PHONES, "tel": ["4711", "204", "3310", "118", "2025"]})
    assert got["staff.phone"].pii_type == P.PHONE
    assert got["staff.tel"].pii_type == P.NONE
    assert "extension" in got["staff.tel"].evidence["decision"]


def test_amounts_on_a_payslip_are_pay() -> None:
    columns = [
        col("payslip", "payslip_id", "integer", is_primary_key=True),
        col("payslip", "gross_amt", "numeric(10,2)"),
        col("payslip", "tax_amount", "numeric(10,2)"),
        col("payslip", "period_no", "integer"),
        col("invoice", "total_amount", "numeric(10,2)"),
    ]
    got = _classify(columns, {})
    assert build_table_context("payslip", []).kind == "payroll"
    assert got["payslip.gross_amt"].pii_type == P.SENSITIVE
    assert got["payslip.tax_amount"].pii_type == P.SENSITIVE
    assert got["payslip.period_no"].pii_type == P.NONE
    assert got["payslip.payslip_id"].pii_type == P.NONE
    assert got["invoice.total_amount"].pii_type == P.NONE


def test_a_table_of_pay_columns_is_payroll_whatever_its_name() -> None:
    columns = [
        col("PaymentHistory", "PaymentId", "integer", is_primary_key=True),
        col("PaymentHistory", "TotalGrossPay", "numeric(9,2)"),
        col("PaymentHistory", "PAYETax", "numeric(9,2)"),
        col("PaymentHistory", "EmployeeNIC", "numeric(8,2)"),
        col("PaymentHistory", "TaxPeriod", "smallint"),
    ]
    assert build_table_context("PaymentHistory", columns).kind == "payroll"
    got = _classify(columns, {})
    assert got["PaymentHistory.TotalGrossPay"].pii_type == P.SENSITIVE
    assert got["PaymentHistory.PAYETax"].pii_type == P.SENSITIVE
    assert got["PaymentHistory.TaxPeriod"].pii_type == P.NONE
    # A shop's payments stay payments.
    shop = [col("payment_history", "amount", "numeric(9,2)"), col("payment_history", "tax", "numeric(9,2)")]
    assert build_table_context("payment_history", shop).kind is None
    assert _classify(shop, {})["payment_history.amount"].pii_type == P.NONE


def test_a_contractors_office_data_is_not_pii_but_its_contact_is() -> None:
    columns = [
        col("contractor", "companies_house_no", "char(8)"),
        col("contractor", "office_phone", "varchar(20)"),
        col("contractor", "office_postcode", "varchar(8)"),
        col("contractor", "contact_mobile", "varchar(20)"),
    ]
    got = _classify(
        columns,
        {
            "companies_house_no": ["01234567", "07654321", "SC123456", "04455667", "09988776"],
            "office_phone": PHONES,
            "office_postcode": ["SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT"],
            "contact_mobile": PHONES,
        },
    )
    assert got["contractor.companies_house_no"].pii_type == P.NONE
    assert got["contractor.office_phone"].pii_type == P.NONE
    assert got["contractor.office_postcode"].pii_type == P.NONE
    assert got["contractor.contact_mobile"].pii_type == P.PHONE


def test_a_us_paycheck_is_payroll() -> None:
    columns = [
        col("paycheck", "check_id", "bigint", is_primary_key=True),
        col("paycheck", "gross_wages", "numeric(9,2)"),
        col("paycheck", "fica_ss", "numeric(8,2)"),
        col("paycheck", "k401_deferral", "numeric(8,2)"),
        col("paycheck", "check_number", "integer"),
    ]
    assert build_table_context("paycheck", columns).kind == "payroll"
    got = _classify(columns, {})
    assert got["paycheck.fica_ss"].pii_type == P.SENSITIVE
    assert got["paycheck.k401_deferral"].pii_type == P.SENSITIVE
    assert got["paycheck.check_number"].pii_type == P.NONE


def test_pay_of_employees_in_their_own_table() -> None:
    columns = [
        col("employee", "car_allowance", "numeric(8,2)"),
        col("employee", "gross_ytd", "numeric(10,2)"),
        col("employee", "contracted_hours", "numeric(5,2)"),
        col("customer", "total_spent", "numeric(10,2)"),
        col("customer", "gross_ytd", "numeric(10,2)"),
    ]
    got = _classify(columns, {})
    assert got["employee.car_allowance"].pii_type == P.SENSITIVE
    assert got["employee.gross_ytd"].pii_type == P.SENSITIVE
    assert got["employee.contracted_hours"].pii_type == P.NONE
    assert got["customer.total_spent"].pii_type == P.NONE
    assert got["customer.gross_ytd"].pii_type == P.NONE  # a customer's purchases are no pay
