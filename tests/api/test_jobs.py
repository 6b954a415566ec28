"""Job submission end to end through the API: queued row with user_id, RQ queue contents, Redis mirror,
Idempotency-Key (also under concurrent requests), listing, cancel."""

from __future__ import annotations

import os
import threading
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient
from rq import Queue
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session
from tdm_metadata_store.models import Job
from tdm_metadata_store.repositories.connections import ConnectionRepository
from tdm_metadata_store.repositories.datasets import DatasetRepository
from tdm_metadata_store.repositories.environments import EnvironmentRepository
from tdm_metadata_store.repositories.jobs import JobRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository
from tdm_orchestrator.operations import validate_request
from tdm_orchestrator.registry import AGENTS, BY_NAME

from tests.api.conftest import Keys

PREFIX = "/api/v1"
PASSWORD = "Inline-Pa55-" + uuid.uuid4().hex[:6]


@dataclass(frozen=True)
class Refs:
    schema_version_id: str
    connection_id: str
    dataset_version_id: str
    environment: str


@pytest.fixture(scope="module")
def refs(engine: Engine) -> Refs:
    tag = uuid.uuid4().hex[:8]
    with Session(engine) as session:
        schemas = SchemaRepository(session)
        schema = schemas.get_or_create(name=f"jobs-{tag}")
        version = schemas.add_version(
            schema.id,
            {
                "tables": [
                    {"name": "customers", "columns": [{"name": "id"}, {"name": "email", "data_type": "text"}]}
                ]
            },
        )
        connection = ConnectionRepository(session).create(
            name=f"src-{tag}", connection_string=f"postgresql://app:{PASSWORD}@db.example:5432/shop"
        )
        datasets = DatasetRepository(session)
        dataset = datasets.create_version(source_type="subset", schema_version_id=version.id)
        datasets.mark_active(dataset.id)
        env = EnvironmentRepository(session).create(name=f"QA-{tag}")
        session.commit()
        return Refs(str(version.id), str(connection.id), str(dataset.id), env.name)


def queued_ids(redis_client: redis.Redis) -> list[str]:
    return list(Queue(os.environ["TDM_QUEUE_NAME"], connection=redis_client).get_job_ids())


def subset_body(refs: Refs, root_table: str, **extra: Any) -> dict[str, Any]:
    return {
        "schema_version_id": refs.schema_version_id,
        "connection_id": refs.connection_id,
        "root_table": root_table,
        **extra,
    }


def discover_body(refs: Refs, schema: str, **extra: Any) -> dict[str, Any]:
    return {"connection_id": refs.connection_id, "schemas": [schema], **extra}


def test_submission_queues_a_job_for_the_caller(
    client: TestClient, keys: Keys, refs: Refs, engine: Engine, redis_client: redis.Redis
) -> None:
    response = client.post(
        f"{PREFIX}/discover-schema",
        headers=keys.headers("operator"),
        json=discover_body(refs, "sales", sample_size=500),
    )
    assert response.status_code == 202, response.text
    body = response.json()
    job_id = body["job_id"]
    assert body["status"] == "queued" and body["operation"] == "SCHEMA_DISCOVERY"
    assert response.headers["location"] == body["status_url"] == f"{PREFIX}/job/{job_id}"
    assert body["events_url"] == f"{PREFIX}/job/{job_id}/events"

    with Session(engine) as session:
        job = session.get(Job, uuid.UUID(job_id))
        assert job is not None
        assert job.status == "queued" and job.user_id and job.user_id.startswith("test-operator-")
        assert job.request_json is not None
        assert job.request_json["discover"]["schemas"] == ["sales"]
        assert job.request_json["discover"]["sample_size"] == 500
    assert job_id in queued_ids(redis_client)
    # Live copy in Redis with a TTL (spec 12.2).
    assert redis_client.exists(f"tdm:job:{job_id}")
    assert 0 < redis_client.ttl(f"tdm:job:{job_id}") <= 7 * 24 * 3600

    detail = client.get(body["status_url"], headers=keys.headers("viewer")).json()
    assert detail["status"] == "queued" and detail["operation"] == "SCHEMA_DISCOVERY"
    assert detail["live_state"]["status"] == "queued"
    assert detail["request"]["discover"]["connection_id"] == refs.connection_id


@pytest.mark.parametrize(
    ("path", "payload", "operation"),
    [
        ("/discover-schema", {"connection_id": "{connection}"}, "SCHEMA_DISCOVERY"),
        ("/pii/classify", {"schema_version_id": "{schema_version}"}, "PII_CLASSIFICATION"),
        (
            "/mask",
            {"dataset_version_id": "{dataset}", "rules": {"customers.email": "mask.hash"}},
            "TDM_MASK_ONLY",
        ),
        ("/provision", {"dataset_version_id": "{dataset}", "target_env": "{env}"}, "TDM_PROVISION_ONLY"),
        ("/synthetic", {"domain_pack": "ecommerce", "row_counts": {"customer": 5}}, "TDM_SYNTHETIC_RUN"),
        ("/synthetic", {"ui_urls": ["https://app.example.com/register"]}, "UI_BASED_SYNTHETIC_GENERATION"),
        (
            "/synthetic",
            {"api_spec_url": "https://api.example.com/openapi.json"},
            "API_BASED_SYNTHETIC_GENERATION",
        ),
        (
            "/pipeline",
            {
                "subset": {
                    "schema_version_id": "{schema_version}",
                    "connection_id": "{connection}",
                    "root_table": "customers",
                },
                "mask": {"rules": {"customers.email": "mask.hash"}},
                "provision": {"target_env": "{env}"},
                "require_approval_before": ["provision"],
            },
            "TDM_SUBSET_MASK_PROVISION",
        ),
        (
            "/pipeline",
            {
                "full_pipeline": True,
                "discover": {"connection_id": "{connection}"},
                "subset": {"root_table": "customers"},
                "mask": {"rules": {"customers.email": "mask.hash"}},
                "provision": {"target_env": "{env}"},
            },
            "FULL_TDM_PIPELINE",
        ),
    ],
)
def test_each_endpoint_queues_its_operation_or_refuses_an_agent_not_built(
    client: TestClient,
    keys: Keys,
    refs: Refs,
    redis_client: redis.Redis,
    path: str,
    payload: dict[str, Any],
    operation: str,
) -> None:
    values = {
        "{connection}": refs.connection_id,
        "{schema_version}": refs.schema_version_id,
        "{dataset}": refs.dataset_version_id,
        "{env}": refs.environment,
    }
    body = _fill(payload, values)
    steps = {agent.contract.route: agent.step for agent in AGENTS}
    plan = validate_request(body if path == "/pipeline" else {steps[path]: body})
    missing = [agent for agent, _ in plan.agents() if not BY_NAME[agent].built]
    response = client.post(PREFIX + path, headers=keys.headers("operator"), json=body)
    if not missing:
        assert response.status_code == 202, response.text
        assert response.json()["operation"] == operation
        assert response.json()["job_id"] in queued_ids(redis_client)
        return
    # Refused at submission, naming the agent: never queued to fail on the worker.
    assert response.status_code == 501, response.text
    assert response.headers["content-type"] == "application/problem+json"
    detail = response.json()["detail"]
    assert all(f"agent {missing[0]}" in detail or f"{name} (step" in detail for name in missing), detail
    assert f"operation {operation} cannot run" in detail and "not available in this build" in detail


def _fill(value: Any, values: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _fill(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    return values.get(value, value) if isinstance(value, str) else value


def test_orchestrator_rules_come_back_as_field_errors(client: TestClient, keys: Keys, refs: Refs) -> None:
    # subset + mask without provision is not an operation (spec 15.2): the decider says so.
    response = client.post(
        f"{PREFIX}/pipeline",
        headers=keys.headers("operator"),
        json={"subset": subset_body(refs, "c"), "mask": {"rules": {"c.email": "mask.hash"}}},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][0] == "body"
    assert "not a supported operation" in response.json()["detail"]


def test_idempotency_key_returns_the_same_job(
    client: TestClient, keys: Keys, refs: Refs, redis_client: redis.Redis
) -> None:
    headers = {**keys.headers("operator"), "Idempotency-Key": f"retry-{uuid.uuid4()}"}
    body = discover_body(refs, "customers")
    first = client.post(f"{PREFIX}/discover-schema", headers=headers, json=body)
    again = client.post(f"{PREFIX}/discover-schema", headers=headers, json=body)
    assert first.status_code == 202 and again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    assert first.json()["job_id"] == again.json()["job_id"]
    assert queued_ids(redis_client).count(first.json()["job_id"]) == 1

    changed = client.post(f"{PREFIX}/discover-schema", headers=headers, json=discover_body(refs, "orders"))
    assert changed.status_code == 422
    assert changed.json()["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    assert first.json()["job_id"] in changed.json()["detail"]

    # Keys belong to one API key: another caller's "same" key is a different job.
    other = client.post(f"{PREFIX}/discover-schema", headers={**headers, **keys.headers("admin")}, json=body)
    assert other.status_code == 202 and other.json()["job_id"] != first.json()["job_id"]


def test_concurrent_duplicates_create_one_job(
    client: TestClient, keys: Keys, refs: Refs, engine: Engine
) -> None:
    root_table = f"t_{uuid.uuid4().hex[:10]}"
    headers = {**keys.headers("operator"), "Idempotency-Key": f"burst-{uuid.uuid4()}"}
    # An inline connection string too: its stored connection is shared, not created twice.
    body = {
        "connection_string": f"postgresql://app:{PASSWORD}@burst.example:5432/shop",
        "schemas": [root_table],
    }
    threads_n = 8
    barrier = threading.Barrier(threads_n)
    results: list[tuple[int, str]] = []
    lock = threading.Lock()

    def submit() -> None:
        barrier.wait()
        response = client.post(f"{PREFIX}/discover-schema", headers=headers, json=body)
        with lock:
            results.append((response.status_code, response.json().get("job_id", response.text)))

    threads = [threading.Thread(target=submit) for _ in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] * (threads_n - 1) + [202], results
    assert len({job_id for _, job_id in results}) == 1
    with engine.connect() as conn:
        count = conn.execute(
            text("SELECT count(*) FROM jobs WHERE request_json->'discover'->'schemas'->>0 = :t"),
            {"t": root_table},
        ).scalar_one()
        connections = conn.execute(
            text("SELECT count(*) FROM connections WHERE display_url LIKE '%burst.example%'")
        ).scalar_one()
    assert count == 1
    assert connections == 1


def test_bad_idempotency_key(client: TestClient, keys: Keys, refs: Refs) -> None:
    headers = {**keys.headers("operator"), "Idempotency-Key": "x" * 300}
    response = client.post(
        f"{PREFIX}/discover-schema", headers=headers, json=discover_body(refs, "customers")
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["header", "Idempotency-Key"]


def test_list_jobs_filters_and_paginates(client: TestClient, keys: Keys, refs: Refs) -> None:
    for _ in range(3):
        assert (
            client.post(
                f"{PREFIX}/pii/classify",
                headers=keys.headers("operator"),
                json={"schema_version_id": refs.schema_version_id},
            ).status_code
            == 202
        )
    viewer = keys.headers("viewer")
    page = client.get(
        f"{PREFIX}/jobs?operation=PII_CLASSIFICATION&status=queued&limit=2", headers=viewer
    ).json()
    assert page["limit"] == 2 and page["offset"] == 0 and page["total"] >= 3
    assert len(page["items"]) == 2
    assert all(item["operation"] == "PII_CLASSIFICATION" for item in page["items"])
    following = client.get(
        f"{PREFIX}/jobs?operation=PII_CLASSIFICATION&status=queued&limit=2&offset=2", headers=viewer
    ).json()
    assert {i["id"] for i in following["items"]}.isdisjoint({i["id"] for i in page["items"]})
    none = client.get(f"{PREFIX}/jobs?operation=NO_SUCH_OPERATION", headers=viewer).json()
    assert none == {"items": [], "total": 0, "limit": 50, "offset": 0}


def test_cancel_a_queued_job(client: TestClient, keys: Keys, refs: Refs, redis_client: redis.Redis) -> None:
    submitted = client.post(
        f"{PREFIX}/discover-schema", headers=keys.headers("operator"), json=discover_body(refs, "cust")
    )
    job_id = submitted.json()["job_id"]
    assert job_id in queued_ids(redis_client)
    cancelled = client.post(f"{PREFIX}/job/{job_id}/cancel", headers=keys.headers("operator"))
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert job_id not in queued_ids(redis_client)
    detail = client.get(f"{PREFIX}/job/{job_id}", headers=keys.headers("viewer")).json()
    assert detail["status"] == "cancelled" and detail["finished_at"] is not None
    # Approving a job that is not waiting for approval is a conflict, not a silent no-op.
    approve = client.post(
        f"{PREFIX}/job/{job_id}/approve", headers=keys.headers("operator"), json={"comment": "ok"}
    )
    assert approve.status_code == 409
    assert approve.headers["content-type"] == "application/problem+json"


def _paused_job(engine: Engine) -> str:
    with Session(engine) as session:
        job = JobRepository(session).create(
            operation="TDM_PROVISION_ONLY",
            request={"provision": {"dataset_version_id": str(uuid.uuid4()), "target_env": "UAT"}},
            user_id="someone",
            status="awaiting_approval",
        )
        session.commit()
        return str(job.id)


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_approval_decisions(
    client: TestClient, keys: Keys, engine: Engine, redis_client: redis.Redis, decision: str
) -> None:
    job_id = _paused_job(engine)
    assert client.post(f"{PREFIX}/job/{job_id}/{decision}", headers=keys.headers("viewer")).status_code == 403
    response = client.post(
        f"{PREFIX}/job/{job_id}/{decision}",
        headers=keys.headers("operator"),
        json={"comment": "checked by QA"},
    )
    assert response.status_code == 200, response.text
    # Either way the job goes back to the queue: approved it continues, rejected it ends cancelled.
    assert response.json()["status"] == "queued"
    assert job_id in queued_ids(redis_client)
    detail = client.get(f"{PREFIX}/job/{job_id}", headers=keys.headers("viewer")).json()
    verb = "approved" if decision == "approve" else "rejected"
    decisions = [log["message"] for log in detail["logs"] if log["message"].startswith(verb)]
    # The decision names the operator's key and keeps the comment.
    assert len(decisions) == 1 and decisions[0].startswith(f"{verb} by test-operator-"), detail["logs"]
    assert decisions[0].endswith(": checked by QA")
    again = client.post(f"{PREFIX}/job/{job_id}/{decision}", headers=keys.headers("operator"))
    assert again.status_code == 409
    missing = client.post(f"{PREFIX}/job/{uuid.uuid4()}/{decision}", headers=keys.headers("operator"))
    assert missing.status_code == 404
