"""Accuracy of no-LLM classification on every column of Pagila and Chinook, against labels written here.

Every column of every base table of both databases is classified; the expected label is "none" unless
listed below. Borderline decisions, and why:
- state / district / billing_state -> address: a component of a postal address (with city and postal
  code it narrows where a person lives); the type list has no separate "region".
- country / city columns of person and address tables -> country / city (the spec's types).
- staff.picture -> other: a photograph of an employee is personal data of no listed type.
- actor first/last names -> first_name / last_name: they are people's names, whatever the table.
- none: customer.company (an organisation, not a person), employee.title (job title), hire_date (an
  employment event, not a birth date), create_date / last_update (system timestamps), artist.name and
  track.composer (public names of works' authors, not data subjects), album/track/film titles, key
  columns (customer_id, address_id, support_rep_id, reports_to: numbers pointing at PII, not PII).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import create_engine
from tdm_agents.pii_detection import (
    ColumnClassification,
    ColumnSampler,
    PIIType,
    classify_columns,
    reflect_columns,
)
from tdm_cli.samples import load_sample, with_database
from tdm_metadata_store.settings import sqlalchemy_url

from tests.support.services import ServiceEndpoints

P = PIIType

PAGILA_PII: dict[str, PIIType] = {
    "actor.first_name": P.FIRST_NAME,
    "actor.last_name": P.LAST_NAME,
    "address.address": P.ADDRESS,
    "address.address2": P.ADDRESS,
    "address.district": P.ADDRESS,
    "address.postal_code": P.POSTAL_CODE,
    "address.phone": P.PHONE,
    "city.city": P.CITY,
    "country.country": P.COUNTRY,
    "customer.first_name": P.FIRST_NAME,
    "customer.last_name": P.LAST_NAME,
    "customer.email": P.EMAIL,
    "staff.first_name": P.FIRST_NAME,
    "staff.last_name": P.LAST_NAME,
    "staff.email": P.EMAIL,
    "staff.username": P.USERNAME,
    "staff.password": P.PASSWORD,
    "staff.picture": P.OTHER,
}

_PERSON_CONTACT: dict[str, PIIType] = {
    "first_name": P.FIRST_NAME,
    "last_name": P.LAST_NAME,
    "address": P.ADDRESS,
    "city": P.CITY,
    "state": P.ADDRESS,
    "country": P.COUNTRY,
    "postal_code": P.POSTAL_CODE,
    "phone": P.PHONE,
    "fax": P.PHONE,
    "email": P.EMAIL,
}
CHINOOK_PII: dict[str, PIIType] = {
    **{f"customer.{column}": label for column, label in _PERSON_CONTACT.items()},
    **{f"employee.{column}": label for column, label in _PERSON_CONTACT.items()},
    "employee.birth_date": P.DATE_OF_BIRTH,
    "invoice.billing_address": P.ADDRESS,
    "invoice.billing_city": P.CITY,
    "invoice.billing_state": P.ADDRESS,
    "invoice.billing_country": P.COUNTRY,
    "invoice.billing_postal_code": P.POSTAL_CODE,
}


@pytest.fixture(scope="module")
def sample_databases(services: ServiceEndpoints) -> Iterator[dict[str, str]]:
    tag = uuid.uuid4().hex[:8]
    names = {"pagila": f"pii_acc_pagila_{tag}", "chinook": f"pii_acc_chinook_{tag}"}
    urls: dict[str, str] = {}
    try:
        for sample, dbname in names.items():
            urls[sample] = load_sample(sample, services.postgres_url, dbname=dbname, replace=True)
        yield urls
    finally:
        with psycopg.connect(with_database(services.postgres_url, "postgres"), autocommit=True) as conn:
            for dbname in names.values():
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname))
                )


def classify_database(url: str) -> list[ColumnClassification]:
    engine = create_engine(sqlalchemy_url(url))
    try:
        columns = reflect_columns(engine)
        sampler = ColumnSampler(engine, per_column=100)
        samples = sampler.sample(columns)
        assert sampler.problems == {}
    finally:
        engine.dispose()
    return classify_columns(columns, samples)


def score(name: str, results: list[ColumnClassification], expected_pii: dict[str, PIIType]) -> None:
    expected = {f"{r.table}.{r.column}": expected_pii.get(f"{r.table}.{r.column}", P.NONE) for r in results}
    missing = set(expected_pii) - set(expected)
    assert not missing, f"{name}: labelled columns not found in the database: {sorted(missing)}"
    got = {f"{r.table}.{r.column}": r.pii_type for r in results}
    true_pos = sum(1 for k in got if got[k].is_pii and expected[k].is_pii)
    false_pos = [k for k in got if got[k].is_pii and not expected[k].is_pii]
    false_neg = [k for k in got if not got[k].is_pii and expected[k].is_pii]
    precision = true_pos / (true_pos + len(false_pos)) if true_pos + len(false_pos) else 1.0
    recall = true_pos / (true_pos + len(false_neg)) if true_pos + len(false_neg) else 1.0
    pii_columns = [k for k in expected if expected[k].is_pii]
    exact = sum(1 for k in pii_columns if got[k] == expected[k]) / len(pii_columns)
    confusion = Counter((expected[k].value, got[k].value) for k in got if expected[k] != got[k])
    report = (
        f"{name}: {len(got)} columns, precision {precision:.3f}, recall {recall:.3f}, "
        f"exact type {exact:.3f}\n"
        f"  false positives: {false_pos}\n  false negatives: {false_neg}\n"
        f"  wrong types (expected -> got: count): {dict(confusion)}\n"
        + "\n".join(
            f"  {k}: expected {expected[k]}, got {got[k]} ({r.evidence.get('decision')})"
            for r in results
            if expected[k := f"{r.table}.{r.column}"] != r.pii_type
        )
    )
    print(report)
    assert precision >= 0.95, report
    assert recall >= 0.95, report
    assert exact >= 0.9, report


def test_pagila_accuracy(sample_databases: dict[str, str]) -> None:
    results = classify_database(sample_databases["pagila"])
    assert len(results) > 100  # every column of every base table, partitions included
    score("pagila", results, PAGILA_PII)


def test_chinook_accuracy(sample_databases: dict[str, str]) -> None:
    results = classify_database(sample_databases["chinook"])
    assert len(results) > 60
    score("chinook", results, CHINOOK_PII)


def test_classification_is_deterministic(sample_databases: dict[str, str]) -> None:
    first = classify_database(sample_databases["chinook"])
    second = classify_database(sample_databases["chinook"])
    assert [r.model_dump() for r in first] == [r.model_dump() for r in second]


def test_no_sampled_value_leaks_into_evidence(sample_databases: dict[str, str]) -> None:
    results = classify_database(sample_databases["pagila"])
    evidence = " ".join(r.model_dump_json() for r in results)
    for value in (
        "MARY.SMITH@sakilacustomer.org",
        "MySakila Drive",
        "8cb2237d0679ca88db6464eac60da96345513964",
    ):
        assert value not in evidence
