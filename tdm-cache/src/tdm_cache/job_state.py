"""Live job state in Redis (spec 12.2 `tdm:job:<job_id>`, TTL 7 days) and the cancel flag.

PostgreSQL stays the source of truth for jobs; this is the fast, expiring copy that the API and the
portal poll, and the channel through which a cancel request reaches a running worker.
"""

from __future__ import annotations

import json
from typing import Any

import redis
from redis.exceptions import WatchError
from tdm_core.errors import ConflictError, InvalidInputError

from tdm_cache.client import as_text, get_redis, translate_errors
from tdm_cache.keys import IdLike, job_cancel_key, job_key
from tdm_cache.settings import CacheSettings

# Optimistic-transaction retries for update(); contention on one job's state is rare.
_MAX_UPDATE_ATTEMPTS = 50


def _encode(job_id: IdLike, state: dict[str, Any]) -> str:
    if not isinstance(state, dict):
        raise InvalidInputError(
            f"state of job {job_id} must be a JSON object (dict), not {type(state).__name__}"
        )
    try:
        # default=str: datetimes, UUIDs and Decimals arrive as text rather than failing a progress update.
        return json.dumps(state, separators=(",", ":"), default=str, allow_nan=False)
    except ValueError as exc:  # circular reference, NaN or infinity: not portable JSON
        raise InvalidInputError(f"state of job {job_id} cannot be encoded as JSON: {exc}") from None


def _decode(raw: bytes | str | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    value = json.loads(as_text(raw))
    return value if isinstance(value, dict) else {"value": value}


class JobStateCache:
    """set / update / get / delete a job's state JSON; every write (re)applies or keeps the TTL."""

    def __init__(
        self,
        client: redis.Redis | None = None,
        *,
        ttl_seconds: int | None = None,
    ) -> None:
        self.redis = client if client is not None else get_redis()
        self.ttl_seconds = (
            ttl_seconds if ttl_seconds is not None else CacheSettings.load().tdm_job_state_ttl_seconds
        )
        if self.ttl_seconds <= 0:
            raise InvalidInputError(f"job state TTL must be positive, got {self.ttl_seconds}")

    def set(self, job_id: IdLike, state: dict[str, Any]) -> None:
        """Replace the whole state and restart its TTL."""
        key, payload = job_key(job_id), _encode(job_id, state)
        with translate_errors(self.redis):
            self.redis.set(key, payload, ex=self.ttl_seconds)

    def update(self, job_id: IdLike, fields: dict[str, Any]) -> dict[str, Any]:
        """Merge `fields` into the top level of the state, atomically; returns the merged state.

        An existing key keeps its remaining TTL (a progress tick must not extend a finished job's life);
        a missing key is created with the full TTL. WATCH/MULTI rather than a Lua script because Lua's
        cjson would round large integers and turn empty lists into objects.
        """
        key = job_key(job_id)
        _encode(job_id, fields)
        with translate_errors(self.redis):
            for _ in range(_MAX_UPDATE_ATTEMPTS):
                with self.redis.pipeline(transaction=True) as pipe:
                    try:
                        pipe.watch(key)  # type: ignore[no-untyped-call]
                        current = _decode(pipe.get(key))
                        ttl_ms = pipe.pttl(key)
                        merged = {**(current or {}), **fields}
                        payload = _encode(job_id, merged)
                        pipe.multi()
                        if current is None or ttl_ms < 0:
                            pipe.set(key, payload, ex=self.ttl_seconds)
                        else:
                            pipe.set(key, payload, keepttl=True)
                        pipe.execute()
                        return merged
                    except WatchError:
                        continue
        raise ConflictError(f"state of job {job_id} changed {_MAX_UPDATE_ATTEMPTS} times while being updated")

    def get(self, job_id: IdLike) -> dict[str, Any] | None:
        key = job_key(job_id)
        with translate_errors(self.redis):
            raw = self.redis.get(key)
        return _decode(raw)

    def ttl(self, job_id: IdLike) -> int | None:
        """Seconds until the state expires; None when there is no state (or it never expires)."""
        key = job_key(job_id)
        with translate_errors(self.redis):
            remaining = self.redis.ttl(key)
        return remaining if remaining >= 0 else None

    def delete(self, job_id: IdLike) -> bool:
        """Remove the state (not the event stream: late SSE readers may still replay it)."""
        key = job_key(job_id)
        with translate_errors(self.redis):
            return bool(self.redis.delete(key))

    def request_cancel(self, job_id: IdLike) -> None:
        """Raise the cancel flag that a running worker polls between steps."""
        key = job_cancel_key(job_id)
        with translate_errors(self.redis):
            self.redis.set(key, "1", ex=self.ttl_seconds)

    def is_cancel_requested(self, job_id: IdLike) -> bool:
        key = job_cancel_key(job_id)
        with translate_errors(self.redis):
            return bool(self.redis.exists(key))

    def clear_cancel(self, job_id: IdLike) -> bool:
        """Lower the flag (e.g. when a cancelled job is resubmitted under the same id)."""
        key = job_cancel_key(job_id)
        with translate_errors(self.redis):
            return bool(self.redis.delete(key))
