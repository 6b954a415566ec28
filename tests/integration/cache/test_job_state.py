"""Job state in Redis: JSON under tdm:job:<id> with a 7-day TTL that merges keep; the cancel flag."""

from __future__ import annotations

import threading

import pytest
import redis
from tdm_cache import JobStateCache
from tdm_core.errors import InvalidInputError

SEVEN_DAYS = 7 * 24 * 3600


def test_state_round_trips_with_seven_day_ttl(redis_client: redis.Redis, uid: str) -> None:
    cache = JobStateCache(redis_client)
    state = {"status": "running", "progress": 0.25, "big": 2**62 + 1, "steps": [], "nested": {"a": None}}
    cache.set(uid, state)
    assert cache.get(uid) == state
    # Stored where spec 12.2 says, readable by anyone with plain Redis.
    assert redis_client.exists(f"tdm:job:{uid}") == 1
    ttl = redis_client.ttl(f"tdm:job:{uid}")
    assert SEVEN_DAYS - 60 < ttl <= SEVEN_DAYS
    assert cache.ttl(uid) == ttl


def test_update_merges_fields_and_keeps_the_remaining_ttl(redis_client: redis.Redis, uid: str) -> None:
    cache = JobStateCache(redis_client)
    cache.set(uid, {"status": "running", "progress": 0.1, "operation": "subset"})
    redis_client.expire(f"tdm:job:{uid}", 500)  # pretend most of its life has passed
    merged = cache.update(uid, {"progress": 0.9, "current_table": "orders"})
    assert merged == {"status": "running", "progress": 0.9, "operation": "subset", "current_table": "orders"}
    assert cache.get(uid) == merged
    assert 490 < redis_client.ttl(f"tdm:job:{uid}") <= 500


def test_update_of_a_missing_job_creates_it_with_the_full_ttl(redis_client: redis.Redis, uid: str) -> None:
    cache = JobStateCache(redis_client)
    assert cache.update(uid, {"status": "queued"}) == {"status": "queued"}
    assert SEVEN_DAYS - 60 < redis_client.ttl(f"tdm:job:{uid}") <= SEVEN_DAYS


def test_concurrent_updates_lose_no_field(redis_client: redis.Redis, uid: str) -> None:
    cache = JobStateCache(redis_client)
    cache.set(uid, {"status": "running"})
    start = threading.Barrier(6)

    def worker(n: int) -> None:
        start.wait()
        for i in range(15):
            cache.update(uid, {f"worker_{n}": i})

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert cache.get(uid) == {"status": "running", **{f"worker_{n}": 14 for n in range(6)}}


def test_get_and_delete(redis_client: redis.Redis, uid: str) -> None:
    cache = JobStateCache(redis_client)
    assert cache.get(uid) is None
    assert cache.ttl(uid) is None
    cache.set(uid, {"status": "succeeded"})
    assert cache.delete(uid) is True
    assert cache.get(uid) is None
    assert cache.delete(uid) is False


def test_custom_ttl(redis_client: redis.Redis, uid: str) -> None:
    JobStateCache(redis_client, ttl_seconds=120).set(uid, {"status": "queued"})
    assert 110 < redis_client.ttl(f"tdm:job:{uid}") <= 120


def test_ttl_follows_settings(redis_client: redis.Redis, uid: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TDM_JOB_STATE_TTL_SECONDS", "3600")
    JobStateCache(redis_client).set(uid, {"status": "queued"})
    assert 3500 < redis_client.ttl(f"tdm:job:{uid}") <= 3600


def test_cancel_flag(redis_client: redis.Redis, uid: str) -> None:
    cache = JobStateCache(redis_client)
    assert cache.is_cancel_requested(uid) is False
    cache.request_cancel(uid)
    assert cache.is_cancel_requested(uid) is True
    # A different cache object (another process, in real life) sees the same flag.
    assert JobStateCache(redis_client).is_cancel_requested(uid) is True
    assert SEVEN_DAYS - 60 < redis_client.ttl(f"tdm:job:{uid}:cancel") <= SEVEN_DAYS
    assert cache.clear_cancel(uid) is True
    assert cache.is_cancel_requested(uid) is False


@pytest.mark.parametrize("bad", [["not", "a", "dict"], {"x": float("nan")}, "text"])
def test_state_that_is_not_a_json_object_is_rejected(
    redis_client: redis.Redis, uid: str, bad: object
) -> None:
    with pytest.raises(InvalidInputError, match=f"state of job {uid}"):
        JobStateCache(redis_client).set(uid, bad)  # type: ignore[arg-type]
    assert redis_client.exists(f"tdm:job:{uid}") == 0


def test_non_json_values_are_stored_as_text(redis_client: redis.Redis, uid: str) -> None:
    import datetime as dt
    import uuid as uuid_mod

    when = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
    ref = uuid_mod.UUID("12345678-1234-5678-1234-567812345678")
    cache = JobStateCache(redis_client)
    cache.set(uid, {"started_at": when, "dataset": ref})
    assert cache.get(uid) == {"started_at": str(when), "dataset": str(ref)}
