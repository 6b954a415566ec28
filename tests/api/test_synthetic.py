"""POST /synthetic through the public API: bad requests are 422s naming the field; a domain pack runs to
a synthetic dataset version with its lineage, readable through the catalog."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

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
def chinook_version(services: ServiceEndpoints, service_env: dict[str, str]) -> Iterator[str]:
    url = load_sample("chinook", services.postgres_url, dbname=f"tdm_api_syn_{uuid.uuid4().hex[:8]}")
    try:
        discovered = run_in_process({"discover": {"connection_string": url}}, progress=False)
        assert discovered.status == "completed", discovered.error
        yield str(discovered.result["steps"]["discover"]["schema_version_id"])
    finally:
        dispose_source_engines()
        drop_database(url)


BAD: list[tuple[str, dict[str, Any], list[Any]]] = [
    ("no schema source", {}, ["body"]),
    ("an unknown pack", {"domain_pack": "insurance"}, ["body", "domain_pack"]),
    (
        "a negative row count",
        {"domain_pack": "banking", "row_counts": {"account": -1}},
        ["body", "row_counts", "account"],
    ),
    ("a zero scale", {"domain_pack": "banking", "scale": 0}, ["body", "scale"]),
    ("an unknown engine", {"domain_pack": "banking", "engine": "gan"}, ["body", "engine"]),
    ("a spec URL that is not one", {"api_spec_url": "not a url"}, ["body", "api_spec_url"]),
    ("a misspelt option", {"domain_pack": "banking", "rows": 5}, ["body", "rows"]),
]


@pytest.mark.parametrize(("case", "body", "loc"), BAD, ids=[c[0] for c in BAD])
def test_bad_requests_are_422_naming_the_field(
    client: TestClient, keys: Keys, case: str, body: dict[str, Any], loc: list[Any]
) -> None:
    response = client.post(f"{PREFIX}/synthetic", headers=keys.headers("operator"), json=body)
    assert response.status_code == 422, response.text
    locs = [error["loc"][: len(loc)] for error in response.json()["errors"]]
    assert loc in locs, response.json()


def test_unknown_table_in_row_counts_is_422(client: TestClient, keys: Keys, chinook_version: str) -> None:
    body = {"schema_version_id": chinook_version, "row_counts": {"invoices_typo": 10}}
    response = client.post(f"{PREFIX}/synthetic", headers=keys.headers("operator"), json=body)
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert [e["loc"] for e in errors] == [["body", "row_counts", "invoices_typo"]], errors
    assert "invoices_typo" in errors[0]["msg"]


def test_a_viewer_cannot_generate(client: TestClient, keys: Keys) -> None:
    response = client.post(
        f"{PREFIX}/synthetic", headers=keys.headers("viewer"), json={"domain_pack": "telecom"}
    )
    assert response.status_code == 403, response.text


def test_a_domain_pack_through_the_api(client: TestClient, keys: Keys) -> None:
    operator = keys.headers("operator")
    accepted = client.post(
        f"{PREFIX}/synthetic", headers=operator, json={"domain_pack": "telecom", "scale": 0.1, "seed": 4}
    )
    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["operation"] == "TDM_SYNTHETIC_RUN"
    run_job(accepted.json()["job_id"])
    job = client.get(f"{PREFIX}/job/{accepted.json()['job_id']}", headers=operator).json()
    assert job["status"] == "completed", job
    result = job["result"]["steps"]["synthetic"]
    assert result["engine"] == "tdm" and result["checks"]["problems"] == []
    version = result["dataset_version_id"]
    dataset = client.get(f"{PREFIX}/dataset/{version}", headers=operator)
    assert dataset.status_code == 200, dataset.text
    assert dataset.json()["source_type"] == "synthetic"
    lineage = client.get(f"{PREFIX}/lineage/dataset/{version}", headers=operator).json()
    assert any(
        e["operation"] == "synthetic" and e["source_type"] == "schema_version" for e in lineage["edges"]
    )


def test_the_domain_pack_catalog(client: TestClient, keys: Keys) -> None:
    response = client.get(f"{PREFIX}/synthetic/domain-packs", headers=keys.headers("viewer"))
    assert response.status_code == 200, response.text
    packs = {p["name"]: p for p in response.json()}
    assert {"ecommerce", "banking", "telecom", "healthcare"} <= set(packs)
    banking = packs["banking"]
    assert {e["name"] for e in banking["entities"]} >= {"customer", "account", "transaction", "beneficiary"}
    assert all(e["default_rows"] > 0 and e["columns"] for e in banking["entities"])
    assert banking["relationships"] and all("->" in r for r in banking["relationships"])
    assert client.get(f"{PREFIX}/synthetic/domain-packs").status_code == 401
