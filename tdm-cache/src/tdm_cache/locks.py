"""Distributed locks on one Redis (spec 12.2 `tdm:lock:<kind>:<id>`), e.g. one subset per schema version.

SET NX PX with a random owner token; release and extend are Lua compare-and-act scripts, so a holder
whose lock expired (and was taken by someone else) can neither delete nor prolong the new holder's lock.
The TTL is the safety net for a crashed holder: a long job keeps its lock with `extend()` or
`auto_extend=True`.
"""

from __future__ import annotations

import logging
import random
import secrets
import threading
import time
from types import TracebackType
from typing import Self

import redis
from tdm_core.errors import InvalidInputError, LockedError, TDMError

from tdm_cache.client import as_text, translate_errors
from tdm_cache.keys import IdLike, lock_key

log = logging.getLogger(__name__)

# Take the lock if free; if this owner already holds it (a resumed job), refresh its TTL instead.
_ACQUIRE = """
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""
_EXTEND = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0
"""

# What the id of a lock kind names, for the "already running" message the API returns as 409.
RESOURCE_NOUNS: dict[str, str] = {
    "subset": "schema version",
    "pii": "schema version",
    "synthetic": "schema version",
    "discover": "connection",
    "mask": "dataset version",
    "provision": "environment",
}

_POLL_MIN_SECONDS = 0.01
_POLL_MAX_SECONDS = 0.2


def _to_ms(what: str, seconds: float) -> int:
    if seconds <= 0:
        raise InvalidInputError(f"{what} must be positive, got {seconds}")
    return max(1, int(seconds * 1000))


class RedisLock:
    """A lock on `tdm:lock:<kind>:<resource_id>` held by `owner` (a random token unless given).

    Passing a stable owner (e.g. the job id) lets the same job re-acquire its own lock after a worker
    restart; two different holders must never share an owner token.
    """

    def __init__(
        self,
        client: redis.Redis,
        kind: str,
        resource_id: IdLike,
        ttl_seconds: float,
        owner: str | None = None,
        *,
        blocking_timeout: float | None = None,
        auto_extend: bool = False,
    ) -> None:
        self.redis = client
        self.kind = kind
        self.resource_id = str(resource_id)
        self.key = lock_key(kind, resource_id)
        self.ttl_seconds = ttl_seconds
        self._ttl_ms = _to_ms("lock TTL", ttl_seconds)
        if owner is not None and not owner:
            raise InvalidInputError("lock owner must not be empty")
        self.owner = owner if owner is not None else secrets.token_hex(16)
        # Used by the context manager: None means fail at once when the lock is taken.
        self.blocking_timeout = blocking_timeout
        self.auto_extend = auto_extend
        self._acquire = client.register_script(_ACQUIRE)
        self._release = client.register_script(_RELEASE)
        self._extend = client.register_script(_EXTEND)
        self._stop_renewal = threading.Event()
        self._renewal: threading.Thread | None = None

    # -- acquiring -------------------------------------------------------------------------------
    def acquire(self, blocking: bool = False, timeout: float | None = None) -> bool:
        """Take the lock. Non-blocking by default; when blocking, wait up to `timeout` (None: forever)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        pause = _POLL_MIN_SECONDS
        while True:
            if self._try_acquire():
                self._start_renewal()
                return True
            if not blocking:
                return False
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return False
            # Jittered, growing pause: waiters on a hot lock should not poll Redis in lockstep.
            nap = pause * random.uniform(0.5, 1.0)
            time.sleep(nap if remaining is None else min(nap, remaining))
            pause = min(pause * 2, _POLL_MAX_SECONDS)

    def _try_acquire(self) -> bool:
        with translate_errors(self.redis):
            return bool(self._acquire(keys=[self.key], args=[self.owner, self._ttl_ms]))

    # -- holding ---------------------------------------------------------------------------------
    def extend(self, ttl_seconds: float | None = None) -> bool:
        """Reset the remaining TTL to `ttl_seconds` (default: the lock's TTL). False if not the owner."""
        ttl_ms = self._ttl_ms if ttl_seconds is None else _to_ms("lock TTL", ttl_seconds)
        with translate_errors(self.redis):
            return bool(self._extend(keys=[self.key], args=[self.owner, ttl_ms]))

    def release(self) -> bool:
        """Delete the lock if we still own it. False (and nothing deleted) if it expired or moved on."""
        self._stop_renewal_thread()
        with translate_errors(self.redis):
            released = bool(self._release(keys=[self.key], args=[self.owner]))
        if not released:
            log.warning("lock %s was no longer ours at release (expired or taken over)", self.key)
        return released

    def holder(self) -> str | None:
        """The owner token stored in the lock, or None when nobody holds it."""
        with translate_errors(self.redis):
            value = self.redis.get(self.key)
        return None if value is None else as_text(value)

    def owned(self) -> bool:
        return self.holder() == self.owner

    def locked(self) -> bool:
        return self.holder() is not None

    def locked_message(self) -> str:
        noun = RESOURCE_NOUNS.get(self.kind, "resource")
        return f"{self.kind} of {noun} {self.resource_id} is already running"

    # -- keeping a long job's lock alive ----------------------------------------------------------
    def _start_renewal(self) -> None:
        if not self.auto_extend or (self._renewal is not None and self._renewal.is_alive()):
            return
        self._stop_renewal.clear()
        self._renewal = threading.Thread(target=self._renew_loop, name=f"renew {self.key}", daemon=True)
        self._renewal.start()

    def _renew_loop(self) -> None:
        interval = self.ttl_seconds / 3
        while not self._stop_renewal.wait(interval):
            try:
                if not self.extend():
                    log.warning("lock %s was lost before it could be extended", self.key)
                    return
            except TDMError as exc:  # Redis briefly away: keep trying while the TTL lasts
                log.warning("could not extend lock %s: %s", self.key, exc.detail)

    def _stop_renewal_thread(self) -> None:
        self._stop_renewal.set()
        thread, self._renewal = self._renewal, None
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    # -- context manager -------------------------------------------------------------------------
    def __enter__(self) -> Self:
        blocking = self.blocking_timeout is not None
        if not self.acquire(blocking=blocking, timeout=self.blocking_timeout):
            raise LockedError(self.locked_message())
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
