"""The spine under hostile or careless input: the source policy, input limits, four-eyes approval,
names that cannot be confused, and who may delete connections and environments."""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tdm_metadata_store.repositories.api_keys import ApiKeyRepository
from tdm_metadata_store.repositories.jobs import MAX_ERROR_CHARS, JobRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository

from tests.api.conftest import Keys

PREFIX = "/api/v1"


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


def _discover(client: TestClient, keys: Keys, url: str) -> Any:
    return client.post(
        f"{PREFIX}/discover-schema", headers=keys.headers("operator"), json={"connection_string": url}
    )


# --- the source policy ---------------------------------------------------------------------------


def test_the_platforms_own_services_are_never_a_source(
    client: TestClient, keys: Keys, service_env: dict[str, str]
) -> None:
    metadata = urlsplit(service_env["DATABASE_URL"])
    port = metadata.port or 5432
    database = metadata.path.lstrip("/")
    own = [
        f"postgresql://postgres:pw@127.0.0.1:{port}/{database}",
        f"postgresql://postgres@localhost:{port}/{database}",  # same place, spelled otherwise
        f"postgres://postgres@0.0.0.0:{port}/{database}",
    ]
    redis_port = urlsplit(service_env["REDIS_URL"]).port or 6379
    own.append(f"mysql://root@127.0.0.1:{redis_port}/x")
    s3 = urlsplit(
        service_env["MINIO_ENDPOINT"]
        if "://" in service_env["MINIO_ENDPOINT"]
        else "http://" + service_env["MINIO_ENDPOINT"]
    )
    own.append(f"postgresql://u@127.0.0.1:{s3.port}/x")
    for url in own:
        body = _problem(_discover(client, keys, url), 422)
        assert "platform's own" in body["detail"], (url, body)
        assert "pw" not in json.dumps(body)
    # Another database of the same server is a fair source (the demo's Pagila lives there).
    assert _discover(client, keys, f"postgresql://postgres@127.0.0.1:{port}/postgres").status_code == 202


def test_sqlite_files_and_unsupported_drivers_are_refused_at_submission(
    client: TestClient, keys: Keys
) -> None:
    body = _problem(_discover(client, keys, "sqlite:////etc/passwd"), 422)
    assert "SQLite sources are off" in body["detail"]
    assert body["errors"][0]["loc"] == ["body", "connection_string"]
    body = _problem(_discover(client, keys, "postgresql+asyncpg://u@db.example/x"), 422)
    assert "unsupported driver 'asyncpg'" in body["detail"]
    body = _problem(_discover(client, keys, "oracle://scott:tiger@db/orcl"), 422)
    assert "not 'oracle'" in body["detail"] and "tiger" not in body["detail"]


def test_saved_connections_and_environments_follow_the_same_policy(
    client: TestClient, keys: Keys, service_env: dict[str, str]
) -> None:
    own = service_env["DATABASE_URL"]
    for path, payload in (
        ("/connections", {"name": f"meta-{uuid.uuid4().hex[:6]}", "connection_string": own}),
        ("/environments", {"name": f"ENV-{uuid.uuid4().hex[:6]}", "connection_string": own}),
    ):
        body = _problem(client.post(PREFIX + path, headers=keys.headers("admin"), json=payload), 422)
        assert "platform's own metadata database" in body["detail"]


# --- input limits --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "send", "status", "loc"),
    [
        (
            "NUL in a body string",
            {"json": {"connection_string": "postgresql://u@h/d\x00b"}},
            422,
            ["body", "connection_string"],
        ),
        ("NUL in a key", {"json": {"conn\x00": 1}}, 422, ["body"]),
        (
            "NaN",
            {"content": b'{"connection_string": "postgresql://u@h/d", "sample_size": NaN}'},
            422,
            ["body"],
        ),
        ("Infinity", {"content": b'{"sample_size": Infinity}'}, 422, ["body"]),
        (
            "integer beyond 64 bits",
            {"json": {"connection_string": "postgresql://u@h/d", "sample_size": 2**64}},
            422,
            ["body", "sample_size"],
        ),
        ("deep nesting", {"content": ("[" * 300 + "]" * 300).encode()}, 422, None),
        ("oversize body", {"content": b'{"x": "' + b"a" * (2 * 1024 * 1024) + b'"}'}, 413, None),
    ],
)
def test_bad_input_gets_a_4xx_naming_it_never_a_500(
    client: TestClient, keys: Keys, label: str, send: dict[str, Any], status: int, loc: list[Any] | None
) -> None:
    headers = {**keys.headers("operator"), "content-type": "application/json"}
    if "json" in send:
        send = {"content": json.dumps(send["json"]).encode()}
    response = client.post(f"{PREFIX}/discover-schema", headers=headers, **send)
    body = _problem(response, status)
    if loc is not None:
        assert body["errors"][0]["loc"] == loc, body


@pytest.mark.parametrize(
    ("path", "loc"),
    [
        ("/jobs?offset=9223372036854775808", ["query", "offset"]),
        ("/jobs?limit=501", ["query", "limit"]),
        (f"/schema/{uuid.uuid4()}?version=2147483648", ["query", "version"]),
        ("/jobs?status=run%00ning", ["query"]),
        ("/environments/QA%00", ["path"]),
    ],
)
def test_bad_query_and_path_values_get_a_422(
    client: TestClient, keys: Keys, path: str, loc: list[str]
) -> None:
    body = _problem(client.get(PREFIX + path, headers=keys.headers("viewer")), 422)
    assert body["errors"][0]["loc"] == loc


def test_long_lists_are_refused_before_they_reach_a_job(client: TestClient, keys: Keys) -> None:
    response = client.post(
        f"{PREFIX}/discover-schema",
        headers=keys.headers("operator"),
        json={"connection_string": "postgresql://u@db.example/x", "schemas": [f"s{i}" for i in range(1001)]},
    )
    body = _problem(response, 422)
    assert body["errors"][0]["loc"] == ["body", "schemas"]


def test_error_texts_stored_on_jobs_are_bounded(engine: Engine) -> None:
    with Session(engine) as session:
        repo = JobRepository(session)
        job = repo.create(operation="SCHEMA_DISCOVERY", request={}, user_id="t")
        repo.set_status(job.id, "failed", error="x" * 100_000)
        repo.add_log(job.id, "y" * 100_000)
        session.commit()
        session.refresh(job)
        assert len(job.error or "") == MAX_ERROR_CHARS
        assert all(len(log.message or "") <= 2000 for log in repo.logs(job.id))


# --- four-eyes approval --------------------------------------------------------------------------


def _paused(engine: Engine, submitter: str, value: dict[str, Any]) -> str:
    with Session(engine) as session:
        repo = JobRepository(session)
        job = repo.create(
            operation="TDM_PROVISION_ONLY",
            request={"provision": {"dataset_version_id": str(uuid.uuid4()), "target_env": "UAT"}},
            user_id=submitter,
            status="awaiting_approval",
        )
        repo.add_log(
            job.id,
            "waiting for an approval",
            details={"event": "awaiting_approval", "interrupts": [{"id": "i1", "value": value}]},
        )
        session.commit()
        return str(job.id)


def test_the_submitter_cannot_approve_an_environment_approval(
    client: TestClient, keys: Keys, engine: Engine
) -> None:
    with Session(engine) as session:
        operator = ApiKeyRepository(session).authenticate(keys.operator, touch=False)
        assert operator is not None
        name = operator.name
    job_id = _paused(engine, name, {"type": "approval", "before": "provision", "environment": "UAT"})
    own = _problem(client.post(f"{PREFIX}/job/{job_id}/approve", headers=keys.headers("operator")), 403)
    assert "four-eyes" in own["detail"]
    # The submitter may still withdraw it (reject); another key may approve.
    other = client.post(f"{PREFIX}/job/{job_id}/approve", headers=keys.headers("admin"))
    assert other.status_code == 200, other.text
    # An approval the request itself asked for (no environment) is the submitter's to give by default.
    mine = _paused(engine, name, {"type": "approval", "before": "provision"})
    assert client.post(f"{PREFIX}/job/{mine}/approve", headers=keys.headers("operator")).status_code == 200


# --- names that cannot be confused ---------------------------------------------------------------


def test_a_dotted_table_and_the_table_of_a_dotted_name_are_both_addressable(
    client: TestClient, keys: Keys, engine: Engine
) -> None:
    with Session(engine) as session:
        repo = SchemaRepository(session)
        schema = repo.get_or_create(name=f"dots-{uuid.uuid4().hex[:8]}")
        version = repo.add_version(
            schema.id,
            {
                "tables": [
                    {"schema": "public", "name": "dot.ted", "columns": [{"name": "email"}]},
                    {"schema": "dot", "name": "ted", "columns": [{"name": "email"}]},
                ]
            },
        )
        session.commit()
        version_id = str(version.id)
    labelled = client.put(
        f"{PREFIX}/pii/{version_id}/columns",
        headers=keys.headers("operator"),
        json=[
            {"table": '"dot.ted"', "column": "email", "pii_type": "email"},
            {"table": "dot.ted", "column": "email", "pii_type": "none"},
        ],
    )
    assert labelled.status_code == 200, labelled.text
    entries = {(e["table"], e["column"]): e["pii_type"] for e in labelled.json()["pii_map"]}
    assert entries == {('"dot.ted"', "email"): "email", ("dot.ted", "email"): "none"}


# --- deleting connections and environments -------------------------------------------------------


def test_inline_connections_are_private_and_deletable_by_their_submitter(
    client: TestClient, keys: Keys, engine: Engine
) -> None:
    url = f"postgresql://app:pw@inline-{uuid.uuid4().hex[:6]}.example:5432/shop"
    submitted = _discover(client, keys, url)
    assert submitted.status_code == 202
    job = client.get(submitted.json()["status_url"], headers=keys.headers("viewer")).json()
    connection_id = job["request"]["discover"]["connection_id"]
    shared = client.get(f"{PREFIX}/connections?limit=500", headers=keys.headers("viewer")).json()
    assert connection_id not in {c["id"] for c in shared["items"]}  # not a shared, saved connection
    mine = client.get(
        f"{PREFIX}/connections?include_inline=true&limit=500", headers=keys.headers("operator")
    ).json()
    assert connection_id in {c["id"] for c in mine["items"] if c["inline"]}

    # In use by an unfinished job: not yet.
    busy = _problem(
        client.delete(f"{PREFIX}/connections/{connection_id}", headers=keys.headers("operator")), 409
    )
    assert submitted.json()["job_id"] in busy["detail"]
    client.post(f"{PREFIX}/job/{submitted.json()['job_id']}/cancel", headers=keys.headers("operator"))
    # A viewer cannot; the submitting operator can.
    assert (
        client.delete(f"{PREFIX}/connections/{connection_id}", headers=keys.headers("viewer")).status_code
        == 403
    )
    assert (
        client.delete(f"{PREFIX}/connections/{connection_id}", headers=keys.headers("operator")).status_code
        == 204
    )
    assert (
        client.get(f"{PREFIX}/connections/{connection_id}", headers=keys.headers("viewer")).status_code == 404
    )


def test_saved_connections_and_environments_are_deleted_by_admins_only(
    client: TestClient, keys: Keys
) -> None:
    name = f"saved-{uuid.uuid4().hex[:6]}"
    created = client.post(
        f"{PREFIX}/connections",
        headers=keys.headers("admin"),
        json={"name": name, "connection_string": "postgresql://u:pw@saved.example/db"},
    )
    assert created.status_code == 201
    connection_id = created.json()["id"]
    refused = _problem(
        client.delete(f"{PREFIX}/connections/{connection_id}", headers=keys.headers("operator")), 403
    )
    assert "only an admin" in refused["detail"]
    assert (
        client.delete(f"{PREFIX}/connections/{connection_id}", headers=keys.headers("admin")).status_code
        == 204
    )

    env = f"QA-{uuid.uuid4().hex[:6]}"
    assert (
        client.post(f"{PREFIX}/environments", headers=keys.headers("admin"), json={"name": env}).status_code
        == 201
    )
    assert client.delete(f"{PREFIX}/environments/{env}", headers=keys.headers("operator")).status_code == 403
    assert client.delete(f"{PREFIX}/environments/{env}", headers=keys.headers("admin")).status_code == 204
    assert client.get(f"{PREFIX}/environments/{env}", headers=keys.headers("viewer")).status_code == 404
