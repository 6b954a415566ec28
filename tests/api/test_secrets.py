"""No password or connection string in any response or problem body (DESIGN.md section 7).

Connection strings with a password go in through every door the API has (connections, environments,
inline job requests, broken requests); then every readable endpoint is fetched and searched for it.
"""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session
from tdm_metadata_store.repositories.schemas import SchemaRepository
from tdm_orchestrator.registry import BY_STEP

from tests.api.conftest import Keys

PREFIX = "/api/v1"


def test_passwords_never_come_back(client: TestClient, keys: Keys, engine: Engine) -> None:
    password = "Zq9-" + uuid.uuid4().hex
    tag = uuid.uuid4().hex[:8]
    url = f"postgresql://svc_user:{password}@db-{tag}.example:5432/sales"
    admin, operator = keys.headers("admin"), keys.headers("operator")
    with Session(engine) as session:
        version = SchemaRepository(session).add_version(
            SchemaRepository(session).get_or_create(name=f"sec-{tag}").id,
            {"tables": [{"name": "customers", "columns": [{"name": "id"}]}]},
        )
        session.commit()
        version_id = str(version.id)

    responses = []
    created = client.post(
        f"{PREFIX}/connections", headers=admin, json={"name": f"sales-{tag}", "connection_string": url}
    )
    assert created.status_code == 201, created.text
    assert created.json()["display_url"] == f"postgresql://svc_user:***@db-{tag}.example:5432/sales"
    connection_id = created.json()["id"]
    responses.append(created)
    env = client.post(
        f"{PREFIX}/environments", headers=admin, json={"name": f"UAT-{tag}", "connection_string": url}
    )
    assert env.status_code == 201 and env.json()["has_connection"] is True
    responses.append(env)
    responses.append(
        client.put(
            f"{PREFIX}/environments/UAT-{tag}",
            headers=admin,
            json={"connection_string": url + "?sslmode=require"},
        )
    )
    subset = client.post(
        f"{PREFIX}/subset",
        headers=operator,
        json={"schema_version_id": version_id, "connection_string": url, "root_table": "customers"},
    )
    # Queued where the subsetting agent is built, refused (naming it) where it is not.
    assert subset.status_code == (202 if BY_STEP["subset"].built else 501), subset.text
    responses.append(subset)
    job = client.post(
        f"{PREFIX}/discover-schema", headers=operator, json={"connection_string": url, "schemas": ["sales"]}
    )
    assert job.status_code == 202, job.text
    responses.append(job)
    discovery = client.post(f"{PREFIX}/discover-schema", headers=operator, json={"connection_string": url})
    assert discovery.status_code == 202
    responses.append(discovery)
    # Broken requests that carry the secret: the problem body must not echo it.
    responses += [
        client.post(
            f"{PREFIX}/discover-schema", headers=operator, json={"connection_string": url, "bogus": url}
        ),
        client.post(
            f"{PREFIX}/discover-schema", headers=operator, json={"connection_string": url, "sample_size": 0}
        ),
        client.post(
            f"{PREFIX}/discover-schema",
            headers=operator,
            json={"connection_string": url, "connection_id": connection_id},
        ),
        client.post(
            f"{PREFIX}/connections", headers=admin, json={"name": f"sales-{tag}", "connection_string": url}
        ),
        client.post(
            f"{PREFIX}/connections",
            headers=admin,
            json={"name": "x", "connection_string": f"ftp://u:{password}@h"},
        ),
        client.post(f"{PREFIX}/connections", headers=operator, json={"name": "y", "connection_string": url}),
        client.get(f"{PREFIX}/jobs", headers={"X-API-Key": password}),
    ]
    assert [r.status_code for r in responses[-7:]] == [422, 422, 422, 409, 422, 403, 401]

    # Everything a user can read afterwards.
    viewer = keys.headers("viewer")
    for path in (
        "/connections?limit=500",
        f"/connections/{connection_id}",
        "/environments?limit=500",
        f"/environments/UAT-{tag}",
        "/jobs?limit=500",
        f"/job/{job.json()['job_id']}",
        f"/job/{discovery.json()['job_id']}",
        "/schemas?limit=500",
        "/openapi.json",
    ):
        response = client.get(PREFIX + path, headers=viewer)
        assert response.status_code == 200, (path, response.text)
        responses.append(response)

    for response in responses:
        assert password not in response.text, (response.request.url, response.text)
        assert "tdmdevsecret" not in response.text
    # The job request refers to a stored (encrypted) connection instead of carrying the string.
    stored = client.get(f"{PREFIX}/job/{job.json()['job_id']}", headers=viewer).json()["request"]["discover"]
    assert "connection_string" not in stored and uuid.UUID(stored["connection_id"])
    # And at rest: no clear password anywhere in the rows the API wrote.
    with engine.connect() as conn:
        for table, column in (
            ("jobs", "request_json::text"),
            ("connections", "connection_string_encrypted"),
            ("environments", "connection_string_encrypted"),
        ):
            hits = conn.execute(
                text(f"SELECT count(*) FROM {table} WHERE {column} LIKE :p"), {"p": f"%{password}%"}
            ).scalar_one()
            assert hits == 0, table
