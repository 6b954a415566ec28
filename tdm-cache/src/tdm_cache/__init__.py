"""Redis cache of the TDM platform (spec 12.2): job state, job event streams, locks, temporary keys."""

from tdm_cache.client import check_redis, close_all, get_redis, translate_errors
from tdm_cache.events import JobEvents
from tdm_cache.job_state import JobStateCache
from tdm_cache.keys import job_cancel_key, job_events_key, job_key, lock_key, session_key, temp_key
from tdm_cache.locks import RedisLock
from tdm_cache.settings import CacheSettings
from tdm_cache.temp import TempStore

__all__ = [
    "CacheSettings",
    "JobEvents",
    "JobStateCache",
    "RedisLock",
    "TempStore",
    "check_redis",
    "close_all",
    "get_redis",
    "job_cancel_key",
    "job_events_key",
    "job_key",
    "lock_key",
    "session_key",
    "temp_key",
    "translate_errors",
]
