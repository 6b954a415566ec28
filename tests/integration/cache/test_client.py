"""get_redis: one client per URL, and an unreachable Redis surfaces as a 503 with no password in it."""

from __future__ import annotations

import socket

import pytest
import redis
from tdm_cache import JobStateCache, check_redis, get_redis
from tdm_core.errors import ConfigurationError, DependencyUnavailableError

from tests.support.services import ServiceEndpoints


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_one_client_per_url_and_it_talks_to_redis(
    service_env: dict[str, str], services: ServiceEndpoints, uid: str
) -> None:
    client = get_redis(services.redis_url)
    assert get_redis(services.redis_url) is client
    # REDIS_URL (set by service_env) is the default.
    assert get_redis() is client
    client.set(f"tdm:temp:test-client-{uid}", "ok", ex=30)
    assert client.get(f"tdm:temp:test-client-{uid}") == b"ok"
    check_redis(client)


def test_client_is_configured_for_failure_detection(services: ServiceEndpoints) -> None:
    kwargs = get_redis(services.redis_url).connection_pool.connection_kwargs
    assert kwargs["health_check_interval"] == 30
    assert kwargs["socket_timeout"] == 30.0
    assert kwargs["socket_connect_timeout"] == 5.0


def test_unreachable_redis_is_a_503_without_the_password() -> None:
    port = _closed_port()
    url = f"redis://admin:s3cr3t-pass@127.0.0.1:{port}/2"
    client = get_redis(url)
    with pytest.raises(DependencyUnavailableError) as err:
        check_redis(client)
    assert err.value.status_code == 503
    assert err.value.retryable
    assert f"127.0.0.1:{port}/2" in err.value.detail
    assert "s3cr3t-pass" not in err.value.detail
    # Every cache operation maps the failure the same way.
    with pytest.raises(DependencyUnavailableError) as err2:
        JobStateCache(client).get("some-job")
    assert "s3cr3t-pass" not in err2.value.detail


def test_wrong_password_is_a_configuration_error(services: ServiceEndpoints) -> None:
    # An unknown ACL user is refused (WRONGPASS): retrying cannot help, so it is not a 503.
    base = services.redis_url.split("://", 1)[1].rsplit("@", 1)[-1]
    client = get_redis(f"redis://nobody:wrong-pass-123@{base}")
    with pytest.raises(ConfigurationError) as err:
        check_redis(client)
    assert "rejected the credentials" in err.value.detail
    assert "wrong-pass-123" not in str(err.value)


def test_invalid_url_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError) as err:
        get_redis("http://user:topsecret@127.0.0.1:6379/0")
    assert "topsecret" not in err.value.detail
    assert "REDIS_URL" in err.value.detail


def test_client_without_decode_and_with_decode_both_work(services: ServiceEndpoints, uid: str) -> None:
    decoded = redis.Redis.from_url(services.redis_url, decode_responses=True)
    try:
        cache = JobStateCache(decoded)
        cache.set(uid, {"status": "running"})
        assert JobStateCache(get_redis(services.redis_url)).get(uid) == {"status": "running"}
        assert cache.get(uid) == {"status": "running"}
    finally:
        decoded.delete(f"tdm:job:{uid}")
        decoded.close()
