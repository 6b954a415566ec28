"""Authentication and role checks over EVERY route of the app (table-driven from `app.routes`).

The expected role of each route comes from the written policy below (spec 13.2), not from the app, so
a new route that forgets its role check fails here.
"""

from __future__ import annotations

import re
import uuid

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tdm_api.config import ApiSettings
from tdm_api.main import create_app
from tdm_metadata_store.repositories.api_keys import ApiKeyRepository

from tests.api.conftest import BOOTSTRAP_SECRET, Keys

PREFIX = "/api/v1"
PUBLIC = {("GET", f"{PREFIX}/health"), ("GET", f"{PREFIX}/ready")}
RANK = {"viewer": 0, "operator": 1, "admin": 2}
JOB_SUBMISSION = {
    f"{PREFIX}/discover-schema",
    f"{PREFIX}/pii/classify",
    f"{PREFIX}/subset",
    f"{PREFIX}/mask",
    f"{PREFIX}/synthetic",
    f"{PREFIX}/provision",
    f"{PREFIX}/pipeline",
}


def required_role(method: str, path: str) -> str:
    """Spec 13.2: admin all; operator runs jobs but changes no connection, environment or API key;
    viewer reads only."""
    if path.startswith(f"{PREFIX}/apikeys") or path == f"{PREFIX}/masking/detokenize":
        return "admin"  # detokenizing reveals originals: admins only, audited
    if method == "DELETE" and path == f"{PREFIX}/connections/{{connection_id}}":
        # An operator may delete the inline connections of their own jobs (the service checks whose);
        # deleting a saved connection stays an admin's (tested in test_connections_and_limits).
        return "operator"
    if method != "GET" and path.startswith((f"{PREFIX}/connections", f"{PREFIX}/environments")):
        return "admin"
    if method != "GET":
        return "operator"
    return "viewer"


def _concrete(path: str) -> str:
    # Random ids: the role check must answer before anything looks the resource up.
    return re.sub(r"\{(\w+)\}", lambda m: "QA-missing" if m.group(1) == "name" else str(uuid.uuid4()), path)


def api_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every operation the app publishes (its OpenAPI document lists them all)."""
    return [
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
        if method.upper() in ("GET", "POST", "PUT", "PATCH", "DELETE")
    ]


def _call(client: TestClient, method: str, path: str, headers: dict[str, str]) -> object:
    kwargs: dict[str, object] = {"headers": headers}
    if method in ("POST", "PUT", "PATCH"):
        kwargs["json"] = {}
    return client.request(method, _concrete(path), **kwargs)  # type: ignore[arg-type]


def test_route_table_is_what_the_policy_covers(app: FastAPI) -> None:
    routes = api_routes(app)
    assert len(routes) >= 30
    paths = {path for _, path in routes}
    # Spec 13.1 endpoints are all present.
    for expected in (
        "/discover-schema",
        "/schemas",
        "/schema/{schema_id}",
        "/schema/{schema_id}/versions",
        "/pii/classify",
        "/pii/{schema_version_id}",
        "/subset",
        "/mask",
        "/synthetic",
        "/provision",
        "/datasets",
        "/dataset/{dataset_id}",
        "/dataset/{dataset_id}/download",
        "/rules/masking",
        "/jobs",
        "/job/{job_id}",
        "/lineage/dataset/{dataset_id}",
        "/environments",
    ):
        assert PREFIX + expected in paths, expected
    assert {(m, p) for m, p in routes if (m, p) in PUBLIC} == PUBLIC


def test_every_non_public_route_needs_a_key(app: FastAPI, client: TestClient) -> None:
    checked = 0
    for method, path in api_routes(app):
        if (method, path) in PUBLIC:
            continue
        for headers in ({}, {"X-API-Key": "tdm_not-a-real-key"}):
            response = _call(client, method, path, headers)
            assert response.status_code == 401, (method, path, headers, response.text)  # type: ignore[attr-defined]
            assert response.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
            assert "X-API-Key" in response.headers["www-authenticate"]  # type: ignore[attr-defined]
            body = response.json()  # type: ignore[attr-defined]
            assert body["status"] == 401 and body["title"] == "Unauthorized"
        checked += 1
    assert checked >= 30


@pytest.mark.parametrize("role", ["viewer", "operator", "admin"])
def test_roles_on_every_route(app: FastAPI, client: TestClient, keys: Keys, role: str) -> None:
    denied, allowed = [], []
    for method, path in api_routes(app):
        if (method, path) in PUBLIC:
            continue
        response = _call(client, method, path, keys.headers(role))
        status = response.status_code  # type: ignore[attr-defined]
        if RANK[role] < RANK[required_role(method, path)]:
            assert status == 403, (role, method, path, response.text)  # type: ignore[attr-defined]
            body = response.json()  # type: ignore[attr-defined]
            assert response.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
            assert role in body["detail"]
            denied.append((method, path))
        else:
            assert status not in (401, 403), (role, method, path, response.text)  # type: ignore[attr-defined]
            allowed.append((method, path))
    if role == "viewer":
        assert all(method == "GET" for method, _ in allowed)
        assert all(method != "GET" or "apikeys" in path for method, path in denied)
    if role == "operator":
        # Job submission is what an operator is for; connection/environment/key changes are not.
        assert {path for method, path in allowed if method == "POST"} >= JOB_SUBMISSION
        assert {path for _, path in denied} == {
            f"{PREFIX}/connections",
            f"{PREFIX}/environments",
            f"{PREFIX}/environments/{{name}}",
            f"{PREFIX}/apikeys",
            f"{PREFIX}/apikeys/{{key_id}}",
            f"{PREFIX}/masking/detokenize",
        }
    if role == "admin":
        assert denied == []


def test_public_probes_need_no_key(client: TestClient) -> None:
    assert client.get(f"{PREFIX}/health").status_code == 200
    assert client.get(f"{PREFIX}/ready").status_code == 200


def test_revoked_key_is_refused(client: TestClient, engine: Engine, keys: Keys) -> None:
    with Session(engine) as session:
        row, clear = ApiKeyRepository(session).create(name="soon-revoked", role="viewer")
        key_id = row.id
        session.commit()
    assert client.get(f"{PREFIX}/jobs", headers={"X-API-Key": clear}).status_code == 200
    response = client.delete(f"{PREFIX}/apikeys/{key_id}", headers=keys.headers("admin"))
    assert response.status_code == 200 and response.json()["revoked_at"] is not None
    refused = client.get(f"{PREFIX}/jobs", headers={"X-API-Key": clear})
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]


def test_bootstrap_secret_is_an_admin_key(service_env: dict[str, str], api_bucket: str) -> None:
    settings = ApiSettings.load().model_copy(update={"api_secret_key": SecretStr(BOOTSTRAP_SECRET)})
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        admin = {"X-API-Key": BOOTSTRAP_SECRET}
        payload = {"name": "first-admin", "role": "admin"}
        created = client.post(f"{PREFIX}/apikeys", headers=admin, json=payload)
        assert created.status_code == 201, created.text
        assert created.json()["created_by"] == "bootstrap-admin"
        new_key = created.json()["key"]
        assert client.get(f"{PREFIX}/apikeys", headers={"X-API-Key": new_key}).status_code == 200
        # Near misses of the secret are not accepted.
        for wrong in (BOOTSTRAP_SECRET[:-1], BOOTSTRAP_SECRET + "x", BOOTSTRAP_SECRET.upper()):
            assert client.get(f"{PREFIX}/apikeys", headers={"X-API-Key": wrong}).status_code == 401


def test_api_key_lifecycle_shows_the_key_once(client: TestClient, keys: Keys) -> None:
    admin = keys.headers("admin")
    payload = {"name": "ci-pipeline", "role": "operator"}
    created = client.post(f"{PREFIX}/apikeys", headers=admin, json=payload)
    assert created.status_code == 201
    body = created.json()
    assert body["key"].startswith(body["key_prefix"]) and body["role"] == "operator"
    listed = client.get(f"{PREFIX}/apikeys", headers=admin)
    assert listed.status_code == 200
    assert body["key"] not in listed.text
    assert listed.json()["total"] >= 4 and listed.json()["limit"] == 50
    mine = [item for item in listed.json()["items"] if item["id"] == body["id"]]
    assert mine and mine[0]["key_prefix"] == body["key_prefix"]
    bad_role = client.post(f"{PREFIX}/apikeys", headers=admin, json={"name": "x", "role": "superuser"})
    assert bad_role.status_code == 422
    assert bad_role.json()["errors"][0]["loc"] == ["body", "role"]
    assert client.delete(f"{PREFIX}/apikeys/{uuid.uuid4()}", headers=admin).status_code == 404


@pytest.mark.parametrize("role", ["admin", "operator", "viewer"])
def test_me_tells_the_key_its_role(client: TestClient, keys: Keys, role: str) -> None:
    response = client.get("/api/v1/me", headers=keys.headers(role))
    assert response.status_code == 200, response.text
    assert response.json()["role"] == role


def test_me_needs_a_key(client: TestClient) -> None:
    assert client.get("/api/v1/me").status_code == 401
