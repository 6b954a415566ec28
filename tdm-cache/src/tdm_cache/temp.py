"""Short-lived artefacts (spec 12.2 `tdm:temp:<name>`, TTL 24h): small intermediate results only.

Every value expires; nothing here is a place for dataset files (those stream to S3).
"""

from __future__ import annotations

import redis
from tdm_core.errors import InvalidInputError

from tdm_cache.client import get_redis, translate_errors
from tdm_cache.keys import temp_key
from tdm_cache.settings import CacheSettings

# Redis allows 512 MiB per value; anything near that belongs in S3, and a huge SET blocks Redis.
MAX_VALUE_BYTES = 64 * 1024 * 1024


class TempStore:
    """put / get / delete expiring values under `tdm:temp:<name>`."""

    def __init__(self, client: redis.Redis | None = None, *, default_ttl_seconds: int | None = None) -> None:
        self.redis = client if client is not None else get_redis()
        self.default_ttl_seconds = (
            default_ttl_seconds
            if default_ttl_seconds is not None
            else CacheSettings.load().tdm_temp_ttl_seconds
        )
        if self.default_ttl_seconds <= 0:
            raise InvalidInputError(f"temp TTL must be positive, got {self.default_ttl_seconds}")

    def put(self, name: str, value: bytes | str, ttl_seconds: float | None = None) -> None:
        """Store `value` (str is stored as UTF-8), replacing any previous value and restarting its TTL."""
        key = temp_key(name)
        if isinstance(value, str):
            data = value.encode("utf-8")
        elif isinstance(value, bytes | bytearray | memoryview):
            data = bytes(value)
        else:
            raise InvalidInputError(f"temp value {name!r} must be bytes or str, not {type(value).__name__}")
        if len(data) > MAX_VALUE_BYTES:
            raise InvalidInputError(
                f"temp value {name!r} is {len(data)} bytes; at most {MAX_VALUE_BYTES} allowed (use S3)"
            )
        ttl = self.default_ttl_seconds if ttl_seconds is None else ttl_seconds
        if ttl <= 0:
            raise InvalidInputError(f"TTL of temp value {name!r} must be positive, got {ttl}")
        with translate_errors(self.redis):
            self.redis.set(key, data, px=max(1, int(ttl * 1000)))

    def get(self, name: str) -> bytes | None:
        key = temp_key(name)
        with translate_errors(self.redis):
            value = self.redis.get(key)
        if value is None:
            return None
        return value if isinstance(value, bytes) else value.encode("utf-8")

    def get_text(self, name: str) -> str | None:
        value = self.get(name)
        return None if value is None else value.decode("utf-8")

    def ttl(self, name: str) -> float | None:
        """Seconds left before `name` expires, or None when it is gone."""
        key = temp_key(name)
        with translate_errors(self.redis):
            remaining_ms = self.redis.pttl(key)
        return remaining_ms / 1000 if remaining_ms >= 0 else None

    def delete(self, name: str) -> bool:
        key = temp_key(name)
        with translate_errors(self.redis):
            return bool(self.redis.delete(key))
