"""Liveness and readiness probes: no key needed, readiness names what is down, no secrets."""

from __future__ import annotations

import redis
from fastapi.testclient import TestClient
from tdm_api.config import ApiSettings
from tdm_api.health.service import check_postgres
from tdm_api.main import create_app
from tdm_cache.client import check_redis
from tdm_metadata_store.db import make_engine

PREFIX = "/api/v1"
SECRET = "ready-Pa55word"


def test_health_and_ready_with_everything_up(client: TestClient) -> None:
    health = client.get(f"{PREFIX}/health")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    ready = client.get(f"{PREFIX}/ready")
    assert ready.status_code == 200, ready.text
    assert ready.json() == {
        "status": "ok",
        "checks": {"postgres": "ok", "redis": "ok", "s3": "ok", "api_pool": "ok"},
    }


def test_ready_names_the_dependency_that_is_down(service_env: dict[str, str], api_bucket: str) -> None:
    settings = ApiSettings.load().model_copy(update={"tdm_api_ready_timeout_seconds": 5.0})
    app = create_app(settings)
    # Real failures, nothing mocked: nothing listens on port 1.
    dead_pg = make_engine(f"postgresql://postgres:{SECRET}@127.0.0.1:1/tdm")
    dead_redis = redis.Redis.from_url(f"redis://:{SECRET}@127.0.0.1:1/0", socket_connect_timeout=1)
    checks = dict(app.state.readiness_checks)
    checks["postgres"] = lambda: check_postgres(dead_pg)
    checks["redis"] = lambda: check_redis(dead_redis)
    app.state.readiness_checks = checks
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get(f"{PREFIX}/ready")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["checks"]["s3"] == "ok"
    assert body["checks"]["postgres"].startswith("unavailable")
    assert body["checks"]["redis"].startswith("unavailable")
    assert "postgres" in body["detail"] and "redis" in body["detail"] and "s3" not in body["detail"]
    assert SECRET not in response.text and "127.0.0.1" not in response.text
    dead_pg.dispose()
    dead_redis.close()


def test_interactive_docs_load_their_assets_from_the_api_itself(client: TestClient) -> None:
    """Swagger UI renders without internet: the page's JavaScript and CSS are served by the API."""
    page = client.get(f"{PREFIX}/docs")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "cdn." not in page.text and "https://" not in page.text
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        url = f"{PREFIX}/docs-assets/{asset}"
        assert url in page.text
        served = client.get(url)
        assert served.status_code == 200 and len(served.content) > 10_000
    assert "SwaggerUIBundle" in client.get(f"{PREFIX}/docs-assets/swagger-ui-bundle.js").text
    assert client.get(f"{PREFIX}/openapi.json").json()["openapi"].startswith("3.")
