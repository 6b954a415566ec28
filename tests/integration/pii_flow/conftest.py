"""Fixtures of the discovery -> PII flow tests: the real API (TestClient), one long-lived `tdm-worker`
process on this session's queue, API keys, and Pagila / Chinook source databases of their own."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tdm_api.config import ApiSettings
from tdm_api.main import create_app
from tdm_cli.samples import load_sample, with_database
from tdm_dataset_store import DatasetStore
from tdm_metadata_store.repositories.api_keys import ApiKeyRepository
from tdm_orchestrator.runtime import reset_runtime

from tests.integration.orchestrator.support import WorkerProcess, start_worker, wait_for_status
from tests.support.services import ServiceEndpoints

PREFIX = "/api/v1"
LLM_VARIABLES = (
    "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_ENDPOINT",
    "TDM_LLM_BASE_URL",
    "TDM_LLM_API_KEY",
    "TDM_LLM_MODEL",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
)
FLOW_SETTINGS = {
    "TDM_JOB_LEASE_TTL_SECONDS": "5",
    "TDM_SWEEP_INTERVAL_SECONDS": "1",
    "TDM_NODE_RETRY_INITIAL_SECONDS": "0.1",
    "LOG_LEVEL": "INFO",
}


@pytest.fixture(scope="session")
def flow_env(service_env: dict[str, str]) -> Iterator[dict[str, str]]:
    """The session's services, fast recovery, and no LLM (a developer's own must not leak in)."""
    with pytest.MonkeyPatch.context() as mp:
        for name in LLM_VARIABLES:
            mp.delenv(name, raising=False)
        for key, value in FLOW_SETTINGS.items():
            mp.setenv(key, value)
        reset_runtime()
        yield {**service_env, **FLOW_SETTINGS}
    reset_runtime()


@pytest.fixture(scope="module")
def worker(flow_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkerProcess]:
    """One `tdm-worker` process serving this module's jobs (the API enqueues, it runs them)."""
    process = start_worker(tmp_path_factory.mktemp("worker-logs"))
    yield process
    process.terminate(timeout=30)
    process.log_file.close()


@pytest.fixture(scope="module")
def client(flow_env: dict[str, str]) -> Iterator[TestClient]:
    store = DatasetStore.load()
    store.ensure_bucket()
    store.close()
    settings = ApiSettings.load().model_copy(update={"api_secret_key": None})
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def operator(engine: Engine) -> tuple[str, dict[str, str]]:
    """(name, headers) of an operator API key."""
    name = f"flow-operator-{uuid.uuid4().hex[:6]}"
    with Session(engine) as session:
        _row, clear = ApiKeyRepository(session).create(name=name, role="operator")
        session.commit()
    return name, {"X-API-Key": clear}


@pytest.fixture(scope="module")
def viewer(engine: Engine) -> dict[str, str]:
    """Headers of a viewer (read-only) API key."""
    with Session(engine) as session:
        _row, clear = ApiKeyRepository(session).create(
            name=f"flow-viewer-{uuid.uuid4().hex[:6]}", role="viewer"
        )
        session.commit()
    return {"X-API-Key": clear}


@pytest.fixture(scope="module")
def sample_db(services: ServiceEndpoints) -> Iterator[Callable[[str], str]]:
    """Load a bundled sample into a database of its own; all are dropped at the end."""
    created: list[str] = []

    def make(sample: str) -> str:
        dbname = f"flow_{sample}_{uuid.uuid4().hex[:8]}"
        created.append(dbname)
        return load_sample(sample, services.postgres_url, dbname=dbname, replace=True)

    yield make
    with psycopg.connect(with_database(services.postgres_url, "postgres"), autocommit=True) as conn:
        for dbname in created:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))


class Flow:
    """What a user does through the API, with the module's worker running the jobs."""

    def __init__(self, client: TestClient, headers: dict[str, str], engine: Engine, worker: WorkerProcess):
        self.client = client
        self.headers = headers
        self.engine = engine
        self.worker = worker

    def call(self, method: str, path: str, expect: int = 200, **kwargs: Any) -> Any:
        response = self.client.request(method, f"{PREFIX}{path}", headers=self.headers, **kwargs)
        assert response.status_code == expect, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.content else None

    def wait(self, job_id: str, statuses: set[str] | None = None, timeout: float = 120) -> dict[str, Any]:
        wanted = statuses or {"completed"}
        job = wait_for_status(self.engine, job_id, wanted | {"failed", "cancelled"}, timeout=timeout)
        assert job.status in wanted, f"job {job_id} is {job.status}: {job.error}\n{self.worker.log()[-3000:]}"
        detail: dict[str, Any] = self.call("GET", f"/job/{job_id}")
        return detail

    def discover(self, url: str) -> dict[str, Any]:
        accepted = self.call(
            "POST", "/discover-schema", 202, json={"connection_string": url, "sample_size": 500}
        )
        job = self.wait(accepted["job_id"])
        step: dict[str, Any] = job["result"]["steps"]["discover"]
        return step

    def classify(self, version_id: str) -> dict[str, Any]:
        accepted = self.call("POST", "/pii/classify", 202, json={"schema_version_id": version_id})
        return self.wait(accepted["job_id"])

    def pii_map(self, version_id: str) -> dict[tuple[str, str], dict[str, Any]]:
        body = self.call("GET", f"/pii/{version_id}")
        return {(entry["table"], entry["column"]): entry for entry in body["pii_map"]}

    def not_classified(self, version_id: str) -> bool:
        """GET /pii/{id} says the version was never classified (rather than an empty map)."""
        response = self.client.get(f"/api/v1/pii/{version_id}", headers=self.headers)
        problem = response.json()
        return (
            response.status_code == 404
            and problem["type"].endswith(":not-classified")
            and "has not been classified yet" in problem["detail"]
        )


@pytest.fixture(scope="module")
def flow(
    client: TestClient, operator: tuple[str, dict[str, str]], engine: Engine, worker: WorkerProcess
) -> Flow:
    return Flow(client, operator[1], engine, worker)
