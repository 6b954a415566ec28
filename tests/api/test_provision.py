"""POST /provision through the public API: bad requests are 422s naming the field; a good one loads the
dataset version into the environment, with its lineage; an environment that requires approval holds the
job until someone else approves it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from tdm_agents.common.sources import dispose_source_engines
from tdm_cli.jobrunner import run_in_process
from tdm_cli.samples import load_sample
from tdm_orchestrator.runner import run_job

from tests.api.conftest import Keys
from tests.support.services import ServiceEndpoints
from tests.support.subsets import create_empty, drop_database

PREFIX = "/api/v1"


@pytest.fixture(scope="module")
def dataset(services: ServiceEndpoints, service_env: dict[str, str]) -> Iterator[str]:
    """The dataset version of a Pagila subset rooted at its six languages."""
    url = load_sample("pagila", services.postgres_url, dbname=f"tdm_api_prov_{uuid.uuid4().hex[:8]}")
    try:
        discovered = run_in_process({"discover": {"connection_string": url}}, progress=False)
        assert discovered.status == "completed", discovered.error
        version = discovered.result["steps"]["discover"]["schema_version_id"]
        request = {"schema_version_id": version, "connection_string": url, "root_table": "language"}
        sliced = run_in_process({"subset": request}, progress=False)
        assert sliced.status == "completed", sliced.error
        yield str(sliced.result["steps"]["subset"]["dataset_version_id"])
    finally:
        dispose_source_engines()
        drop_database(url)


@pytest.fixture
def environment(client: TestClient, keys: Keys, services: ServiceEndpoints) -> Iterator[tuple[str, str]]:
    """(name, URL) of an environment registered through the API over a new empty database."""
    url = create_empty(services.postgres_url, "tdm_api_env")
    name = f"QA-{uuid.uuid4().hex[:8]}"
    created = client.post(
        f"{PREFIX}/environments", headers=keys.headers("admin"), json={"name": name, "connection_string": url}
    )
    assert created.status_code == 201, created.text
    yield name, url
    client.delete(f"{PREFIX}/environments/{name}", headers=keys.headers("admin"))
    dispose_source_engines()
    drop_database(url)


BAD: list[tuple[str, dict[str, Any], list[Any]]] = [
    ("an unknown environment", {"target_env": "NOPE-ENV"}, ["body", "target_env"]),
    ("an unknown reset mode", {"reset_mode": "wipe"}, ["body", "reset_mode"]),
    (
        "a check without SQL",
        {"smoke_checks": [{"name": "x", "expect": 1}]},
        ["body", "smoke_checks", 0, "sql"],
    ),
    ("a negative lock wait", {"lock_timeout_seconds": -1}, ["body", "lock_timeout_seconds"]),
    ("an unknown dataset", {"dataset_version_id": str(uuid.uuid4())}, ["body", "dataset_version_id"]),
    ("a misspelt option", {"reset": True}, ["body", "reset"]),
]


@pytest.mark.parametrize(("case", "changes", "loc"), BAD, ids=[c[0] for c in BAD])
def test_bad_requests_are_422_naming_the_field(
    client: TestClient,
    keys: Keys,
    dataset: str,
    environment: tuple[str, str],
    case: str,
    changes: dict[str, Any],
    loc: list[Any],
) -> None:
    body = {"dataset_version_id": dataset, "target_env": environment[0], **changes}
    response = client.post(f"{PREFIX}/provision", headers=keys.headers("operator"), json=body)
    assert response.status_code == 422, response.text
    assert loc in [error["loc"] for error in response.json()["errors"]], response.json()


def test_provision_through_the_api_and_an_approval(
    client: TestClient, keys: Keys, dataset: str, environment: tuple[str, str]
) -> None:
    name, url = environment
    operator = keys.headers("operator")
    body = {
        "dataset_version_id": dataset,
        "target_env": name,
        "smoke_checks": [{"name": "six languages", "sql": "SELECT count(*) FROM language", "expect": 6}],
    }
    accepted = client.post(f"{PREFIX}/provision", headers=operator, json=body)
    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["operation"] == "TDM_PROVISION_ONLY"
    run_job(accepted.json()["job_id"])
    job = client.get(f"{PREFIX}/job/{accepted.json()['job_id']}", headers=operator).json()
    assert job["status"] == "completed", job
    result = job["result"]["steps"]["provision"]
    assert result["environment"] == name and result["row_counts"]["language"] == 6
    assert [c["name"] for c in result["smoke_test_results"]["checks"]][-1] == "six languages"
    lineage = client.get(f"{PREFIX}/lineage/dataset/{dataset}", headers=operator).json()
    assert any(
        e["operation"] == "provisioned_to" and e["target_type"] == "environment" for e in lineage["edges"]
    )

    # The environment now requires an approval: the job waits for one, from another key.
    updated = client.put(
        f"{PREFIX}/environments/{name}", headers=keys.headers("admin"), json={"requires_approval": True}
    )
    assert updated.status_code == 200, updated.text
    again = client.post(f"{PREFIX}/provision", headers=operator, json={**body, "reset_env": True})
    job_id = again.json()["job_id"]
    run_job(job_id)
    assert client.get(f"{PREFIX}/job/{job_id}", headers=operator).json()["status"] == "awaiting_approval"
    own = client.post(f"{PREFIX}/job/{job_id}/approve", headers=operator, json={})
    assert own.status_code in (403, 409), own.text  # four eyes: not by the submitter
    approved = client.post(f"{PREFIX}/job/{job_id}/approve", headers=keys.headers("admin"), json={})
    assert approved.status_code == 200, approved.text
    run_job(job_id)
    assert client.get(f"{PREFIX}/job/{job_id}", headers=operator).json()["status"] == "completed"
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM language").fetchone()
    assert row is not None and row[0] == 6
