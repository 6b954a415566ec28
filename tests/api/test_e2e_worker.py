"""End to end: API -> queue -> a real `tdm-worker --burst` process -> events over SSE.

A small PostgreSQL source database is created for the test; a discovery job is submitted through the
API with its connection string; the SSE stream is opened while the job is still queued and must show
it start, run every node of the schema-discovery subgraph in order, and complete.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import Keys
from tests.api.sse import SseStream, parse_sse
from tests.support.services import ServiceEndpoints

PREFIX = "/api/v1"
DISCOVERY_NODES = (
    "connect_db",
    "fetch_tables",
    "fetch_columns",
    "infer_column_types",
    "profile_statistics",
    "infer_primary_keys",
    "infer_foreign_keys",
    "save_metadata",
)
SOURCE_PASSWORD = "src-Pa55-" + uuid.uuid4().hex[:6]


@pytest.fixture
def source_db(services: ServiceEndpoints) -> Iterator[str]:
    """A throwaway source database with two related tables, reached with a password-bearing URL."""
    base, _, _ = services.postgres_url.rpartition("/")
    name = f"tdm_src_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(f"{base}/{name}", autocommit=True) as conn:
        conn.execute(
            """
            CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL, region text);
            CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id),
                                 total numeric(10,2), created_at timestamptz DEFAULT now());
            INSERT INTO customers
              SELECT g, 'user' || g || '@example.com', CASE WHEN g % 2 = 0 THEN 'US' ELSE 'EU' END
              FROM generate_series(1, 20) g;
            INSERT INTO orders SELECT g, 1 + g % 20, g * 1.5 FROM generate_series(1, 50) g;
            """
        )
    # Trust auth ignores the password, but it travels through the API like a real one would.
    yield f"{base.replace('postgresql://postgres@', f'postgresql://postgres:{SOURCE_PASSWORD}@')}/{name}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_discovery_job_runs_on_a_worker_and_streams_its_events(
    client: TestClient, keys: Keys, service_env: dict[str, str], source_db: str
) -> None:
    submitted = client.post(
        f"{PREFIX}/discover-schema",
        headers=keys.headers("operator"),
        json={
            "connection_string": source_db,
            "schemas": ["public"],
            "include_stats": True,
            "sample_size": 100,
        },
    )
    assert submitted.status_code == 202, submitted.text
    job = submitted.json()
    assert job["status"] == "queued" and job["operation"] == "SCHEMA_DISCOVERY"

    # Follow the job from before it starts, as the portal would.
    streamed: dict[str, SseStream] = {}

    def follow() -> None:
        response = client.get(job["events_url"], headers=keys.headers("viewer"))
        streamed["result"] = parse_sse(response.text)

    follower = threading.Thread(target=follow)
    follower.start()

    worker = Path(sys.executable).with_name("tdm-worker")
    process = subprocess.run(
        [str(worker), "--burst", "--processes", "1"],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    follower.join(timeout=120)
    assert not follower.is_alive(), "the SSE stream did not end after the job finished"
    assert process.returncode == 0, process.stderr[-3000:]

    detail = client.get(job["status_url"], headers=keys.headers("viewer")).json()
    assert detail["status"] == "completed", (detail["error"], [log["message"] for log in detail["logs"]])
    schema_version_id = detail["result"]["schema_version_id"]

    events = streamed["result"].events
    types = [e.event for e in events]
    assert types[0] == "job_started" and types[-1] == "job_completed", types
    assert events[0].data["status"] == "running" and events[-1].data["status"] == "completed"
    # Stream ids only grow: the order on the wire is the order of publication.
    ids = [e.id for e in events]
    assert all(ids) and ids == sorted(ids, key=lambda i: tuple(int(p) for p in str(i).split("-")))
    started = [e.data["node"] for e in events if e.event == "node_started"]
    completed = [e.data["node"] for e in events if e.event == "node_completed"]
    assert [n for n in started if n in DISCOVERY_NODES] == list(DISCOVERY_NODES)
    assert [n for n in completed if n in DISCOVERY_NODES] == list(DISCOVERY_NODES)
    position = {(e.event, e.data.get("node")): index for index, e in enumerate(events)}
    for before, after in itertools.pairwise(DISCOVERY_NODES):
        assert position[("node_started", before)] < position[("node_completed", before)]
        assert position[("node_completed", before)] < position[("node_started", after)]
    assert all(SOURCE_PASSWORD not in str(e.data) for e in events)

    # A late reader replays the same history from the stream.
    replay = client.get(job["events_url"], headers=keys.headers("viewer"))
    assert [e.id for e in parse_sse(replay.text).events] == ids

    # What the job found is in the catalog.
    schemas = client.get(f"{PREFIX}/schemas?limit=500", headers=keys.headers("viewer")).json()["items"]
    schema = next(s for s in schemas if s["latest_version_id"] == schema_version_id)
    found = client.get(f"{PREFIX}/schema/{schema['id']}", headers=keys.headers("viewer")).json()
    assert {t["name"] for t in found["tables"]} >= {"customers", "orders"}
    assert any(
        r["child_table"] == "orders" and r["parent_table"] == "customers" for r in found["relationships"]
    )
    for text in (str(detail), replay.text, str(found)):
        assert SOURCE_PASSWORD not in text
