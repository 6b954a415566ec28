"""Temporary artefacts under tdm:temp:<name>: 24h by default, and they really expire."""

from __future__ import annotations

import pytest
import redis
from tdm_cache import TempStore
from tdm_core.errors import InvalidInputError

from tests.support.polling import wait_until


def test_put_get_delete_bytes_and_text(redis_client: redis.Redis, uid: str) -> None:
    store = TempStore(redis_client)
    store.put(f"{uid}-bin", b"\x00\xffPAR1")
    store.put(f"{uid}-txt", "héllo")
    assert store.get(f"{uid}-bin") == b"\x00\xffPAR1"
    assert store.get_text(f"{uid}-txt") == "héllo"
    assert redis_client.get(f"tdm:temp:{uid}-txt") == "héllo".encode()
    assert store.delete(f"{uid}-bin") is True
    assert store.get(f"{uid}-bin") is None
    assert store.delete(f"{uid}-bin") is False
    store.delete(f"{uid}-txt")


def test_default_ttl_is_24_hours(redis_client: redis.Redis, uid: str) -> None:
    store = TempStore(redis_client)
    store.put(uid, "x")
    ttl = redis_client.ttl(f"tdm:temp:{uid}")
    assert 24 * 3600 - 60 < ttl <= 24 * 3600
    remaining = store.ttl(uid)
    assert remaining is not None
    assert 24 * 3600 - 60 < remaining <= 24 * 3600
    store.delete(uid)


def test_temp_values_expire(redis_client: redis.Redis, uid: str) -> None:
    store = TempStore(redis_client)
    store.put(uid, b"short-lived", ttl_seconds=0.3)
    assert store.get(uid) == b"short-lived"
    key = f"tdm:temp:{uid}"
    wait_until(lambda: not redis_client.exists(key), timeout=5, message=f"{key} (0.3 s TTL) did not expire")
    assert store.get(uid) is None
    assert store.ttl(uid) is None


def test_bad_values_are_rejected(redis_client: redis.Redis, uid: str) -> None:
    store = TempStore(redis_client)
    with pytest.raises(InvalidInputError, match="must be bytes or str"):
        store.put(uid, 42)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="TTL"):
        store.put(uid, "x", ttl_seconds=0)
    with pytest.raises(InvalidInputError, match="temp name"):
        store.put("has space", "x")
    assert redis_client.exists(f"tdm:temp:{uid}") == 0
