"""The evidence every label records: small dicts of source, detail and score, never a sampled value; the
summary the API and the CLI show."""

from __future__ import annotations

from tdm_agents.pii_detection import ColumnInput, classify_columns
from tdm_agents.pii_detection.evidence import evidence_items, evidence_summary

SOURCES = {"name", "values", "reference", "table", "llm", "manual"}


def test_each_decision_lists_its_evidence_without_values() -> None:
    columns = [
        ColumnInput(schema="public", table="kunde", column="telefon", data_type="varchar(30)"),
        ColumnInput(schema="public", table="kunde", column="land", data_type="varchar(40)"),
    ]
    secret = ["+49 30 9018 2011", "+49 89 1234 5678", "+49 40 5555 0199"]
    countries = ["Deutschland", "Österreich", "Schweiz"]
    results = classify_columns(columns, {columns[0].key: secret, columns[1].key: countries})
    for result in results:
        items = result.evidence["items"]
        assert items and all(set(item) <= {"source", "detail", "score"} for item in items)
        assert {item["source"] for item in items} <= SOURCES
        assert result.evidence["decided_by"] in SOURCES
        dumped = result.model_dump_json()
        for value in secret + countries:
            assert value not in dumped
    phone, land = results
    assert [i["source"] for i in phone.evidence["items"]][:2] == ["name", "values"]
    assert any(i["source"] == "reference" and "country_name" in i["detail"] for i in land.evidence["items"])
    assert any(i["source"] == "table" for i in phone.evidence["items"])  # a person table


def test_items_and_summary_from_any_stored_shape() -> None:
    new = {
        "decision": "term 'phone', confirmed by 98% of values",
        "items": [
            {"source": "name", "detail": "phone: term 'phone'", "score": 0.9},
            {"source": "values", "detail": "phone_valid: 98% of 100 sampled", "score": 0.98},
        ],
    }
    assert evidence_items(new)[1] == {
        "source": "values",
        "detail": "phone_valid: 98% of 100 sampled",
        "score": 0.98,
    }
    assert evidence_summary(new) == "term 'phone', confirmed by 98% of values; values: phone_valid: 98%"
    old = {"name_rule": "term 'email'", "match_rates": {"email": 1.0}, "decision": "term 'email'"}
    assert [i["source"] for i in evidence_items(old)] == ["name", "values"]
    manual = {"automatic": {"pii_type": "none", "confidence": 0.8, "technique": "regex"}}
    assert evidence_items(manual)[0]["source"] == "manual"
    assert evidence_summary(manual) == "set by a person (was none)"
    assert evidence_summary(None) == "-" and evidence_items(None) == []
    assert len(evidence_summary({"decision": "x" * 500}, width=40)) == 40
