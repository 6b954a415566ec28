"""One Redis client (and so one connection pool) per URL per process, and Redis errors as TDM errors.

Clients are thread-safe and cheap to share; creating one per request would open a pool per request.
Pools are keyed by process id too, so a forked worker never reuses its parent's sockets.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import redis
from redis.backoff import ExponentialWithJitterBackoff
from redis.connection import SSLConnection
from redis.exceptions import AuthenticationError, AuthorizationError
from redis.retry import Retry
from tdm_core.errors import ConfigurationError, DependencyUnavailableError
from tdm_core.redaction import redact_text, redact_url

from tdm_cache.settings import CacheSettings

_clients: dict[tuple[int, str], redis.Redis] = {}
_clients_lock = threading.Lock()


def get_redis(url: str | None = None) -> redis.Redis:
    """The shared client for `url` (default: REDIS_URL). Connects lazily, on the first command."""
    settings = CacheSettings.load()
    resolved = url or settings.redis_url
    key = (os.getpid(), resolved)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = _make_client(resolved, settings)
            _clients[key] = client
        return client


def _make_client(url: str, settings: CacheSettings) -> redis.Redis:
    try:
        return redis.Redis.from_url(
            url,
            socket_connect_timeout=settings.redis_socket_connect_timeout_seconds,
            socket_timeout=settings.redis_socket_timeout_seconds,
            socket_keepalive=True,
            health_check_interval=settings.redis_health_check_interval_seconds,
            # Retry only on a broken connection (e.g. after a Redis restart); a timed-out command may
            # already have run, and retrying an XADD would duplicate an event.
            retry=Retry(
                ExponentialWithJitterBackoff(base=0.05, cap=0.5), 2, supported_errors=(redis.ConnectionError,)
            ),
        )
    except ValueError as exc:
        raise ConfigurationError(
            f"REDIS_URL {redact_url(url)} is not a valid Redis URL: {redact_text(str(exc))}"
        ) from None


def close_all() -> None:
    """Disconnect every pool this process opened (shutdown, or tests switching servers)."""
    with _clients_lock:
        clients = list(_clients.values())
        _clients.clear()
    for client in clients:
        client.close()


def describe(client: redis.Redis) -> str:
    """Where `client` points, without credentials: safe for errors and logs."""
    kwargs = client.connection_pool.connection_kwargs
    db = kwargs.get("db", 0)
    if kwargs.get("path"):
        return f"unix://{kwargs['path']}?db={db}"
    scheme = "rediss" if issubclass(client.connection_pool.connection_class, SSLConnection) else "redis"
    return f"{scheme}://{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}/{db}"


@contextmanager
def translate_errors(client: redis.Redis) -> Iterator[None]:
    """Turn Redis connection failures into the platform's errors (503, retryable) with no secrets."""
    try:
        yield
    except (AuthenticationError, AuthorizationError):
        # Subclasses of ConnectionError, but retrying cannot help: the configuration is wrong.
        raise ConfigurationError(
            f"Redis at {describe(client)} rejected the credentials given in REDIS_URL"
        ) from None
    except (redis.ConnectionError, redis.TimeoutError) as exc:
        raise DependencyUnavailableError(
            f"Redis at {describe(client)} is unavailable: {redact_text(str(exc))}"
        ) from exc


def check_redis(client: redis.Redis | None = None) -> None:
    """Ping Redis; raise DependencyUnavailableError when it does not answer (health checks)."""
    client = client if client is not None else get_redis()
    with translate_errors(client):
        client.ping()


def as_text(value: bytes | str) -> str:
    """Our keys hold UTF-8; callers may hand us a client with or without decode_responses."""
    return value.decode("utf-8") if isinstance(value, bytes) else value
