"""Fixtures for the cache tests: unique ids so tests share one Redis without seeing each other."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import redis

from tests.support.services import ServiceEndpoints


@pytest.fixture
def uid(services: ServiceEndpoints) -> Iterator[str]:
    """A fresh id per test; afterwards every tdm:* key containing it is removed (they carry 7-day TTLs)."""
    value = uuid.uuid4().hex
    yield value
    client = redis.Redis.from_url(services.redis_url)
    try:
        stale = list(client.scan_iter(match=f"tdm:*{value}*", count=1000))
        if stale:
            client.delete(*stale)
    finally:
        client.close()
