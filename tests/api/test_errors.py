"""Every 4xx/5xx is RFC 7807 application/problem+json, names the bad field, and leaks nothing."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from tdm_api.config import ApiSettings
from tdm_api.main import create_app
from tdm_core.errors import ConflictError
from tdm_metadata_store.db import make_engine, session_factory

from tests.api.conftest import BOOTSTRAP_SECRET, Keys

PREFIX = "/api/v1"
SECRET = "s3cr3t-Pa55word"
UUID1 = str(uuid.uuid4())
DATASET_LOC = ["body", "dataset_version_id"]


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"].startswith("urn:tdm:problem:")
    return body


def locs(body: dict[str, Any]) -> list[list[Any]]:
    return [err["loc"] for err in body.get("errors", [])]


def test_unknown_route_and_method(client: TestClient) -> None:
    body = problem(client.get(f"{PREFIX}/no-such-thing"), 404)
    assert "/api/v1/no-such-thing" in body["detail"]
    response = client.delete(f"{PREFIX}/health")
    body = problem(response, 405)
    assert response.headers["allow"] == "GET"


def test_unknown_job_is_a_404_problem(client: TestClient, keys: Keys) -> None:
    job_id = uuid.uuid4()
    body = problem(client.get(f"{PREFIX}/job/{job_id}", headers=keys.headers("viewer")), 404)
    assert str(job_id) in body["detail"]
    body = problem(client.get(f"{PREFIX}/job/not-a-uuid", headers=keys.headers("viewer")), 422)
    assert locs(body) == [["path", "job_id"]]


@pytest.mark.parametrize(
    ("path", "payload", "expected_loc", "words"),
    [
        # Appendix A: connection_string or connection_id is required for subset.
        (
            "/subset",
            {"schema_version_id": str(uuid.uuid4()), "root_table": "customers"},
            ["body", "connection_id"],
            "connection_string or connection_id",
        ),
        # ... and rules or rule_set_id for mask.
        ("/mask", {"dataset_version_id": str(uuid.uuid4())}, ["body", "rule_set_id"], "rules or rule_set_id"),
        (
            "/discover-schema",
            {"connection_id": str(uuid.uuid4()), "connection_string": "postgresql://u:p@h/db"},
            ["body", "connection_id"],
            "not both",
        ),
        ("/discover-schema", {}, ["body", "connection_id"], "required"),
        ("/discover-schema", {"connection_string": "not a url"}, ["body", "connection_string"], "URL"),
        ("/subset", {"root_table": "t", "connection_id": UUID1}, ["body", "schema_version_id"], ""),
        (
            "/subset",
            {
                "schema_version_id": str(uuid.uuid4()),
                "connection_id": str(uuid.uuid4()),
                "root_table": "t",
                "sampling_pct": 150,
            },
            ["body", "sampling_pct"],
            "100",
        ),
        ("/mask", {"dataset_version_id": UUID1, "rules": {"nodot": "mask.hash"}}, ["body", "rules"], ""),
        ("/provision", {"dataset_version_id": str(uuid.uuid4())}, ["body", "target_env"], ""),
        ("/synthetic", {"row_counts": {"customer": 10}}, ["body"], "schema_version_id"),
        ("/pii/classify", {"schema_version_id": str(uuid.uuid4()), "bogus": 1}, ["body", "bogus"], ""),
        ("/pipeline", {}, ["body"], "no operation"),
    ],
)
def test_body_validation_names_the_field(
    client: TestClient, keys: Keys, path: str, payload: dict[str, Any], expected_loc: list[Any], words: str
) -> None:
    body = problem(client.post(PREFIX + path, headers=keys.headers("operator"), json=payload), 422)
    assert expected_loc in locs(body), body
    assert words in body["detail"] + " ".join(e["msg"] for e in body["errors"])
    for err in body["errors"]:
        assert set(err) <= {"loc", "msg", "type"}  # no "input": it may be the secret just sent


@pytest.mark.parametrize(
    ("path", "payload", "expected_loc", "what"),
    [
        ("/pii/classify", {"schema_version_id": "{id}"}, ["body", "schema_version_id"], "schema version"),
        (
            "/subset",
            {"schema_version_id": "{id}", "connection_id": "{id}", "root_table": "t"},
            ["body", "schema_version_id"],
            "schema version",
        ),
        ("/mask", {"dataset_version_id": "{id}", "rules": {"t.c": "mask.hash"}}, DATASET_LOC, "dataset"),
        ("/provision", {"dataset_version_id": "{id}", "target_env": "QA"}, DATASET_LOC, "dataset"),
        ("/discover-schema", {"connection_id": "{id}"}, ["body", "connection_id"], "connection"),
        ("/synthetic", {"schema_version_id": "{id}"}, ["body", "schema_version_id"], "schema version"),
        (
            "/pipeline",
            {"mask": {"dataset_version_id": "{id}", "rule_set_id": "{id}"}},
            ["body", "mask", "dataset_version_id"],
            "dataset",
        ),
    ],
)
def test_unknown_referenced_ids_are_named(
    client: TestClient, keys: Keys, path: str, payload: dict[str, Any], expected_loc: list[Any], what: str
) -> None:
    missing = str(uuid.uuid4())
    filled = _fill(payload, missing)
    body = problem(client.post(PREFIX + path, headers=keys.headers("operator"), json=filled), 422)
    assert locs(body) == [expected_loc]
    assert what in body["detail"] and missing in body["detail"]


def _fill(value: Any, missing: str) -> Any:
    if isinstance(value, dict):
        return {k: _fill(v, missing) for k, v in value.items()}
    return missing if value == "{id}" else value


def test_malformed_json_and_query_limits(client: TestClient, keys: Keys) -> None:
    response = client.post(
        f"{PREFIX}/subset",
        headers={**keys.headers("operator"), "Content-Type": "application/json"},
        content=b'{"root_table": ',
    )
    problem(response, 422)
    body = problem(client.get(f"{PREFIX}/jobs?limit=100000", headers=keys.headers("viewer")), 422)
    assert locs(body) == [["query", "limit"]]
    body = problem(client.get(f"{PREFIX}/jobs?offset=-1", headers=keys.headers("viewer")), 422)
    assert locs(body) == [["query", "offset"]]


def test_unexpected_error_is_a_generic_500_and_logged_redacted(
    service_env: dict[str, str], api_bucket: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(ApiSettings.load())

    @app.get("/boom", include_in_schema=False)
    def boom() -> None:
        raise RuntimeError(f"could not connect to postgresql://admin:{SECRET}@db.internal:5432/prod")

    @app.get("/conflict", include_in_schema=False)
    def conflict() -> None:
        raise ConflictError("dataset version is being written")

    with TestClient(app, raise_server_exceptions=False) as client, caplog.at_level(logging.ERROR):
        response = client.get("/boom")
        body = problem(response, 500)
        assert SECRET not in response.text and "db.internal" not in response.text
        assert "unexpected" in body["detail"]
        assert problem(client.get("/conflict"), 409)["detail"] == "dataset version is being written"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "RuntimeError" in logged and "/boom" in logged  # the server log says what happened...
    assert SECRET not in logged  # ...without the password


def test_database_down_is_a_503_problem(service_env: dict[str, str], api_bucket: str) -> None:
    settings = ApiSettings.load().model_copy(update={"api_secret_key": SecretStr(BOOTSTRAP_SECRET)})
    app = create_app(settings)
    # A real connection failure: nothing listens on port 1.
    dead = make_engine(f"postgresql://postgres:{SECRET}@127.0.0.1:1/tdm")
    app.state.engine = dead
    app.state.session_factory = session_factory(dead)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get(f"{PREFIX}/jobs", headers={"X-API-Key": BOOTSTRAP_SECRET})
        body = problem(response, 503)
        assert response.headers["retry-after"]
        assert SECRET not in response.text
        assert "database" in body["detail"]
    dead.dispose()
