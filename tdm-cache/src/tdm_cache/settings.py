"""Cache settings (spec section 20 names: REDIS_URL; TTLs of spec section 12.2)."""

from __future__ import annotations

from pydantic import Field
from tdm_core.settings import TDMSettings

SEVEN_DAYS = 7 * 24 * 3600
ONE_DAY = 24 * 3600


class CacheSettings(TDMSettings):
    redis_url: str = Field(
        default="redis://127.0.0.1:6379/0",
        description="Redis URL (redis://[:password@]host:port/db, rediss:// for TLS, unix:///path?db=0).",
    )
    # Spec 12.2: job state lives "e.g. 7 days"; the job's event stream and cancel flag share this TTL.
    tdm_job_state_ttl_seconds: int = Field(default=SEVEN_DAYS, gt=0)
    # Spec 12.2: temporary artefacts expire after 24h unless a caller asks for less.
    tdm_temp_ttl_seconds: int = Field(default=ONE_DAY, gt=0)
    # Approximate cap on one job's event stream, so a chatty job cannot fill Redis.
    tdm_job_events_maxlen: int = Field(default=10_000, gt=0)
    # A dead Redis must surface as a 503 in seconds, not hang a request or a worker.
    redis_socket_connect_timeout_seconds: float = Field(default=5.0, gt=0)
    redis_socket_timeout_seconds: float = Field(default=30.0, gt=0)
    redis_health_check_interval_seconds: int = Field(default=30, ge=0)
