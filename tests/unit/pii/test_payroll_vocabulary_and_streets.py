"""UK payroll and HR vocabulary (house names, next-of-kin addresses, vehicle registrations, DBS
certificates, benefits in kind, statutory family pay) and street addresses recognised by value in the
forms postal services list (USPS street suffixes, Spanish and Brazilian street types, Dutch compounds)."""

from __future__ import annotations

from typing import Any

import pytest
from tdm_agents.pii_detection import ColumnInput, PIIType, classify_columns
from tdm_agents.pii_detection.detectors import detect_values
from tdm_agents.pii_detection.name_dictionary import match_column_name
from tdm_agents.pii_detection.table_context import build_table_context

from tests.unit.pii.support import child_of

P = PIIType


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("house_name", P.ADDRESS),
        ("house_name_no", P.ADDRESS),
        ("bldg_name", P.ADDRESS),
        ("nok_address", P.ADDRESS),
        ("nok_postcode", P.POSTAL_CODE),
        ("emergency_contact_city", P.CITY),
        ("nok_name", P.PERSON_NAME),
        ("nok_phone", P.PHONE),
        ("car_reg", P.OTHER),
        ("vehicle_reg", P.OTHER),
        ("dbs_cert_no", P.OTHER),
        ("bank_ac_no", P.OTHER),
        ("bik_value", P.SENSITIVE),
        ("p11d_value", P.SENSITIVE),
        ("spp_paid", P.SENSITIVE),
        ("adoption_pay", P.SENSITIVE),
    ],
)
def test_uk_payroll_and_hr_columns(column: str, expected: PIIType) -> None:
    match = match_column_name(column, "employee", location_context=True)
    assert match.pii_type == expected, match.rule


@pytest.mark.parametrize("column", ["sales_region", "reg_date", "soc_code"])
def test_a_region_or_an_occupation_code_is_not_a_vehicle(column: str) -> None:
    assert match_column_name(column, "employee").pii_type != P.OTHER


@pytest.mark.parametrize(
    "address",
    [
        "141 Carter Mountains",
        "17066 Heather Grove Apt. 915",
        "743 Elliott Burgs",
        "Flat 17, Janet Meadows",
        "Flat 17\nJanet Meadows",
        "8 Margaret Spur",
        "Lucasboulevard 7",
        "Thomstraat 7",
        "Callejón Desiderio Valbuena 77",
        "Recanto Gabrielly Viana, 81",
        "Rua Augusta, 120 apto 12",
        "Spießstr. 92",
    ],
)
def test_street_addresses_by_value(address: str) -> None:
    assert detect_values([address]).rate("street_address") == 1.0


@pytest.mark.parametrize(
    "text", ["7 Day Pass", "2 Bed Flat", "12 Angry Men", "3 Pack Cotton Socks", "Vale 20 euros", "Room 101"]
)
def test_numbered_things_that_are_not_streets(text: str) -> None:
    assert detect_values([text]).rate("street_address") == 0.0


@pytest.mark.parametrize(
    ("value", "distinctive"), [("01310-100", True), ("01310100", False), ("SW1A 1AA", True)]
)
def test_a_postal_code_of_bare_digits_is_not_distinctive(value: str, distinctive: bool) -> None:
    assert (detect_values([value]).rate("postal_code_distinctive") == 1.0) is distinctive


def test_payslip_figures_in_employees_records_are_pay() -> None:
    amounts = [12.5, 310.0, 1200.75] * 10
    columns = [("gross", "numeric", amounts), ("ee_ni", "numeric", amounts), ("net", "numeric", amounts)]
    result = child_of("employees", "emp_id", "period_results", columns)
    assert result == {"gross": P.SENSITIVE, "ee_ni": P.SENSITIVE, "net": P.SENSITIVE}


def test_one_figure_does_not_make_a_payslip() -> None:
    amounts = [12.5, 310.0, 1200.75] * 10
    result = child_of(
        "employees",
        "emp_id",
        "expense_claims",
        [("net", "numeric", amounts), ("mileage", "numeric", amounts)],
    )
    assert result == {"net": P.NONE, "mileage": P.NONE}


@pytest.mark.parametrize(
    ("table", "employees"), [("Personnel", True), ("Colleague", True), ("pensioner", False)]
)
def test_more_words_for_people_and_staff(table: str, employees: bool) -> None:
    context = build_table_context(table, [])
    assert (context.kind, context.employees) == ("person", employees)


@pytest.mark.parametrize("table", ["w4_election", "p60", "p11d"])
def test_tax_forms_are_payroll_tables(table: str) -> None:
    assert build_table_context(table, []).kind == "payroll"


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("is_smoker", P.SENSITIVE),
        ("isVeteran", P.SENSITIVE),
        ("has_disability", P.SENSITIVE),
        ("is_mobile", P.NONE),
        ("has_email", P.NONE),
        ("rightToWorkDocumentRef", P.OTHER),
        ("brp_number", P.OTHER),
    ],
)
def test_stated_special_categories_and_right_to_work_documents(column: str, expected: PIIType) -> None:
    assert match_column_name(column, "employee").pii_type == expected


def test_address_lines_beside_a_split_postcode_are_address_lines() -> None:
    columns = [
        ColumnInput(schema="public", table="employee", column=c, data_type="text")
        for c in ("line2", "postCode")
    ]
    samples = {
        columns[0].key: ["Flat 3", "Apartment 12", "Unit 4"] * 10,
        columns[1].key: ["SW1A 1AA", "M1 1AE"] * 15,
    }
    result = {r.column: r.pii_type for r in classify_columns(columns, samples)}
    assert result == {"line2": P.ADDRESS, "postCode": P.POSTAL_CODE}


def test_a_document_number_is_a_persons_only_in_a_person_table() -> None:
    assert match_column_name("document_number", "invoice").pii_type in (None, P.NONE)


PLATES = ["AB12 CDE", "PU17MZG", "SZ-417-YC", "0669 JFV", "GY-669-Y", "DL-ZG-587", "MN07 TYY", "AA-07-NT"]


@pytest.mark.parametrize("plate", PLATES)
def test_registration_plates_by_value(plate: str) -> None:
    assert detect_values([plate]).rate("vehicle_plate") == 1.0


@pytest.mark.parametrize("code", ["SW1A 1AA", "ABC123", "PO-123456", "2024-01-15", "INV-12-AB", "1234 ABC"])
def test_postcodes_dates_and_codes_are_not_plates(code: str) -> None:
    assert detect_values([code]).rate("vehicle_plate") == 0.0


def test_a_company_car_given_to_an_employee_is_about_the_employee() -> None:
    result = child_of(
        "Employee",
        "EmployeeId",
        "CompanyCar",
        [("Registration", "varchar(10)", PLATES * 5), ("Make", "text", ["Ford", "BMW", "Audi"] * 10)],
    )
    assert result == {"Registration": P.OTHER, "Make": P.NONE}


def test_a_pension_membership_of_an_employee() -> None:
    result = child_of(
        "Employee",
        "EmployeeId",
        "EmployerPension",
        [
            ("MemberRef", "varchar(10)", [f"M{n:06d}" for n in range(40)]),
            ("EeContribution", "numeric(8,2)", [12.5, 40.0, 85.25] * 10),
            ("EeContributionPct", "numeric(4,2)", [4.0, 5.0, 8.0] * 10),
        ],
    )
    assert result == {"MemberRef": P.OTHER, "EeContribution": P.SENSITIVE, "EeContributionPct": P.NONE}


def test_an_agencys_name_is_not_a_persons() -> None:
    names = ["Jones-Brown", "Hays", "Smith Reed"] * 10
    result = child_of("Employee", "EmployeeId", "AgencyPlacement", [("AgencyName", "text", names)])
    assert result == {"AgencyName": P.NONE}


@pytest.mark.parametrize(
    ("value", "detector"),
    [
        ("Unison", "trade_union"),
        ("IG Metall", "trade_union"),
        ("CCOO", "trade_union"),
        ("FNV", "trade_union"),
        ("White British", "ethnic_group"),
        ("Black or African American", "ethnic_group"),
        ("Hispanic or Latino", "ethnic_group"),
        ("Mixed - other background", "ethnic_group"),
    ],
)
def test_unions_and_ethnic_groups_by_value(value: str, detector: str) -> None:
    assert detect_values([value]).rate(detector) == 1.0


@pytest.mark.parametrize(
    "value", ["Off White", "Jet Black", "British", "Irish", "Navy Federal", "Union Jack Mug"]
)
def test_colours_nationalities_and_products_are_neither(value: str) -> None:
    evidence = detect_values([value])
    assert evidence.rate("ethnic_group") == 0.0 and evidence.rate("trade_union") == 0.0


@pytest.mark.parametrize(
    ("table", "column", "values", "expected"),
    [
        ("employee", "union", ["Unison", "Unite", "GMB", "None"], P.SENSITIVE),
        ("employee", "membership", ["Unison", "Unite", "None", "None"], P.SENSITIVE),
        ("credit_union", "union_name", ["Navy Federal", "BECU", "Alliant"], P.NONE),
        ("employee", "eth_origin", ["White British", "Asian British", "Black British", "Mixed"], P.SENSITIVE),
        ("products", "colour", ["Black", "White", "Brown", "Green", "Gray"], P.NONE),
        ("employee", "StandardRate", [12.5, 14.25, 18.0], P.SENSITIVE),
    ],
)
def test_union_ethnicity_colour_and_rates_in_context(
    table: str, column: str, values: list[Any], expected: PIIType
) -> None:
    data_type = "numeric(6,2)" if isinstance(values[0], float) else "text"
    inputs = [ColumnInput(schema="public", table=table, column=column, data_type=data_type)]
    [result] = classify_columns(inputs, {inputs[0].key: values * 12})
    assert result.pii_type == expected, result.evidence["decision"]


@pytest.mark.parametrize(
    ("value", "shape"), [("ZZ 93 65 96 T", True), ("ZZ123456C", True), ("ZZ12345C", False)]
)
def test_a_national_insurance_number_of_a_test_prefix_has_its_shape(value: str, shape: bool) -> None:
    assert (detect_values([value]).rate("national_id") == 1.0) is shape
    assert detect_values([value]).rate("national_id_strong") == 0.0  # the shape alone proves nothing


@pytest.mark.parametrize(
    ("table", "column", "data_type", "expected"),
    [
        ("employee", "ni", "varchar(13)", P.SSN),
        ("employee", "ni_ref", "varchar(13)", P.SSN),
        ("employee", "ni_amount", "numeric(8,2)", P.SENSITIVE),
        ("payslip", "ni", "numeric(8,2)", P.SENSITIVE),
    ],
)
def test_ni_is_the_number_in_a_persons_record_and_the_contribution_on_a_payslip(
    table: str, column: str, data_type: str, expected: PIIType
) -> None:
    values: list[Any] = (
        ["ZZ 93 65 96 T", "ZZ 12 34 56 A"] * 15 if data_type.startswith("varchar") else [12.5] * 30
    )
    columns = [ColumnInput(schema="public", table=table, column=column, data_type=data_type)]
    if table == "payslip":
        columns.append(ColumnInput(schema="public", table=table, column="gross", data_type="numeric(8,2)"))
    result = classify_columns(columns, {c.key: values for c in columns})
    assert result[0].pii_type == expected, result[0].evidence["decision"]


@pytest.mark.parametrize(
    ("value", "street"), [("Jones Crescent", True), ("Carter Mountains", True), ("Mary Lane", False)]
)
def test_a_street_name_without_a_number(value: str, street: bool) -> None:
    evidence = detect_values([value])
    assert (evidence.rate("street_name") == 1.0) is street
    assert (evidence.rate("full_name") == 0.0) is street


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("Thoroughfare", P.ADDRESS),
        ("SubBuilding", P.ADDRESS),
        ("Premise", P.ADDRESS),
        ("PoBox", P.ADDRESS),
        ("Borough", P.ADDRESS),
        ("AdminArea", P.ADDRESS),
        ("Village", P.CITY),
        ("DependentLocality", P.CITY),
    ],
)
def test_royal_mail_address_file_fields(column: str, expected: PIIType) -> None:
    assert match_column_name(column, "employee_address", location_context=True).pii_type == expected


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("PAYROLLNUMBER", P.NONE),
        ("PayrollNo", P.NONE),
        ("WorksNumber", P.NONE),
        ("RollNo", P.OTHER),
        ("acc_num", P.OTHER),
        ("PAYSLIPEMAIL", P.EMAIL),
    ],
)
def test_payroll_numbers_are_keys_and_roll_numbers_are_a_persons(column: str, expected: PIIType) -> None:
    assert match_column_name(column, "employee").pii_type == expected


@pytest.mark.parametrize(
    ("value", "street"),
    [
        ("rue Jean Dupont", True),
        ("Camino Rebeca Barroso", True),
        ("Travessa Teixeira", True),
        ("Lindenstraße", True),
        ("Kerkstraat", True),
        ("Herring", False),
        ("Goldring", False),
    ],
)
def test_street_names_in_european_forms(value: str, street: bool) -> None:
    assert (detect_values([value]).rate("street_name") == 1.0) is street


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("voie", P.ADDRESS),
        ("num_voie", P.ADDRESS),
        ("num_pole_emploi", P.OTHER),
        ("quotient_familial", P.SENSITIVE),
    ],
)
def test_french_address_and_benefit_columns(column: str, expected: PIIType) -> None:
    assert match_column_name(column, "salarie", location_context=True).pii_type == expected


def test_french_gross_pay_and_bonus_of_an_employee_are_pay() -> None:
    columns = [
        ColumnInput(schema="public", table="salarie", column=c, data_type="numeric(9,2)")
        for c in ("brut", "prime")
    ]
    result = classify_columns(columns, {c.key: [1850.0, 2400.5, 3100.0] * 10 for c in columns})
    assert [r.pii_type for r in result] == [P.SENSITIVE, P.SENSITIVE]


@pytest.mark.parametrize(
    ("value", "pair"), [("51.5072,-0.1276", True), ("POINT(-0.1276 51.5072)", True), ("12.5,3", False)]
)
def test_a_position_written_in_one_text(value: str, pair: bool) -> None:
    assert (detect_values([value]).rate("coordinate_pair") == 1.0) is pair


def test_positions_of_a_subscriber_are_personal() -> None:
    positions = [f"51.{n:04d},-0.{n:04d}" for n in range(1000, 1040)]
    result = child_of("subscriber", "subscriber_id", "ping", [("last_location", "varchar(40)", positions)])
    assert result == {"last_location": P.OTHER}
