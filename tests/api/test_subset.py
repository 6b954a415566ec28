"""POST /subset through the public API: every bad request is a 422 naming its field (before any job is
queued), and a good one runs to a dataset version that can be listed, inspected and downloaded."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from tdm_agents.common.sources import dispose_source_engines
from tdm_cli.jobrunner import run_in_process
from tdm_cli.samples import load_sample
from tdm_orchestrator.runner import run_job

from tests.api.conftest import Keys
from tests.support.services import ServiceEndpoints
from tests.support.subsets import drop_database

PREFIX = "/api/v1"


@pytest.fixture(scope="module")
def pagila(services: ServiceEndpoints, service_env: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(URL, schema version id) of a discovered Pagila."""
    url = load_sample("pagila", services.postgres_url, dbname=f"tdm_api_pagila_{uuid.uuid4().hex[:8]}")
    outcome = run_in_process({"discover": {"connection_string": url}}, progress=False)
    assert outcome.status == "completed", outcome.error
    try:
        yield url, str(outcome.result["steps"]["discover"]["schema_version_id"])
    finally:
        dispose_source_engines()
        drop_database(url)


def _body(pagila: tuple[str, str], **changes: Any) -> dict[str, Any]:
    url, version = pagila
    body: dict[str, Any] = {
        "schema_version_id": version,
        "connection_string": url,
        "root_table": "customer",
        "filters": {"customer": {"store_id": 1}},
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


BAD_REQUESTS: list[tuple[str, dict[str, Any], list[Any]]] = [
    ("unknown root table", {"root_table": "customers"}, ["body", "root_table"]),
    ("a view as root", {"root_table": "customer_list"}, ["body", "root_table"]),
    ("unknown filter table", {"filters": {"nope": {"a": 1}}}, ["body", "filters", "nope"]),
    (
        "unknown column",
        {"filters": {"customer": {"shoe_size": 1}}},
        ["body", "filters", "customer", "shoe_size"],
    ),
    (
        "unknown operator",
        {"filters": {"customer": {"store_id": {"around": 1}}}},
        ["body", "filters", "customer", "store_id", "around"],
    ),
    (
        "text for an integer",
        {"filters": {"customer": {"store_id": "one"}}},
        ["body", "filters", "customer", "store_id", "eq"],
    ),
    (
        "a bad date",
        {"filters": {"rental": {"rental_date": {"gte": "yesterday"}}}},
        ["body", "filters", "rental", "rental_date", "gte"],
    ),
    (
        "an empty in-list",
        {"filters": {"customer": {"store_id": {"in": []}}}},
        ["body", "filters", "customer", "store_id", "in"],
    ),
    (
        "a label the enum does not have",
        {"filters": {"film": {"rating": "XXX"}}},
        ["body", "filters", "film", "rating", "eq"],
    ),
    ("a zero cap", {"max_rows_per_table": {"customer": 0}}, ["body", "max_rows_per_table", "customer"]),
    ("a negative cap", {"max_rows_per_table": {"customer": -5}}, ["body", "max_rows_per_table", "customer"]),
    ("a cap on an unknown table", {"max_rows_per_table": {"x": 5}}, ["body", "max_rows_per_table", "x"]),
    ("zero sampling", {"sampling_pct": 0}, ["body", "sampling_pct"]),
    ("over 100 percent", {"sampling_pct": 150}, ["body", "sampling_pct"]),
    ("no connection", {"connection_string": None}, ["body", "connection_id"]),
    ("no schema version", {"schema_version_id": None}, ["body", "schema_version_id"]),
    ("an unknown schema version", {"schema_version_id": str(uuid.uuid4())}, ["body", "schema_version_id"]),
    (
        "a date range on a text column",
        {"date_range": {"table": "customer", "column": "email", "start": "2022-01-01"}},
        ["body", "date_range", "column"],
    ),
    ("excluding a referenced table", {"exclude_tables": ["address"]}, ["body", "exclude_tables", 0]),
    ("a misspelt option", {"max_rows": {"customer": 5}}, ["body", "max_rows"]),
]


@pytest.mark.parametrize(("case", "changes", "loc"), BAD_REQUESTS, ids=[c[0] for c in BAD_REQUESTS])
def test_bad_requests_are_422_naming_the_field(
    client: TestClient,
    keys: Keys,
    pagila: tuple[str, str],
    case: str,
    changes: dict[str, Any],
    loc: list[Any],
) -> None:
    response = client.post(
        f"{PREFIX}/subset", headers=keys.headers("operator"), json=_body(pagila, **changes)
    )
    assert response.status_code == 422, response.text
    problem = response.json()
    assert loc in [error["loc"] for error in problem["errors"]], problem
    assert pagila[0].rsplit("/", 1)[0] not in response.text  # the connection string is not echoed


def test_a_subset_through_the_api_becomes_a_dataset_version(
    client: TestClient, keys: Keys, pagila: tuple[str, str]
) -> None:
    headers = keys.headers("operator")
    body = _body(
        pagila,
        name="store 1 sample",
        sampling_pct=25,
        seed=7,
        date_range={"table": "rental", "column": "rental_date", "start": "2022-06-01", "end": "2022-06-30"},
        passthrough_tables=["language", "category"],
    )
    accepted = client.post(f"{PREFIX}/subset", headers=headers, json=body)
    assert accepted.status_code == 202, accepted.text
    job_id = accepted.json()["job_id"]
    assert accepted.json()["operation"] == "TDM_SUBSET_ONLY"
    run_job(job_id)  # what a worker does with the queued job

    job = client.get(f"{PREFIX}/job/{job_id}", headers=headers).json()
    assert job["status"] == "completed", job
    result = job["result"]["steps"]["subset"]
    version = result["dataset_version_id"]
    assert result["row_counts"]["language"] == 6 and result["row_counts"]["customer"] > 0
    assert result["total_rows"] == sum(result["row_counts"].values())

    detail = client.get(f"{PREFIX}/dataset/{version}", headers=headers).json()
    assert detail["status"] == "active" and detail["source_type"] == "subset"
    assert detail["name"] == "store 1 sample"
    assert detail["row_count"] == result["total_rows"]
    assert detail["metadata"]["row_counts"] == result["row_counts"]
    assert detail["metadata"]["request"]["root_table"] == "customer"
    assert "connection_string" not in detail["metadata"]["request"]

    lineage = client.get(f"{PREFIX}/lineage/dataset/{version}", headers=headers)
    assert lineage.status_code == 200, lineage.text
    assert any(
        e["source_type"] == "schema_version" and e["operation"] == "subset" for e in lineage.json()["edges"]
    )

    download = client.get(f"{PREFIX}/dataset/{version}/download", headers=headers)
    assert download.status_code == 200, download.text
    links = download.json()
    url = next(f["url"] for f in links["files"] if f["table_name"] == "customer")
    table = pq.read_table(io.BytesIO(httpx.get(url, timeout=30).content))
    assert table.num_rows == result["row_counts"]["customer"]
    assert table.schema.field("create_date").metadata[b"tdm.source_type"] == b"date"
