"""Banking and marketplace vocabulary probed by hand (names on cards, passcodes, online-banking logins,
customer vulnerability, employers, identity documents, social handles, "postal" alone), and the Spanish
CIF control character that keeps a passport number from passing for a company's tax number."""

from __future__ import annotations

from typing import Any

import pytest
from tdm_agents.pii_detection import ColumnInput, PIIType, classify_columns
from tdm_agents.pii_detection.name_dictionary import match_column_name

from tests.unit.pii.support import child_of

P = PIIType


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("name_on_card", P.PERSON_NAME),
        ("embossed_name", P.PERSON_NAME),
        ("passcode_hash", P.PASSWORD),
        ("telephone_passcode", P.PASSWORD),
        ("memorable_info", P.PASSWORD),
        ("online_banking_id", P.USERNAME),
        ("vulnerability_notes", P.SENSITIVE),
        ("id_document_number", P.SSN),
        ("government_id", P.SSN),
        ("twitter", P.OTHER),
        ("tiktok_handle", P.OTHER),
        ("billing_postal", P.POSTAL_CODE),
    ],
)
def test_banking_and_marketplace_columns(column: str, expected: PIIType) -> None:
    match = match_column_name(column, "customer", location_context=True)
    assert match.pii_type == expected, match.rule


@pytest.mark.parametrize("column", ["name_on", "created_on", "posted_on"])
def test_on_still_makes_a_date_or_an_event(column: str) -> None:
    assert match_column_name(column, "customer").pii_type in (None, P.NONE)


def test_an_employers_name_is_an_organisations() -> None:
    assert match_column_name("employer_name", "customer").pii_type == P.NONE


def test_a_passport_like_number_under_an_identity_document_name_is_not_a_company_tax_number() -> None:
    column = ColumnInput(schema="public", table="users", column="id_document_number", data_type="text")
    values: list[Any] = [f"A{n:08d}" for n in range(12345678, 12345678 + 400, 7)]
    [result] = classify_columns([column], {column.key: values})
    assert result.pii_type == P.SSN, result.evidence["decision"]


def _accounts_of(holder: str, table: str) -> dict[str, PIIType]:
    numbers = [f"{n:08d}" for n in range(40000000, 40000040)]
    columns = [("AccountNumber", "varchar(8)", numbers), ("RollNumber", "varchar(18)", numbers)]
    return child_of(holder, "holder_id", table, columns)


@pytest.mark.parametrize("table", ["BankDetails", "bank_account", "EmployeeBankAccount", "Bank"])
def test_a_bank_table_of_a_persons_accounts_is_the_persons(table: str) -> None:
    assert _accounts_of("Employee", table) == {"AccountNumber": P.OTHER, "RollNumber": P.OTHER}


def test_a_suppliers_bank_account_stays_the_suppliers() -> None:
    assert _accounts_of("supplier", "bank_account")["AccountNumber"] == P.NONE


def test_a_handful_of_managers_are_still_people() -> None:
    managers = ["Sarah Jones", "Tom Baker", "James Smith", "Emma Brown", "Oliver Wood"] * 10
    payers = ["Aetna", "Cigna", "Humana", "Medicare", "Medicaid"] * 10
    columns = [
        ColumnInput(schema="public", table="pay_run", column="approved_by", data_type="text"),
        ColumnInput(schema="public", table="pay_run", column="line_manager", data_type="text"),
        ColumnInput(schema="public", table="claim", column="payer", data_type="text"),
    ]
    samples = {columns[0].key: managers, columns[1].key: managers, columns[2].key: payers}
    result = {r.column: r.pii_type for r in classify_columns(columns, samples)}
    assert result == {"approved_by": P.PERSON_NAME, "line_manager": P.PERSON_NAME, "payer": P.NONE}


@pytest.mark.parametrize(
    ("table", "column", "expected"),
    [
        ("shipping_labels", "to_name", P.PERSON_NAME),
        ("shipping_labels", "from_name", P.PERSON_NAME),
        ("payouts", "bank_account_holder", P.PERSON_NAME),
        ("stores", "store_display_name", P.NONE),
    ],
)
def test_addressees_and_holders_are_people(table: str, column: str, expected: PIIType) -> None:
    names = ["Sarah Jones", "Tom Baker", "James Smith", "Emma Brown", "Oliver Wood", "Lucy Gray"] * 8
    inputs = [ColumnInput(schema="public", table=table, column=column, data_type="text")]
    [result] = classify_columns(inputs, {inputs[0].key: names})
    assert result.pii_type == expected, result.evidence["decision"]


def test_a_senders_name_on_an_email_template_is_not_a_person() -> None:
    column = ColumnInput(schema="public", table="email_template", column="from_name", data_type="text")
    [result] = classify_columns([column], {column.key: ["Acme Support", "Billing Team", "Nordhaven"] * 20})
    assert result.pii_type == P.NONE


@pytest.mark.parametrize(("table", "expected"), [("user_devices", P.OTHER), ("ad_campaign", P.NONE)])
def test_advertising_ids_of_a_persons_device(table: str, expected: PIIType) -> None:
    ids = [f"6d{n:06x}-1c2b-4a5e-9f00-0000{n:08x}" for n in range(40)]
    column = ColumnInput(schema="public", table=table, column="advertising_id", data_type="text")
    [result] = classify_columns([column], {column.key: ids})
    assert result.pii_type == expected, result.evidence["decision"]
