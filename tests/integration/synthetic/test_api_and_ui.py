"""Schemas from an OpenAPI spec (nested objects, $refs) and from a web form served by the test, each
alone and merged with Chinook's database schema: DB > API > UI. The data of each provisions into an
empty environment with every key of its schema."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.integration.conftest import run_job
from tests.integration.provisioning.conftest import Env
from tests.support.browser import require_chromium

SITE = Path(__file__).parent / "site"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(SITE)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _synthetic(request: dict[str, Any]) -> dict[str, Any]:
    outcome = run_job({"synthetic": request})
    assert outcome.status == "completed", outcome.error
    assert outcome.result["operation"] in (
        "API_BASED_SYNTHETIC_GENERATION",
        "UI_BASED_SYNTHETIC_GENERATION",
        "TDM_SYNTHETIC_RUN",
    )
    return dict(outcome.result["steps"]["synthetic"])


def _provision(result: dict[str, Any], env: Env) -> None:
    outcome = run_job(
        {"provision": {"dataset_version_id": result["dataset_version_id"], "target_env": env.name}}
    )
    assert outcome.status == "completed", outcome.error
    assert outcome.result["steps"]["provision"]["row_counts"] == result["row_counts"]


def _columns(url: str, table: str) -> dict[str, tuple[str, int | None]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT column_name, data_type, character_maximum_length FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name = %s",
            (table,),
        ).fetchall()
    return {name: (kind, length) for name, kind, length in rows}


def test_api_spec_alone(site: str, environment: Callable[..., Env]) -> None:
    result = _synthetic({"api_spec_url": f"{site}/openapi.json", "row_counts": {"customer": 50}})
    assert result["mode"] == "api_schema" and result["sources"] == ["api"]
    assert set(result["row_counts"]) == {"customer", "postal_address", "review"}
    assert result["row_counts"]["customer"] == 50
    assert result["checks"]["foreign_keys"] == 2 and result["checks"]["problems"] == []
    env = environment()
    _provision(result, env)
    assert _columns(env.url, "customer")["email"] == ("character varying", 100)
    with psycopg.connect(env.url) as conn:
        bad = conn.execute(
            "SELECT count(*) FROM review WHERE rating NOT BETWEEN 1 AND 5 OR customer_id IS NULL"
        ).fetchone()
        tiers = conn.execute(
            "SELECT DISTINCT loyalty_tier FROM customer WHERE loyalty_tier IS NOT NULL"
        ).fetchall()
    assert bad == (0,)
    assert {t for (t,) in tiers} <= {"bronze", "silver", "gold"}


def test_web_form_alone(site: str, environment: Callable[..., Env]) -> None:
    require_chromium()
    result = _synthetic({"ui_urls": [f"{site}/customer.html"], "row_counts": {"customer": 40}})
    assert result["mode"] == "ui_crawl" and result["sources"] == ["ui"]
    assert result["row_counts"] == {"customer": 40}
    env = environment()
    _provision(result, env)
    columns = _columns(env.url, "customer")
    assert columns["email"] == ("character varying", 200)
    assert columns["first_name"] == ("character varying", 30)
    with psycopg.connect(env.url) as conn:
        rows = conn.execute("SELECT email, favourite_genre FROM customer").fetchall()
    assert all("@" in email for email, _ in rows)
    assert {genre for _, genre in rows if genre} <= {"Rock", "Jazz", "Classical"}


def test_merged_with_the_database_follows_the_priority(
    site: str, chinook: tuple[str, str], environment: Callable[..., Env]
) -> None:
    require_chromium()
    _, version = chinook
    result = _synthetic(
        {
            "schema_version_id": version,
            "api_spec": (SITE / "openapi.json").read_text(),
            "ui_urls": [f"{site}/customer.html"],
            "seed": 5,
        }
    )
    assert result["sources"] == ["db", "api", "ui"]
    conflicts = {(c["entity"], c["attribute"], c["field"]): c for c in result["conflicts"]}
    email = [
        c for (entity, attribute, _), c in conflicts.items() if entity == "customer" and attribute == "email"
    ]
    assert email and all(c["kept"].startswith("db") for c in email)  # the database's varchar(60) wins
    assert "review" in result["row_counts"]  # an entity only the API knows is added
    env = environment()
    _provision(result, env)
    customer = _columns(env.url, "customer")
    assert customer["email"] == ("character varying", 60)  # not the API's 100 nor the form's 200
    assert (
        "loyalty_tier" not in customer and "favourite_genre" not in customer
    )  # a DB table keeps its columns
    with psycopg.connect(env.url) as conn:
        orphans = conn.execute(
            "SELECT count(*) FROM review r LEFT JOIN customer c USING (customer_id) "
            "WHERE c.customer_id IS NULL"
        ).fetchone()
    assert orphans == (0,)
