"""GET /job/{id}/events: replay from the Redis stream, resume after Last-Event-ID, follow live, fall
back to job_logs when the stream has expired. Events are published into the real stream here; the
end-to-end run with a worker is in test_e2e_worker.py."""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterator
from typing import Any

import redis
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tdm_api.config import ApiSettings
from tdm_api.kit.redis import get_redis_client
from tdm_api.main import create_app
from tdm_cache.events import JobEvents
from tdm_metadata_store.repositories.jobs import JobRepository

from tests.api.conftest import Keys
from tests.api.sse import SseStream, parse_sse

PREFIX = "/api/v1"


def make_job(engine: Engine, *, status: str, logs: list[str] = ()) -> uuid.UUID:  # type: ignore[assignment]
    with Session(engine) as session:
        repo = JobRepository(session)
        job = repo.create(
            operation="SCHEMA_DISCOVERY", request={"discover": {}}, user_id="sse-test", status=status
        )
        session.commit()
        # One transaction per line, as a worker writes them (rows of one transaction share now()).
        for index, message in enumerate(logs):
            repo.add_log(job.id, message, node=f"node_{index}", details={"event": "node_completed"})
            session.commit()
        if status in ("completed", "failed", "cancelled"):
            repo.set_status(job.id, status)
        session.commit()
        return job.id


def stream(client: TestClient, keys: Keys, job_id: uuid.UUID, **headers: str) -> SseStream:
    response = client.get(f"{PREFIX}/job/{job_id}/events", headers={**keys.headers("viewer"), **headers})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["cache-control"] == "no-cache"
    return parse_sse(response.text)


class LiveStream:
    """The lines of an open SSE response read one by one, so a test can act at a known point of the
    stream."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.lines: list[str] = []

    def read_until(self, wanted: str, timeout: float = 30) -> None:
        """Read up to and including the line `wanted`. Keep-alives arrive every 0.3 s, so the deadline
        is checked often even when nothing else comes."""
        deadline = time.monotonic() + timeout
        for line in self._lines:
            self.lines.append(line)
            if line == wanted:
                return
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"no line {wanted!r} within {timeout} s; the stream so far: {self.lines}"
                )
        raise AssertionError(f"the stream ended without a line {wanted!r}: {self.lines}")

    def read_to_end(self) -> SseStream:
        self.lines.extend(self._lines)
        return parse_sse("\n".join(self.lines) + "\n")


@contextlib.contextmanager
def open_stream(client: TestClient, keys: Keys, job_id: uuid.UUID) -> Iterator[LiveStream]:
    with client.stream("GET", f"{PREFIX}/job/{job_id}/events", headers=keys.headers("viewer")) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache"
        yield LiveStream(response.iter_lines())


def publish(redis_client: redis.Redis, job_id: uuid.UUID, events: list[dict[str, Any]]) -> list[str]:
    publisher = JobEvents(redis_client)
    return [publisher.publish(job_id, event) for event in events]


# Shaped like tdm_orchestrator.events.JobReporter's payloads.
NODE_EVENTS: list[dict[str, Any]] = [
    {"type": "job_started", "status": "running", "message": "started"},
    {"type": "node_started", "node": "connect_db", "subgraph": "schema_discovery"},
    {"type": "node_completed", "node": "connect_db", "subgraph": "schema_discovery", "status": "completed"},
    {"type": "job_completed", "status": "completed", "message": "done"},
]


def test_replay_in_order_until_the_terminal_event(
    client: TestClient, keys: Keys, engine: Engine, redis_client: redis.Redis
) -> None:
    job_id = make_job(engine, status="running")
    ids = publish(redis_client, job_id, [*NODE_EVENTS, {"type": "node_started", "node": "after-the-end"}])
    result = stream(client, keys, job_id)
    assert [e.id for e in result.events] == ids[:4]  # stops at the terminal event
    assert [e.data for e in result.events] == NODE_EVENTS
    assert [e.event for e in result.events] == [e["type"] for e in NODE_EVENTS]
    assert result.retry is not None


def test_last_event_id_resumes_after_it(
    client: TestClient, keys: Keys, engine: Engine, redis_client: redis.Redis
) -> None:
    job_id = make_job(engine, status="running")
    ids = publish(redis_client, job_id, NODE_EVENTS)
    result = stream(client, keys, job_id, **{"Last-Event-ID": ids[1]})
    assert [e.id for e in result.events] == ids[2:]
    bad = client.get(
        f"{PREFIX}/job/{job_id}/events", headers={**keys.headers("viewer"), "Last-Event-ID": "garbage\x7f"}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["header", "Last-Event-ID"]


def test_follows_live_events_with_keep_alives(
    client: TestClient, keys: Keys, engine: Engine, redis_client: redis.Redis
) -> None:
    job_id = make_job(engine, status="queued")
    ids: list[str] = []
    with open_stream(client, keys, job_id) as live:
        for event in NODE_EVENTS:
            # Like a worker's: each event is published only once the open stream has gone idle long
            # enough to send a keep-alive, and it must then arrive on that same stream.
            live.read_until(": keep-alive")
            ids += publish(redis_client, job_id, [event])
            live.read_until(f"id: {ids[-1]}")
        result = live.read_to_end()
    assert [e.data for e in result.events] == NODE_EVENTS
    assert [e.id for e in result.events] == ids
    assert result.comments.count("keep-alive") >= len(NODE_EVENTS)


def test_expired_stream_falls_back_to_job_logs(client: TestClient, keys: Keys, engine: Engine) -> None:
    job_id = make_job(engine, status="completed", logs=["connected", "found 3 tables", "saved version 1"])
    result = stream(client, keys, job_id)
    assert [e.id for e in result.events[:3]] == ["log-1", "log-2", "log-3"]
    messages = [e.data["message"] for e in result.events[:3]]
    assert messages == ["connected", "found 3 tables", "saved version 1"]
    assert [e.data["node"] for e in result.events[:3]] == ["node_0", "node_1", "node_2"]
    assert [e.event for e in result.events[:3]] == ["node_completed"] * 3
    final = result.events[-1]
    assert final.event == "status" and final.data["status"] == "completed"
    # A reconnect after the second line replays only the rest.
    resumed = stream(client, keys, job_id, **{"Last-Event-ID": "log-2"})
    assert [e.id for e in resumed.events] == ["log-3", None]


def test_job_ending_without_terminal_event_still_ends_the_stream(
    client: TestClient, keys: Keys, engine: Engine, redis_client: redis.Redis
) -> None:
    job_id = make_job(engine, status="running")
    ids = publish(redis_client, job_id, NODE_EVENTS[:2])
    with open_stream(client, keys, job_id) as live:
        # Both events replayed, and the stream is following live (a keep-alive went out)...
        live.read_until(f"id: {ids[1]}")
        live.read_until(": keep-alive")
        # ...when the job ends in PostgreSQL without a terminal event in the stream.
        with Session(engine) as session:
            JobRepository(session).set_status(job_id, "failed", error="boom")
            session.commit()
        result = live.read_to_end()
    assert [e.data for e in result.events[:2]] == NODE_EVENTS[:2]
    assert result.events[-1].event == "status"
    assert result.events[-1].data["status"] == "failed"


def test_unknown_job_is_404_before_streaming(client: TestClient, keys: Keys) -> None:
    response = client.get(f"{PREFIX}/job/{uuid.uuid4()}/events", headers=keys.headers("viewer"))
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_redis_down_is_a_503_before_streaming_and_job_detail_still_works(
    service_env: dict[str, str], api_bucket: str, keys: Keys, engine: Engine
) -> None:
    app = create_app(ApiSettings.load())
    dead = redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=1)  # nothing listens there
    app.dependency_overrides[get_redis_client] = lambda: dead
    job_id = make_job(engine, status="running")
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get(f"{PREFIX}/job/{job_id}/events", headers=keys.headers("viewer"))
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert "Redis" in response.json()["detail"]
        # PostgreSQL has the truth: the job detail does not need Redis.
        detail = client.get(f"{PREFIX}/job/{job_id}", headers=keys.headers("viewer"))
        assert detail.status_code == 200 and detail.json()["status"] == "running"
        assert detail.json()["live_state"] is None
    dead.close()
