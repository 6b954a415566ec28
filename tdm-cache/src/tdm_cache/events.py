"""A per-job, ordered, replayable event stream on a Redis Stream (`tdm:job:<job_id>:events`).

Unlike pub/sub, a stream keeps what was published: an SSE client that connects late (or reconnects
with Last-Event-ID) replays from its last id and then follows live, without a gap or a duplicate.
Stream ids ("<ms>-<seq>") are strictly increasing, so they double as SSE event ids.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

import redis
from tdm_core.errors import InvalidInputError

from tdm_cache.client import as_text, get_redis, translate_errors
from tdm_cache.keys import IdLike, job_events_key
from tdm_cache.settings import CacheSettings

DATA_FIELD = "data"
# "0" (from the start), a full stream id, or a millisecond time; "$" means "only what comes next".
_STREAM_ID = re.compile(r"\d+(-\d+)?")


def _check_after_id(after_id: str) -> str:
    if after_id == "$" or _STREAM_ID.fullmatch(after_id):
        return after_id
    raise InvalidInputError(
        f"event id {after_id[:40]!r} is not valid: expected '0', '$' or a stream id like '1700000000000-0'"
    )


class JobEvents:
    """publish / read / last_id on each job's event stream."""

    def __init__(
        self,
        client: redis.Redis | None = None,
        *,
        maxlen: int | None = None,
        ttl_seconds: int | None = None,
    ) -> None:
        self.redis = client if client is not None else get_redis()
        if maxlen is None or ttl_seconds is None:
            settings = CacheSettings.load()
            maxlen = maxlen if maxlen is not None else settings.tdm_job_events_maxlen
            ttl_seconds = ttl_seconds if ttl_seconds is not None else settings.tdm_job_state_ttl_seconds
        self.maxlen: int = maxlen
        self.ttl_seconds: int = ttl_seconds
        if self.maxlen <= 0 or self.ttl_seconds <= 0:
            raise InvalidInputError("job events maxlen and TTL must be positive")

    def publish(self, job_id: IdLike, event: dict[str, Any]) -> str:
        """Append `event` (a JSON object) and return its stream id. The stream expires with the job state."""
        if not isinstance(event, dict):
            raise InvalidInputError(
                f"event of job {job_id} must be a JSON object (dict), not {type(event).__name__}"
            )
        key = job_events_key(job_id)
        try:
            payload = json.dumps(event, separators=(",", ":"), default=str, allow_nan=False)
        except ValueError as exc:
            raise InvalidInputError(f"event of job {job_id} cannot be encoded as JSON: {exc}") from None
        with translate_errors(self.redis), self.redis.pipeline(transaction=True) as pipe:
            # Approximate trimming ("~") lets Redis drop whole macro-nodes: O(1) instead of O(n).
            pipe.xadd(key, {DATA_FIELD: payload}, maxlen=self.maxlen, approximate=True)
            pipe.expire(key, self.ttl_seconds)
            stream_id, _ = pipe.execute()
        return as_text(stream_id)

    def read(
        self,
        job_id: IdLike,
        after_id: str = "0",
        block_ms: int | None = None,
        count: int = 100,
    ) -> list[tuple[str, dict[str, Any]]]:
        """Up to `count` events with ids greater than `after_id`, oldest first.

        With `block_ms`, wait up to that long for the first event when none is there yet (0: forever);
        an empty list means the wait ran out. Pass the last id you got as the next `after_id`.
        """
        after_id = _check_after_id(after_id)
        if count <= 0:
            raise InvalidInputError(f"count must be positive, got {count}")
        if block_ms is not None and block_ms < 0:
            raise InvalidInputError(f"block_ms must be >= 0, got {block_ms}")
        key = job_events_key(job_id)
        if block_ms is None:
            with translate_errors(self.redis):
                return self._parse(self.redis.xread({key: after_id}, count=count))
        if after_id == "$":
            # Pin "$" to an id now: re-issuing "$" in the loop below would skip events published in between.
            after_id = self.last_id(job_id) or "0-0"
        return self._read_blocking(key, after_id, block_ms, count)

    def _read_blocking(
        self, key: str, after_id: str, block_ms: int, count: int
    ) -> list[tuple[str, dict[str, Any]]]:
        # A server-side block longer than the client's socket timeout would be cut off as a "dead"
        # connection, so long waits are split into chunks that each end well before it.
        chunk_ms = self._max_block_ms()
        deadline = None if block_ms == 0 else time.monotonic() + block_ms / 1000
        while True:
            wait_ms = chunk_ms
            if deadline is not None:
                wait_ms = min(chunk_ms, max(1, int((deadline - time.monotonic()) * 1000)))
            with translate_errors(self.redis):
                events = self._parse(self.redis.xread({key: after_id}, count=count, block=wait_ms))
            if events or (deadline is not None and time.monotonic() >= deadline):
                return events

    def _max_block_ms(self) -> int:
        timeout = self.redis.connection_pool.connection_kwargs.get("socket_timeout")
        if not timeout:
            return 60_000
        timeout_ms = int(float(timeout) * 1000)
        return timeout_ms - 1000 if timeout_ms > 2000 else max(1, timeout_ms // 2)

    @staticmethod
    def _parse(response: Any) -> list[tuple[str, dict[str, Any]]]:
        if not response:
            return []
        # RESP2 gives [[key, entries]]; RESP3 gives {key: [entries]}.
        streams = response.items() if isinstance(response, dict) else response
        events: list[tuple[str, dict[str, Any]]] = []
        for _key, entries in streams:
            for entry in entries[0] if entries and isinstance(entries[0], list) else entries:
                stream_id, fields = entry
                events.append((as_text(stream_id), JobEvents._decode_fields(fields)))
        return events

    @staticmethod
    def _decode_fields(fields: dict[Any, Any]) -> dict[str, Any]:
        for name, value in fields.items():
            if as_text(name) == DATA_FIELD:
                decoded = json.loads(as_text(value))
                return decoded if isinstance(decoded, dict) else {"value": decoded}
        # An entry written by something else: keep its raw fields rather than dropping it.
        return {as_text(k): as_text(v) for k, v in fields.items()}

    def last_id(self, job_id: IdLike) -> str | None:
        """The id of the newest event, or None when the job has published nothing (or it expired)."""
        key = job_events_key(job_id)
        with translate_errors(self.redis):
            newest = self.redis.xrevrange(key, count=1)
        newest_id = newest[0][0] if newest else None
        return as_text(newest_id) if newest_id is not None else None

    def length(self, job_id: IdLike) -> int:
        key = job_events_key(job_id)
        with translate_errors(self.redis):
            return int(self.redis.xlen(key))

    def delete(self, job_id: IdLike) -> bool:
        key = job_events_key(job_id)
        with translate_errors(self.redis):
            return bool(self.redis.delete(key))
