"""Per-process resources of the orchestrator: settings, the metadata engine, Redis.

Everything is keyed by process id: RQ forks a work horse per job, and a child must never reuse a
socket its parent opened (two processes talking on one PostgreSQL connection corrupt it).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import redis
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tdm_cache.client import get_redis
from tdm_cache.events import JobEvents
from tdm_cache.job_state import JobStateCache
from tdm_cache.settings import CacheSettings
from tdm_metadata_store.db import make_engine, session_scope

from tdm_orchestrator.settings import OrchestratorSettings


@dataclass(frozen=True)
class Runtime:
    settings: OrchestratorSettings
    cache_settings: CacheSettings
    engine: Engine
    redis: redis.Redis
    pid: int

    def job_events(self) -> JobEvents:
        # Explicit TTL/maxlen: the constructors would otherwise re-read the settings on every event.
        return JobEvents(
            self.redis,
            maxlen=self.cache_settings.tdm_job_events_maxlen,
            ttl_seconds=self.cache_settings.tdm_job_state_ttl_seconds,
        )

    def job_state(self) -> JobStateCache:
        return JobStateCache(self.redis, ttl_seconds=self.cache_settings.tdm_job_state_ttl_seconds)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work on the metadata store (commit on success, rollback on error)."""
        with session_scope(self.engine) as session:
            yield session


_current: dict[str, Runtime] = {}
_lock = threading.Lock()


def get_runtime() -> Runtime:
    """The runtime of this process, created on first use (and adapted after a fork)."""
    with _lock:
        runtime = _current.get("runtime")
        if runtime is not None and runtime.pid != os.getpid():
            # Forked (RQ forks a work horse per job). Keep the engine -- its dialect is initialized
            # and its statement cache warm -- but give it a fresh pool: the inherited connections
            # belong to the parent and are dropped without being closed. Redis gets its own client.
            runtime.engine.dispose(close=False)
            runtime = replace(runtime, redis=get_redis(runtime.settings.redis_url), pid=os.getpid())
            _current["runtime"] = runtime
        if runtime is None:
            settings = OrchestratorSettings.load()
            runtime = Runtime(
                settings=settings,
                cache_settings=CacheSettings.load(),
                engine=make_engine(settings.database_url, pool_size=3),
                redis=get_redis(settings.redis_url),
                pid=os.getpid(),
            )
            _current["runtime"] = runtime
        return runtime


def use_engine(engine: Engine) -> Runtime:
    """Make `engine` this process's metadata engine: the API shares its request pool with job control
    and submission instead of opening a second one."""
    with _lock:
        current = _current.get("runtime")
        if current is not None and current.pid == os.getpid() and current.engine is engine:
            return current
        settings = OrchestratorSettings.load()
        runtime = Runtime(
            settings=settings,
            cache_settings=CacheSettings.load(),
            engine=engine,
            redis=get_redis(settings.redis_url),
            pid=os.getpid(),
        )
        _current["runtime"] = runtime
        return runtime


def reset_runtime() -> None:
    """Forget the runtime (tests that change the environment; a process shutting down)."""
    with _lock:
        runtime = _current.pop("runtime", None)
        if runtime is not None and runtime.pid == os.getpid():
            runtime.engine.dispose()
