"""API test fixtures: the real app (real PostgreSQL, Redis, S3) behind Starlette's TestClient, and one
API key per role."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tdm_api.config import ApiSettings
from tdm_api.main import create_app
from tdm_dataset_store import DatasetStore
from tdm_metadata_store.repositories.api_keys import ApiKeyRepository

ROLES = ("admin", "operator", "viewer")
BOOTSTRAP_SECRET = "bootstrap-" + uuid.uuid4().hex


@dataclass(frozen=True)
class Keys:
    admin: str
    operator: str
    viewer: str

    def headers(self, role: str) -> dict[str, str]:
        return {"X-API-Key": getattr(self, role)}


@pytest.fixture(scope="session")
def api_bucket(service_env: dict[str, str]) -> str:
    """The session's S3 bucket exists (readiness checks it; downloads presign into it)."""
    store = DatasetStore.load()
    store.ensure_bucket()
    bucket = store.bucket
    store.close()
    return bucket


@pytest.fixture(scope="session")
def api_settings(service_env: dict[str, str]) -> ApiSettings:
    # Short keep-alive so the SSE tests see comments without waiting 15 s.
    return ApiSettings.load().model_copy(
        update={"api_secret_key": None, "tdm_api_sse_keepalive_seconds": 0.3, "tdm_api_sse_max_seconds": 60.0}
    )


@pytest.fixture(scope="session")
def app(api_settings: ApiSettings, api_bucket: str) -> FastAPI:
    return create_app(api_settings)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    # raise_server_exceptions=False: a 500 must reach the test as the response a user would get.
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def keys(engine: Engine) -> Keys:
    tag = uuid.uuid4().hex[:8]
    clear: dict[str, str] = {}
    with Session(engine) as session:
        repo = ApiKeyRepository(session)
        for role in ROLES:
            _row, clear[role] = repo.create(name=f"test-{role}-{tag}", role=role)
        session.commit()
    return Keys(**clear)
