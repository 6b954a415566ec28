"""The Redis client of this API process (the orchestrator runtime's), as a request dependency."""

from __future__ import annotations

from typing import Annotated

import redis
from fastapi import Depends
from tdm_orchestrator.runtime import get_runtime


def get_redis_client() -> redis.Redis:
    return get_runtime().redis


RedisClient = Annotated[redis.Redis, Depends(get_redis_client)]
