"""General rules learnt from the second round of tuning schemas: business places and lines, role
mailboxes, surnames beside first names, category "names", registry-style names, Eircodes, payslips."""

from __future__ import annotations

from typing import Any

import pytest
from tdm_agents.pii_detection import ColumnInput, PIIType, classify_columns
from tdm_agents.pii_detection.detectors import detect_values
from tdm_agents.pii_detection.name_dictionary import match_column_name
from tdm_agents.pii_detection.reference_data import postal_format
from tdm_agents.pii_detection.table_context import build_table_context

P = PIIType
SURNAMES = ["Müller", "Schmidt", "Weber", "Fischer", "Wagner", "Becker"]
SURNAMES += ["Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Neumann"]


def col(column: str, data_type: str = "text", table: str = "sellers", **flags: bool) -> ColumnInput:
    return ColumnInput(schema="public", table=table, column=column, data_type=data_type, **flags)


def classify(columns: list[ColumnInput], samples: dict[str, list[Any]]) -> dict[str, PIIType]:
    results = classify_columns(columns, {c.key: samples.get(c.column, []) for c in columns})
    return {r.column: r.pii_type for r in results}


@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("warehouse_city", ["Springfield", "Dayton", "Fresno", "Austin", "Tulsa"] * 10),
        ("warehouse_zip", ["30301", "73301", "10001", "60601", "94105"] * 10),
        ("support_phone", ["1-800-555-0100", "1-800-555-0199", "1-800-555-0142"] * 10),
        ("return_address_line1", ["12 Main Street", "400 Oak Avenue", "7 Elm Road"] * 10),
        ("ship_from_zip", ["30301", "73301", "10001", "60601", "94105"] * 10),
    ],
)
def test_a_business_place_or_line_is_not_personal(column: str, values: list[str]) -> None:
    assert classify([col(column)], {column: values})[column] == P.NONE


def test_role_mailboxes_are_not_personal_even_in_a_person_table() -> None:
    values = ["support@nordhaven.com", "support@kitchara.io", "info@aerion.net"] * 10
    assert classify([col("support_email", table="customer")], {"support_email": values}) == {
        "support_email": P.NONE
    }


def test_segmentation_keeps_support_whole() -> None:
    assert match_column_name("support_phone").tokens == ("support", "phone")


def test_surname_beside_first_name_of_the_same_person() -> None:
    columns = [col("vn_vorname", table="vertrag"), col("vn_name", table="vertrag")]
    samples = {
        "vn_vorname": ["Anna", "Peter", "Jonas", "Lea", "Karl", "Maria", "Paul", "Sophie", "Lukas"] * 5,
        "vn_name": SURNAMES * 4,
    }
    assert classify(columns, samples) == {"vn_vorname": P.FIRST_NAME, "vn_name": P.LAST_NAME}


def test_a_whole_name_column_with_a_handful_of_values_is_categories() -> None:
    values = ["Aetna", "Cigna", "Humana", "Medicare", "Medicaid"] * 12
    assert classify([col("payer_nm", table="patient")], {"payer_nm": values}) == {"payer_nm": P.NONE}


def test_registry_style_names_with_degrees_are_names() -> None:
    values = ["Smith, John MD", "Garcia, Maria MD", "Brown, Tom DO", "Jones, Kim MD", "Miller, Amy NP"] * 8
    assert detect_values(values, "varchar(60)").rate("full_name") == 1.0


def test_eircodes_need_letters_in_the_unique_identifier() -> None:
    assert postal_format("D02 X285") == "IE"
    assert postal_format("E010001") is None


def test_a_persons_bank_table_is_a_person_table() -> None:
    assert build_table_context("emp_bank", []).kind == "person"
    assert build_table_context("bank", []).kind == "organisation"


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("hm_addr_ln1", P.ADDRESS),
        ("sex_cd", P.OTHER),
        ("abs_rsn", P.SENSITIVE),
        ("drug_nm", P.SENSITIVE),
        ("memorable_word", P.PASSWORD),
        ("kto_inh", P.PERSON_NAME),
        ("staatsang", P.COUNTRY),
        ("pay_freq", P.NONE),
    ],
)
def test_abbreviated_names(column: str, expected: PIIType) -> None:
    assert match_column_name(column, "employee").pii_type == expected


def test_pay_record_tables_make_amounts_pay_but_not_periods() -> None:
    columns = [
        col("pay_id", "integer", table="pay_hist", is_primary_key=True),
        col("tax_paid", "numeric(9,2)", table="pay_hist"),
        col("tax_period", "smallint", table="pay_hist"),
    ]
    samples: dict[str, list[Any]] = {"tax_paid": [312.5, 400.1, 250.0] * 10, "tax_period": [1, 2, 3] * 10}
    result = classify(columns, samples)
    assert (result["tax_paid"], result["tax_period"]) == (P.SENSITIVE, P.NONE)
