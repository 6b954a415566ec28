"""The `sensitive` category: special-category data about a person (pay, health, religion, ethnicity, union
membership...) that identifies nobody. Found by name in each language, by values (blood groups), on
booleans; distinct from direct identifiers; masked by "auto" only when the request asks."""

from __future__ import annotations

from typing import Any

import pytest
from tdm_agents.masking.contract import MaskStep
from tdm_agents.masking.rules import auto_rules
from tdm_agents.pii_detection import ColumnInput, PIIType, classify_columns
from tdm_agents.pii_detection.labels import parse_pii_type
from tdm_core.schema_model import normalize_snapshot

P = PIIType

SENSITIVE_NAMES: dict[str, list[str]] = {
    "en": ["salary", "annual_income", "gross_pay", "bonus", "religion", "ethnicity", "race", "diagnosis",
           "icd10_code", "medication", "allergies", "blood_type", "disability_status", "treatment",
           "smoking_status", "union_member", "sexual_orientation", "political_party", "clinical_notes"],
    "de": ["gehalt", "bruttogehalt", "gehaltsvorstellung", "lohn", "konfession", "religion", "diagnose",
           "medikamente", "allergien", "blutgruppe", "schwerbehinderung", "behandlung", "raucher",
           "gewerkschaftsmitglied"],
    "fr": ["salaire", "salaire_brut", "religion", "diagnostic", "traitement", "allergie", "groupe_sanguin",
           "handicap", "fumeur", "syndicat"],
    "es": ["salario", "sueldo", "religion", "diagnostico", "diagnostico_cie10", "tratamiento", "alergias",
           "grupo_sanguineo", "discapacidad", "motivo_consulta", "sindicato"],
    "pt": ["salário", "remuneração", "religião", "diagnostico", "tratamento", "alergia", "tipo_sanguineo",
           "deficiencia", "raca", "sindicalizado"],
    "nl": ["salaris", "loon", "inkomen", "godsdienst", "diagnose", "behandeling", "allergie", "bloedgroep",
           "beperking", "vakbondslid"],
}  # fmt: skip


def col(column: str, data_type: str = "text", table: str = "employee") -> ColumnInput:
    return ColumnInput(schema="public", table=table, column=column, data_type=data_type)


@pytest.mark.parametrize(
    "column",
    [c for names in SENSITIVE_NAMES.values() for c in names],
    ids=[f"{lang}-{c}" for lang, names in SENSITIVE_NAMES.items() for c in names],
)
def test_sensitive_names_in_each_language(column: str) -> None:
    [result] = classify_columns([col(column)], {})
    assert result.pii_type == P.SENSITIVE, result.evidence["decision"]
    assert result.pii_type.is_pii and result.pii_type.is_sensitive and not result.pii_type.is_identifier


@pytest.mark.parametrize(
    "column",
    ["salary_currency", "pay_period", "payment_method", "diagnosis_id", "religion_count", "gift_message",
     "treatment_room", "order_total", "status"],
)  # fmt: skip
def test_look_alikes_are_not_sensitive(column: str) -> None:
    data_type = "integer" if column.endswith(("_id", "_count")) else "text"
    [result] = classify_columns([col(column, data_type)], {})
    assert result.pii_type != P.SENSITIVE, result.evidence["decision"]


def test_numbers_and_booleans_can_be_sensitive() -> None:
    columns = [
        col("SAL_AMT", "numeric(10,2)"),
        col("gewerkschaftsmitglied", "boolean"),
        col("active", "boolean"),
    ]
    samples: dict[Any, list[Any]] = {columns[0].key: [31000, 52000], columns[1].key: [True, False]}
    got = {r.column: r.pii_type for r in classify_columns(columns, samples)}
    assert got == {"SAL_AMT": P.SENSITIVE, "gewerkschaftsmitglied": P.SENSITIVE, "active": P.NONE}


def test_blood_groups_by_value_alone() -> None:
    column = col("col_17", "varchar(3)")
    values = ["A+", "0-", "B+", "AB+", "0+", "A-", "A+", "0+"]
    [result] = classify_columns([column], {column.key: values})
    assert result.pii_type == P.SENSITIVE
    assert any(i["source"] == "reference" and "blood_group" in i["detail"] for i in result.evidence["items"])


def test_label_synonyms_and_types() -> None:
    assert parse_pii_type("sensitive") == P.SENSITIVE
    assert parse_pii_type("health data") == P.SENSITIVE
    assert parse_pii_type("salary") == P.SENSITIVE
    assert all(t.is_identifier for t in P if t not in (P.NONE, P.SENSITIVE))


SNAPSHOT = normalize_snapshot(
    {
        "tables": [
            {
                "schema": "public",
                "name": "employee",
                "kind": "table",
                "columns": [
                    {"name": "id", "data_type": "integer", "nullable": False, "is_primary_key": True},
                    {"name": "email", "data_type": "character varying(80)", "nullable": True},
                    {"name": "salary", "data_type": "numeric(10,2)", "nullable": True},
                    {"name": "diagnosis", "data_type": "character varying(120)", "nullable": True},
                    {"name": "blood_group", "data_type": "character(3)", "nullable": True},
                    {"name": "union_member", "data_type": "boolean", "nullable": True},
                    {"name": "hired_on", "data_type": "date", "nullable": True},
                ],
            }
        ],
        "relationships": [],
    }
)
PII_MAP = [
    ("employee", "email", "email"),
    ("employee", "salary", "sensitive"),
    ("employee", "diagnosis", "sensitive"),
    ("employee", "blood_group", "sensitive"),
    ("employee", "union_member", "sensitive"),
]


def test_auto_rules_mask_identifiers_always_and_sensitive_columns_only_on_request() -> None:
    rules, unmaskable = auto_rules(PII_MAP, SNAPSHOT)
    assert set(rules) == {"employee.email"} and unmaskable == []
    rules, unmaskable = auto_rules(PII_MAP, SNAPSHOT, mask_sensitive=True)
    assert unmaskable == []
    assert rules["employee.email"] == "mask.email_deterministic"
    assert rules["employee.salary"] == {"type": "mask.noise", "params": {"pct": 20}}
    assert rules["employee.diagnosis"] == {"type": "mask.redact", "params": {"replacement": "REDACTED"}}
    assert rules["employee.blood_group"] == {"type": "mask.redact", "params": {"replacement": "X"}}
    assert rules["employee.union_member"] == "mask.null"


def test_mask_step_contract_has_mask_sensitive_off_by_default() -> None:
    assert MaskStep(rules="auto").mask_sensitive is False
    assert MaskStep(rules="auto", mask_sensitive=True).mask_sensitive is True
