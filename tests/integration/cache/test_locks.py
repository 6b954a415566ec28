"""tdm:lock:<kind>:<id>: one holder at a time, expiry reclaims, only the owner releases or extends."""

from __future__ import annotations

import threading
import time

import pytest
import redis
from tdm_cache import RedisLock
from tdm_core.errors import LockedError

from tests.support.polling import wait_until


def test_two_holders_cannot_hold_the_same_subset_lock(redis_client: redis.Redis, uid: str) -> None:
    first = RedisLock(redis_client, "subset", uid, ttl_seconds=30)
    second = RedisLock(redis_client, "subset", uid, ttl_seconds=30)
    assert first.acquire() is True
    try:
        assert second.acquire() is False
        assert redis_client.get(f"tdm:lock:subset:{uid}") == first.owner.encode()
        assert second.holder() == first.owner
        assert second.owned() is False
        assert first.owned() is True
        with pytest.raises(LockedError) as err, second:
            pytest.fail("entered a lock someone else holds")
        assert err.value.detail == f"subset of schema version {uid} is already running"
        assert err.value.status_code == 409
        # A failed attempt leaves the holder's lock untouched.
        assert second.holder() == first.owner
    finally:
        assert first.release() is True
    assert first.holder() is None
    assert redis_client.exists(f"tdm:lock:subset:{uid}") == 0


def test_different_resources_do_not_block_each_other(redis_client: redis.Redis, uid: str) -> None:
    with RedisLock(redis_client, "subset", f"{uid}-a", 30), RedisLock(redis_client, "subset", f"{uid}-b", 30):
        assert redis_client.exists(f"tdm:lock:subset:{uid}-a", f"tdm:lock:subset:{uid}-b") == 2


def test_racing_threads_exactly_one_wins(redis_client: redis.Redis, uid: str) -> None:
    contenders = 12
    start = threading.Barrier(contenders)
    winners: list[str] = []
    results: list[bool] = []
    guard = threading.Lock()

    def contend() -> None:
        lock = RedisLock(redis_client, "subset", uid, ttl_seconds=30)
        start.wait()
        won = lock.acquire()
        with guard:
            results.append(won)
            if won:
                winners.append(lock.owner)

    threads = [threading.Thread(target=contend) for _ in range(contenders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(results) == contenders
    assert len(winners) == 1
    assert redis_client.get(f"tdm:lock:subset:{uid}") == winners[0].encode()
    redis_client.delete(f"tdm:lock:subset:{uid}")


def test_expired_lock_is_reclaimable_and_late_release_spares_the_new_holder(
    redis_client: redis.Redis, uid: str
) -> None:
    old = RedisLock(redis_client, "subset", uid, ttl_seconds=0.2)
    new = RedisLock(redis_client, "subset", uid, ttl_seconds=30)
    assert old.acquire() is True
    assert new.acquire() is False
    # The old holder stalls past its TTL: Redis lets its lock expire (nobody deletes it).
    wait_until(lambda: not old.locked(), timeout=5, message="the lock with a 0.2 s TTL did not expire")
    assert new.acquire() is True
    # The old holder wakes up and tries to clean up: it must not free the new holder's lock.
    assert old.release() is False
    assert old.extend(60) is False
    assert new.holder() == new.owner
    assert 25_000 < redis_client.pttl(f"tdm:lock:subset:{uid}") <= 30_000
    assert new.release() is True


def test_extend_works_only_for_the_owner(redis_client: redis.Redis, uid: str) -> None:
    owner = RedisLock(redis_client, "subset", uid, ttl_seconds=1)
    other = RedisLock(redis_client, "subset", uid, ttl_seconds=1)
    assert owner.acquire() is True
    # Taken just after the owner's, with the same 1 s TTL and never extended: once it is gone, the
    # owner's original TTL has run out too (by Redis's own clock).
    control = RedisLock(redis_client, "subset", f"{uid}-control", ttl_seconds=1)
    assert control.acquire() is True
    assert other.extend(120) is False
    assert redis_client.pttl(f"tdm:lock:subset:{uid}") <= 1000
    assert owner.extend(120) is True
    assert 110_000 < redis_client.pttl(f"tdm:lock:subset:{uid}") <= 120_000
    wait_until(lambda: not control.locked(), timeout=10, message="the control lock's 1 s TTL did not run out")
    assert owner.owned() is True
    assert owner.release() is True


def test_blocking_acquire_waits_for_release(redis_client: redis.Redis, uid: str) -> None:
    holder = RedisLock(redis_client, "subset", uid, ttl_seconds=30)
    waiter = RedisLock(redis_client, "subset", uid, ttl_seconds=30)
    assert holder.acquire() is True
    releaser = threading.Timer(0.4, holder.release)
    began = time.monotonic()
    releaser.start()
    try:
        assert waiter.acquire(blocking=True, timeout=10) is True
    finally:
        releaser.join()
    waited = time.monotonic() - began
    assert 0.35 <= waited < 5
    assert waiter.holder() == waiter.owner
    assert waiter.release() is True


def test_blocking_acquire_gives_up_after_timeout(redis_client: redis.Redis, uid: str) -> None:
    holder = RedisLock(redis_client, "subset", uid, ttl_seconds=30)
    waiter = RedisLock(redis_client, "subset", uid, ttl_seconds=30)
    assert holder.acquire() is True
    began = time.monotonic()
    assert waiter.acquire(blocking=True, timeout=0.5) is False
    assert 0.45 <= time.monotonic() - began < 3
    assert holder.holder() == holder.owner
    holder.release()


def test_context_manager_with_blocking_timeout(redis_client: redis.Redis, uid: str) -> None:
    holder = RedisLock(redis_client, "mask", uid, ttl_seconds=30)
    assert holder.acquire()
    waiter = RedisLock(redis_client, "mask", uid, ttl_seconds=30, blocking_timeout=0.3)
    with pytest.raises(LockedError, match=f"mask of dataset version {uid} is already running"), waiter:
        pytest.fail("entered a held lock")
    holder.release()
    with waiter:
        assert waiter.owned()
    assert waiter.locked() is False


def test_context_manager_releases_when_the_body_fails(redis_client: redis.Redis, uid: str) -> None:
    lock = RedisLock(redis_client, "subset", uid, ttl_seconds=30)
    with pytest.raises(RuntimeError, match="boom"), lock:
        assert redis_client.exists(f"tdm:lock:subset:{uid}") == 1
        raise RuntimeError("boom")
    assert redis_client.exists(f"tdm:lock:subset:{uid}") == 0


def test_same_owner_can_reacquire_its_lock(redis_client: redis.Redis, uid: str) -> None:
    job_id = f"job-{uid}"
    assert RedisLock(redis_client, "subset", uid, ttl_seconds=30, owner=job_id).acquire()
    # The job's worker restarted: a new lock object with the same owner gets it back.
    resumed = RedisLock(redis_client, "subset", uid, ttl_seconds=30, owner=job_id)
    assert resumed.acquire() is True
    assert RedisLock(redis_client, "subset", uid, ttl_seconds=30).acquire() is False
    assert resumed.release() is True


def test_auto_extend_keeps_a_long_job_locked(redis_client: redis.Redis, uid: str) -> None:
    lock = RedisLock(redis_client, "subset", uid, ttl_seconds=0.3, auto_extend=True)
    rival = RedisLock(redis_client, "subset", uid, ttl_seconds=30)
    with lock:
        # A key set with more than three of the lock's TTLs (3 x 0.3 s) just after it was taken: once
        # Redis has expired it, the lock would have expired three times over without its renewals.
        three_ttls = f"tdm:lock:subset:{uid}-three-ttls"
        assert redis_client.set(three_ttls, "1", px=1000) is True
        wait_until(
            lambda: not redis_client.exists(three_ttls), timeout=10, message=f"{three_ttls} did not expire"
        )
        assert rival.acquire() is False
        assert lock.owned()
    assert redis_client.exists(f"tdm:lock:subset:{uid}") == 0
    assert rival.acquire() is True
    rival.release()


def test_unknown_kind_message_names_kind_and_id(redis_client: redis.Redis, uid: str) -> None:
    first = RedisLock(redis_client, "reindex", uid, ttl_seconds=30)
    assert first.acquire()
    rival = RedisLock(redis_client, "reindex", uid, ttl_seconds=30)
    with pytest.raises(LockedError, match=f"reindex of resource {uid} is already running"), rival:
        pytest.fail("entered a held lock")
    first.release()
