"""General rules learnt from the third round of tuning schemas (a UK umbrella company, a Magento store):
firms named after people, countries kept in an `_id` column, absences, what is taken from an employee's
pay, a whole-name column holding one part of the name, and business qualifiers of special categories."""

from __future__ import annotations

from typing import Any

import pytest
from tdm_agents.pii_detection import ColumnInput, PIIType, classify_columns
from tdm_agents.pii_detection.detectors import detect_values
from tdm_agents.pii_detection.name_dictionary import match_column_name

from tests.unit.pii.support import child_of

P = PIIType
FIRMS = ["Carroll Inc", "Harris Roofing Ltd", "Müller GmbH", "Griffin, Griffith and Perez", "Johnson PLC"]
FIRMS += ["Freeman Group", "Lawson and Sons", "Dubois SARL", "Silva Ltda", "Jansen B.V.", "Reyes LLC"]
FIRMS += ["Krebs GmbH & Co. KG", "Nunes Teixeira S/A", "Dekker & Reimes", "Andres y Álamo S.A.T."]
FIRST_NAMES = ["Sarah", "Tom", "James", "Emma", "Oliver", "Sophie", "Jack", "Lucy", "Harry", "Chloe", "Mary"]


def col(column: str, data_type: str = "text", table: str = "customer_address", **extra: Any) -> ColumnInput:
    return ColumnInput(schema="public", table=table, column=column, data_type=data_type, **extra)


def classify(columns: list[ColumnInput], samples: dict[str, list[Any]]) -> dict[str, PIIType]:
    results = classify_columns(columns, {c.key: samples.get(c.column, []) for c in columns})
    return {r.column: r.pii_type for r in results}


@pytest.mark.parametrize("firm", FIRMS)
def test_a_legal_form_or_a_list_of_partners_names_a_firm(firm: str) -> None:
    evidence = detect_values([firm])
    assert evidence.rate("organisation_name") == 1.0
    assert evidence.rate("full_name") == 0.0


@pytest.mark.parametrize(
    "person",
    [
        "John Smith Jr.",
        "Smith, John",
        "Mary Ann Cole",
        "Dr. Ana García",
        "Mr & Mrs Smith",
        "Anthony Sá",
        "Lisanne Sas",
    ],
)
def test_people_are_not_firms(person: str) -> None:
    assert detect_values([person]).rate("organisation_name") == 0.0


@pytest.mark.parametrize("column", ["company", "employer", "trading_name"])
def test_a_column_of_firms_is_not_peoples_names(column: str) -> None:
    assert classify([col(column)], {column: FIRMS * 5})[column] == P.NONE


def test_a_country_id_holding_iso_codes_is_a_country() -> None:
    codes = ["US", "US", "CA", "MX", "GB", "US", "FR", "DE"] * 6
    assert classify([col("country_id", "varchar(2)")], {"country_id": codes}) == {"country_id": P.COUNTRY}


@pytest.mark.parametrize(
    ("data_type", "values"),
    [("integer", [1, 2, 3, 4, 5] * 8), ("varchar(10)", ["C001", "C002", "C003", "C004"] * 8)],
)
def test_a_country_id_holding_keys_is_not_a_country(data_type: str, values: list[Any]) -> None:
    assert classify([col("country_id", data_type)], {"country_id": values}) == {"country_id": P.NONE}


def test_the_reason_for_an_absence_is_health_data_but_its_flags_are_not() -> None:
    columns = [col("reason_detail", table="absence"), col("fit_note_flg", "char(1)", table="absence")]
    samples = {
        "reason_detail": ["Back pain", "Influenza", "Migraine", "Stress", "Surgery - knee"] * 8,
        "fit_note_flg": ["Y", "N"] * 20,
    }
    assert classify(columns, samples) == {"reason_detail": P.SENSITIVE, "fit_note_flg": P.NONE}


def test_a_reason_outside_an_absence_is_not_health_data() -> None:
    values = ["Damaged", "Wrong size", "Changed mind", "Late delivery"] * 10
    assert classify([col("reason_detail", table="refund")], {"reason_detail": values}) == {
        "reason_detail": P.NONE
    }


DEDUCTION_ORDER = [
    ("normal_deduction", "numeric(8,2)", [15.5, 40.0, 120.25] * 10),
    ("court_ref", "varchar(12)", [f"K{n:07d}" for n in range(30)]),
]


def test_what_is_taken_from_an_employees_pay_is_pay() -> None:
    result = child_of("worker", "worker_ref", "deduction_order", DEDUCTION_ORDER)
    assert result == {"normal_deduction": P.SENSITIVE, "court_ref": P.NONE}


def test_a_customers_deduction_is_not_pay() -> None:
    result = child_of("customer", "customer_ref", "deduction_order", DEDUCTION_ORDER)
    assert result["normal_deduction"] == P.NONE


def test_an_amount_per_period_on_a_payroll_table_is_pay() -> None:
    columns = [
        col("amount_per_period", "numeric(8,2)", table="garnishment"),
        col("period", "smallint", "garnishment"),
    ]
    samples: dict[str, list[Any]] = {"amount_per_period": [50.0, 75.5, 120.0] * 10, "period": [1, 2, 3] * 10}
    assert classify(columns, samples) == {"amount_per_period": P.SENSITIVE, "period": P.NONE}


@pytest.mark.parametrize("column", ["preferred_name", "name", "known_as"])
def test_a_name_column_of_single_given_names_is_a_first_name(column: str) -> None:
    assert classify([col(column, table="customer")], {column: FIRST_NAMES * 4}) == {column: P.FIRST_NAME}


def test_a_name_column_of_whole_names_stays_a_whole_name() -> None:
    names = ["Sarah Jones", "Tom Baker", "James Smith", "Emma Brown", "Oliver Wood", "Lucy Gray"] * 5
    assert classify([col("name", table="customer")], {"name": names}) == {"name": P.PERSON_NAME}


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("tax_treatment", P.NONE),
        ("vat_treatment", P.NONE),
        ("treatment", P.SENSITIVE),
        ("commission_rate", P.NONE),
        ("commission_pct", P.NONE),
        ("commission", P.SENSITIVE),
        ("sales_commission", P.SENSITIVE),
        ("take_home", P.SENSITIVE),
        ("day_rate", P.SENSITIVE),
        ("protected_earnings", P.SENSITIVE),
        ("totp_seed", P.PASSWORD),
        ("utr", P.SSN),
        ("unique_taxpayer_reference", P.SSN),
    ],
)
def test_qualified_special_categories_secrets_and_tax_references(column: str, expected: PIIType) -> None:
    assert match_column_name(column, "worker").pii_type == expected


def _fk(table: str, column: str, parent: str, parent_column: str) -> ColumnInput:
    return col(
        column, "integer", table=table, is_foreign_key=True, references=("public", parent, parent_column)
    )


def test_notes_and_directions_in_a_persons_clinical_records_are_health_data() -> None:
    columns = [
        col("patient_id", "integer", table="patient", is_primary_key=True),
        col("first_name", table="patient"),
        col("enc_id", "integer", table="encounter", is_primary_key=True),
        _fk("encounter", "patient_id", "patient", "patient_id"),
        col("notes", table="encounter"),
        col("rx_id", "integer", table="med_order", is_primary_key=True),
        _fk("med_order", "enc_id", "encounter", "enc_id"),
        col("sig", table="med_order"),
    ]
    samples: dict[str, list[Any]] = {
        "first_name": FIRST_NAMES,
        "notes": ["wound dressed", "bp stable", "patient anxious", "follow up 2w"] * 10,
        "sig": ["1 tab PO daily", "1 tab PO BID", "2 puffs q4h PRN", "10 units SC qhs"] * 10,
    }
    result = classify(columns, samples)
    assert (result["notes"], result["sig"]) == (P.SENSITIVE, P.SENSITIVE)


def test_notes_on_a_website_visit_are_not_health_data() -> None:
    columns = [
        col("visit_id", "integer", table="page_visits", is_primary_key=True),
        col("notes", table="page_visits"),
    ]
    samples: dict[str, list[Any]] = {
        "notes": ["bounced", "converted", "returned later", "abandoned cart"] * 10
    }
    assert classify(columns, samples)["notes"] == P.NONE


MEDICAL = {
    "en": ["Back pain", "Influenza", "Stress / anxiety", "Surgery - knee", "COVID-19", "Chest infection"],
    "de": ["Grippe", "Rückenschmerzen", "Bandscheibenvorfall", "Migräne"],
    "fr": ["lombalgie", "angine", "gastro-entérite", "dépression"],
    "es": ["gripe", "lumbalgia", "migraña", "ansiedad"],
    "pt": ["enxaqueca", "dengue", "cirurgia", "fratura"],
    "nl": ["griep", "rugpijn", "burn-out", "buikgriep"],
}


@pytest.mark.parametrize(
    "text",
    [t for texts in MEDICAL.values() for t in texts],
    ids=[f"{k}-{t}" for k, ts in MEDICAL.items() for t in ts],
)
def test_illnesses_and_injuries_by_value_in_each_language(text: str) -> None:
    assert detect_values([text]).rate("medical_text") == 1.0


@pytest.mark.parametrize(
    "text", ["Pain au chocolat", "Cold brew", "Operations", "Annual leave", "Jury service"]
)
def test_bread_coffee_and_leave_are_not_medical(text: str) -> None:
    assert detect_values([text]).rate("medical_text") == 0.0


def test_a_column_of_illnesses_is_health_data_whatever_it_is_called() -> None:
    values = [t for texts in MEDICAL.values() for t in texts] * 2
    assert classify([col("Remarks", table="leave_request")], {"Remarks": values}) == {"Remarks": P.SENSITIVE}


def test_an_account_name_holding_businesses_is_not_a_persons() -> None:
    columns = [col("account_name", table="accounts"), col("account_name", table="bank_accounts")]
    people = ["MR J SMITH", "MRS A JONES", "DR K PATEL", "MS L BROWN", "MR T GREEN"] * 8
    results = classify_columns(columns, {columns[0].key: FIRMS * 4, columns[1].key: people})
    assert [r.pii_type for r in results] == [P.NONE, P.PERSON_NAME]


@pytest.mark.parametrize(
    "place", ["Springfield General Hospital", "Lopez Pharmacy", "Park Lane Surgery", "St Mary's School"]
)
def test_institutions_are_organisations(place: str) -> None:
    assert detect_values([place]).rate("organisation_name") == 1.0


@pytest.mark.parametrize("person", ["Charlotte Church", "Shirley Temple", "Ann Bank"])
def test_surnames_that_are_also_institutions_stay_people(person: str) -> None:
    assert detect_values([person]).rate("organisation_name") == 0.0


def test_a_facility_and_its_places_are_the_facilitys() -> None:
    columns = [
        col("facility_name", table="facilities"),
        col("city", table="facilities"),
        col("main_phone", table="facilities"),
        col("facility_city", table="encounters"),
        col("dea_number", table="providers"),
    ]
    samples = {
        columns[0].key: [f"{c} General Hospital" for c in ("Dayton", "Fresno", "Austin", "Tulsa", "Boise")]
        * 8,
        columns[1].key: ["Dayton", "Fresno", "Austin", "Tulsa", "Boise"] * 8,
        columns[2].key: ["(937) 555-0100", "(559) 555-0142", "(512) 555-0199"] * 10,
        columns[3].key: ["Dayton", "Fresno", "Austin", "Tulsa", "Boise"] * 8,
        columns[4].key: ["AB1234563", "BM7654321", "FC2345678"] * 10,
    }
    result = [r.pii_type for r in classify_columns(columns, samples)]
    assert result == [P.NONE, P.NONE, P.NONE, P.NONE, P.OTHER]


@pytest.mark.parametrize(
    "name",
    [
        "John Smith, MD",
        "Smith, John MD",
        "Dr. Krista Hande B.Eng.",
        "Univ.Prof. Ina Roth MBA",
        "Mara de Grunt-van der Horst",
        "Jessica María Manuela Conde Galiano",
    ],
)
def test_names_with_titles_degrees_and_particles_have_the_shape_of_names(name: str) -> None:
    assert detect_values([name]).rate("person_name_shape") == 1.0


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("clinic_mrn", P.OTHER),
        ("practice_nhs_number", P.OTHER),
        ("clinic_address", P.NONE),
        ("store_lat", P.NONE),
    ],
)
def test_a_number_an_organisation_issues_to_a_person_stays_the_persons(
    column: str, expected: PIIType
) -> None:
    values: list[Any] = ["12 Main Street", "4 Elm Road", "7 Oak Avenue"] * 10 if "address" in column else []
    assert classify([col(column, table="patient")], {column: values})[column] == expected


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("titre_sejour", P.OTHER),
        ("num_permis", P.OTHER),
        ("aptitude_medicale", P.SENSITIVE),
        ("dept_naissance", P.ADDRESS),
        ("pcp_name", P.PERSON_NAME),
    ],
)
def test_french_hr_and_clinical_vocabulary(column: str, expected: PIIType) -> None:
    assert match_column_name(column, "salarie").pii_type == expected
