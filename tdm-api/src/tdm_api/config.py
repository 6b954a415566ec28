"""API settings (spec section 20 names where the spec has one: API_SECRET_KEY, LOG_LEVEL)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from tdm_core.settings import TDMSettings


class ApiSettings(TDMSettings):
    # Spec 20: "API_SECRET_KEY=<for X-API-Key auth>". When set, this key is accepted as a bootstrap
    # admin key, so a fresh install can create the first stored keys over HTTP.
    api_secret_key: SecretStr | None = None
    tdm_api_host: str = "127.0.0.1"
    tdm_api_port: int = Field(default=8000, ge=1, le=65535)
    log_level: str = "INFO"
    # Pagination: a client may ask for fewer rows, never more than the maximum (500 at most), and
    # pages start at most this far in (deeper pages: narrow the filters).
    tdm_api_default_page_size: int = Field(default=50, ge=1, le=500)
    tdm_api_max_page_size: int = Field(default=500, ge=1, le=500)
    tdm_api_max_offset: int = Field(default=100_000, ge=0, le=10_000_000)

    # Concurrency: sync endpoints run on this many worker threads, each with at most one pooled
    # connection, so the pool holds as many connections as there are threads (plus a few for SSE
    # streams and after-commit work). A request that cannot get a connection within the pool timeout
    # gets a 503 with Retry-After instead of queueing for ever.
    tdm_api_threads: int = Field(default=32, ge=1, le=512)
    # Requests beyond the threads wait on the event loop (tdm_api.kit.admission) for this long at most.
    tdm_api_admission_wait_seconds: float = Field(default=30.0, gt=0, le=600)
    tdm_api_db_pool_overflow: int = Field(default=8, ge=0, le=512)
    tdm_api_db_pool_timeout_seconds: float = Field(default=5.0, gt=0, le=120)

    # Input limits (tdm_api.kit.limits): request body size and JSON nesting depth.
    tdm_api_max_body_bytes: int = Field(default=1024 * 1024, ge=1024, le=256 * 1024 * 1024)
    tdm_api_max_json_depth: int = Field(default=32, ge=4, le=200)
    # Server-Sent Events: a comment line at this interval keeps proxies from closing an idle stream.
    tdm_api_sse_keepalive_seconds: float = Field(default=15.0, gt=0)
    # Longest an SSE stream stays open (a client reconnects with Last-Event-ID after that).
    tdm_api_sse_max_seconds: float = Field(default=3600.0, gt=0)
    # Lifetime of presigned dataset download URLs.
    tdm_api_download_url_ttl_seconds: int = Field(default=900, ge=60, le=7 * 24 * 3600)
    # Browser origins allowed to call the API (the portal in development); empty: no CORS headers.
    tdm_api_cors_origins: list[str] = Field(default_factory=list)
    # Readiness checks give up after this long per dependency, so /ready answers even when one hangs.
    tdm_api_ready_timeout_seconds: float = Field(default=3.0, gt=0)
