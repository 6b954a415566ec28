"""Per-job event streams: ordered replay from the start, then a blocking read that wakes on publish."""

from __future__ import annotations

import threading
import time

import pytest
import redis
from tdm_cache import JobEvents
from tdm_core.errors import InvalidInputError

from tests.support.services import ServiceEndpoints

SEVEN_DAYS = 7 * 24 * 3600


def test_events_replay_in_order(redis_client: redis.Redis, uid: str) -> None:
    events = JobEvents(redis_client)
    published = [events.publish(uid, {"type": "progress", "n": n}) for n in range(5)]
    replay = events.read(uid)
    assert [event_id for event_id, _ in replay] == published
    assert [event for _, event in replay] == [{"type": "progress", "n": n} for n in range(5)]
    # Stream ids increase, so a client resumes from the last one it saw (SSE Last-Event-ID).
    rest = events.read(uid, after_id=published[1])
    assert [event["n"] for _, event in rest] == [2, 3, 4]
    assert events.read(uid, after_id=published[-1]) == []
    assert events.last_id(uid) == published[-1]
    assert events.length(uid) == 5


def test_stream_expires_with_the_job_state(redis_client: redis.Redis, uid: str) -> None:
    JobEvents(redis_client).publish(uid, {"type": "queued"})
    assert SEVEN_DAYS - 60 < redis_client.ttl(f"tdm:job:{uid}:events") <= SEVEN_DAYS


def test_count_pages_through_a_long_stream(redis_client: redis.Redis, uid: str) -> None:
    events = JobEvents(redis_client)
    for n in range(25):
        events.publish(uid, {"n": n})
    seen: list[int] = []
    after = "0"
    while page := events.read(uid, after_id=after, count=10):
        assert len(page) <= 10
        seen.extend(event["n"] for _, event in page)
        after = page[-1][0]
    assert seen == list(range(25))


def test_blocking_read_wakes_when_another_thread_publishes(redis_client: redis.Redis, uid: str) -> None:
    events = JobEvents(redis_client)
    first = events.publish(uid, {"type": "started"})
    replay = events.read(uid)
    assert [event_id for event_id, _ in replay] == [first]

    publisher = threading.Timer(0.4, lambda: events.publish(uid, {"type": "finished"}))
    began = time.monotonic()
    publisher.start()
    try:
        live = events.read(uid, after_id=replay[-1][0], block_ms=10_000)
    finally:
        publisher.join()
    waited = time.monotonic() - began
    assert [event for _, event in live] == [{"type": "finished"}]
    assert 0.3 <= waited < 5  # woke on the publish, not at the 10 s timeout


def test_blocking_read_returns_empty_when_nothing_comes(redis_client: redis.Redis, uid: str) -> None:
    began = time.monotonic()
    assert JobEvents(redis_client).read(uid, block_ms=300) == []
    assert 0.25 <= time.monotonic() - began < 3


def test_block_longer_than_the_socket_timeout_does_not_fail(services: ServiceEndpoints, uid: str) -> None:
    # A 1 s socket timeout would cut a single 2.5 s XREAD BLOCK; the wait is split into chunks.
    client = redis.Redis.from_url(services.redis_url, socket_timeout=1.0)
    try:
        events = JobEvents(client)
        began = time.monotonic()
        assert events.read(uid, block_ms=2500) == []
        assert 2.4 <= time.monotonic() - began < 6
        publisher = threading.Timer(1.5, lambda: events.publish(uid, {"late": True}))
        publisher.start()
        try:
            assert [e for _, e in events.read(uid, block_ms=10_000)] == [{"late": True}]
        finally:
            publisher.join()
    finally:
        client.close()


def test_dollar_means_only_new_events(redis_client: redis.Redis, uid: str) -> None:
    events = JobEvents(redis_client)
    events.publish(uid, {"old": True})
    assert events.read(uid, after_id="$") == []
    publisher = threading.Timer(0.2, lambda: events.publish(uid, {"new": True}))
    publisher.start()
    try:
        live = events.read(uid, after_id="$", block_ms=10_000)
    finally:
        publisher.join()
    assert [event for _, event in live] == [{"new": True}]


def test_stream_is_capped(redis_client: redis.Redis, uid: str) -> None:
    events = JobEvents(redis_client, maxlen=10)
    for n in range(400):
        events.publish(uid, {"n": n})
    # Approximate trimming: Redis drops whole nodes, so a little more than maxlen may remain.
    assert 10 <= events.length(uid) < 400
    assert events.read(uid, after_id=events.last_id(uid) or "0") == []
    newest = events.read(uid, count=1000)
    assert newest[-1][1] == {"n": 399}


def test_unknown_job_has_no_events(redis_client: redis.Redis, uid: str) -> None:
    events = JobEvents(redis_client)
    assert events.last_id(uid) is None
    assert events.read(uid) == []
    assert events.length(uid) == 0


@pytest.mark.parametrize("bad_id", ["abc", "1-2-3", "", "-1", "0; DEL x"])
def test_bad_event_ids_are_rejected(redis_client: redis.Redis, uid: str, bad_id: str) -> None:
    with pytest.raises(InvalidInputError, match="event id"):
        JobEvents(redis_client).read(uid, after_id=bad_id)


def test_non_object_event_is_rejected(redis_client: redis.Redis, uid: str) -> None:
    with pytest.raises(InvalidInputError, match=f"event of job {uid}"):
        JobEvents(redis_client).publish(uid, ["not", "an", "object"])  # type: ignore[arg-type]
    assert redis_client.exists(f"tdm:job:{uid}:events") == 0
