"""The portal's built files at /ui: index and deep links, cache headers, the not-built page, and the API
beside it unchanged (problem+json, OpenAPI without the portal's routes)."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tdm_api.errors import install_error_handlers
from tdm_api.portal import IMMUTABLE, REVALIDATE, STATIC_DIR, mount_portal

INDEX_HTML = (
    '<!doctype html><html><body><div id="root"></div><script src="/ui/assets/index-AbC123.js"></script>'
    "</body></html>"
)
ASSET_JS = "console.log('portal');\n"


def portal_app(static_dir: Path) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    mount_portal(app, static_dir)
    return app


@pytest.fixture
def built(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX_HTML, encoding="utf-8")
    (tmp_path / "assets" / "index-AbC123.js").write_text(ASSET_JS, encoding="utf-8")
    (tmp_path / "favicon.svg").write_text("<svg/>", encoding="utf-8")
    return tmp_path


@pytest.fixture
def portal(built: Path) -> TestClient:
    return TestClient(portal_app(built), raise_server_exceptions=False)


def assert_index(response: Any) -> None:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == REVALIDATE
    assert '<div id="root">' in response.text


def test_index_at_ui(portal: TestClient) -> None:
    assert_index(portal.get("/ui/"))
    # Without the slash: redirected to it (then the index).
    response = portal.get("/ui", follow_redirects=False)
    assert response.status_code in (307, 308)
    assert response.headers["location"].endswith("/ui/")
    assert_index(portal.get("/ui"))


@pytest.mark.parametrize(
    "path",
    [
        "/ui/jobs",
        f"/ui/jobs/{uuid.uuid4()}",
        "/ui/schemas/abc/versions",
        "/ui/signin?redirect=%2Fjobs",
        "/ui/index.html",
    ],
)
def test_deep_links_get_the_index(portal: TestClient, path: str) -> None:
    assert_index(portal.get(path))


def test_head_of_a_deep_link(portal: TestClient) -> None:
    response = portal.head("/ui/datasets/42")
    assert response.status_code == 200
    assert response.headers["cache-control"] == REVALIDATE


def test_hashed_assets_are_immutable(portal: TestClient) -> None:
    response = portal.get("/ui/assets/index-AbC123.js")
    assert response.status_code == 200
    assert response.text == ASSET_JS
    assert response.headers["cache-control"] == IMMUTABLE
    assert "javascript" in response.headers["content-type"]
    # Revalidation with the ETag answers 304.
    etag = response.headers["etag"]
    again = portal.get("/ui/assets/index-AbC123.js", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_other_files_are_revalidated(portal: TestClient) -> None:
    response = portal.get("/ui/favicon.svg")
    assert response.status_code == 200
    assert response.headers["cache-control"] == REVALIDATE


@pytest.mark.parametrize("path", ["/ui/assets/missing-123.js", "/ui/assets/sub/page", "/ui/missing.png"])
def test_missing_files_are_404_problems_not_the_index(portal: TestClient, path: str) -> None:
    response = portal.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_only_get_and_head(portal: TestClient) -> None:
    response = portal.post("/ui/jobs")
    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"


def test_no_file_outside_the_static_folder(built: Path, portal: TestClient) -> None:
    (built.parent / "secret.txt").write_text("the-content-of-a-file-outside", encoding="utf-8")
    for path in ("/ui/../secret.txt", "/ui/%2e%2e/secret.txt", "/ui/assets/..%2f..%2fsecret.txt"):
        response = portal.get(path)
        assert "the-content-of-a-file-outside" not in response.text, path


def test_root_redirects_to_the_portal(portal: TestClient) -> None:
    response = portal.get("/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/ui/"


@pytest.mark.parametrize("layout", ["missing", "empty"])
def test_not_built_says_how_to_build(tmp_path: Path, layout: str) -> None:
    static = tmp_path / "static"
    if layout == "empty":
        static.mkdir()
    client = TestClient(portal_app(static), raise_server_exceptions=False)
    for path in ("/ui/", "/ui/jobs/1", "/ui/assets/index-AbC123.js"):
        response = client.get(path)
        assert response.status_code == 503
        assert response.headers["content-type"].startswith("text/html")
        assert "npm ci &amp;&amp; npm run build" in response.text
        assert response.headers["cache-control"] == "no-store"
    # A build appearing later is served without a restart.
    static.mkdir(exist_ok=True)
    (static / "index.html").write_text(INDEX_HTML, encoding="utf-8")
    assert_index(client.get("/ui/"))


# --- the real application -----------------------------------------------------------------------------


def test_app_serves_the_committed_build(client: TestClient) -> None:
    """The build in tdm_api/portal/static (committed; `npm run build` in tdm-ui) is what /ui serves."""
    index = STATIC_DIR / "index.html"
    if not index.is_file():
        pytest.skip("the portal is not built (run `npm ci && npm run build` in tdm-ui)")
    response = client.get("/ui/")
    assert_index(response)
    assert_index(client.get(f"/ui/jobs/{uuid.uuid4()}"))
    assets = re.findall(r'(?:src|href)="(/ui/assets/[^"]+)"', response.text)
    assert assets, "index.html names no hashed asset"
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200, asset
        assert served.headers["cache-control"] == IMMUTABLE


def test_app_root_redirects_to_the_portal(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/ui/"


def test_api_errors_stay_problems_beside_the_portal(client: TestClient) -> None:
    for path in ("/api/v1/no-such-thing", "/api/v1/ui", "/nothing-here"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["status"] == 404
    response = client.get("/api/v1/jobs")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_openapi_and_docs_unaffected(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert all(path.startswith("/api/v1/") for path in document["paths"])
    assert client.get("/api/v1/docs").status_code == 200
