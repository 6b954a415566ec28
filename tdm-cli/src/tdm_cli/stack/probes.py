"""Protocol-level checks ("does it answer as PostgreSQL / Redis / S3 with these credentials?").

Used for both the external services a user configured and the embedded ones we started. Each returns
None when healthy, else a one-line reason with credentials redacted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tdm_core.redaction import redact_text
from tdm_core.settings import read_env_file

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

PROBE_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class S3Target:
    endpoint: str
    access_key: str
    secret_key: str
    bucket: str


@dataclass(frozen=True)
class Configured:
    """Services the user pointed us at (environment first, then ./.env; never our own stack.env)."""

    database_url: str | None
    redis_url: str | None
    s3: S3Target | None
    encryption_key: str | None
    bucket: str | None


def configured(dotenv: Path = Path(".env")) -> Configured:
    file_values = read_env_file(dotenv)

    def get(*names: str) -> str | None:
        for name in names:
            value = os.environ.get(name)
            if value is None:
                value = file_values.get(name)
            if value is not None and value.strip():
                return value.strip()
        return None

    bucket = get("MINIO_BUCKET", "S3_BUCKET")
    endpoint = get("MINIO_ENDPOINT", "S3_ENDPOINT_URL")
    s3 = None
    if endpoint:
        secure = (get("MINIO_SECURE") or "").lower() in ("1", "true", "yes")
        if "://" not in endpoint:
            endpoint = f"{'https' if secure else 'http'}://{endpoint}"
        s3 = S3Target(
            endpoint=endpoint.rstrip("/"),
            access_key=get("MINIO_ACCESS_KEY", "AWS_ACCESS_KEY_ID") or "",
            secret_key=get("MINIO_SECRET_KEY", "AWS_SECRET_ACCESS_KEY") or "",
            bucket=bucket or "",
        )
    return Configured(
        database_url=get("DATABASE_URL"),
        redis_url=get("REDIS_URL"),
        s3=s3,
        encryption_key=get("TDM_ENCRYPTION_KEY"),
        bucket=bucket,
    )


def _reason(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    return redact_text(f"{type(exc).__name__}: {text}")[:300]


def postgres_problem(url: str, timeout: float = PROBE_TIMEOUT_SECONDS) -> str | None:
    import psycopg
    from tdm_metadata_store.settings import libpq_url

    try:
        with psycopg.connect(libpq_url(url), connect_timeout=max(1, round(timeout))) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        return _reason(exc)
    return None


def redis_problem(url: str, timeout: float = PROBE_TIMEOUT_SECONDS) -> str | None:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:
        return _reason(exc)
    return None


def s3_client(target: S3Target, timeout: float = PROBE_TIMEOUT_SECONDS) -> S3Client:
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=target.endpoint,
        aws_access_key_id=target.access_key or None,
        aws_secret_access_key=target.secret_key or None,
        region_name=os.environ.get("AWS_REGION", "us-east-1"),
        config=Config(
            connect_timeout=timeout,
            read_timeout=max(timeout, 5.0),
            retries={"max_attempts": 1},
            s3={"addressing_style": "path"},
            signature_version="s3v4",
        ),
    )


def s3_problem(target: S3Target, timeout: float = PROBE_TIMEOUT_SECONDS) -> str | None:
    """Signed ListBuckets: proves the endpoint answers *and* accepts the credentials."""
    try:
        s3_client(target, timeout).list_buckets()
    except Exception as exc:
        return _reason(exc)
    return None


# Written by `tdm up` to prove the embedded S3 serves objects; outside the datasets/ prefix.
READY_KEY = "_tdm/ready"


def object_round_trip_problem(target: S3Target, bucket: str, timeout: float = 5.0) -> str | None:
    """Write and read back a small object.

    SeaweedFS answers ListBuckets as soon as its S3 gateway is up, but after a restart object reads
    fail with InternalError until the volume server has registered with the master again.
    """
    try:
        client = s3_client(target, timeout)
        client.put_object(Bucket=bucket, Key=READY_KEY, Body=b"ok")
        if client.get_object(Bucket=bucket, Key=READY_KEY)["Body"].read() != b"ok":
            return "an object read back differs from what was written"
    except Exception as exc:
        return _reason(exc)
    return None


def ensure_bucket(target: S3Target, bucket: str) -> bool:
    """Create the bucket unless it exists; True when this call created it."""
    from botocore.exceptions import ClientError

    client = s3_client(target, timeout=10.0)
    try:
        client.head_bucket(Bucket=bucket)
        return False
    except ClientError as exc:
        code = str(exc.response.get("Error", {}).get("Code", ""))
        if code not in ("404", "NoSuchBucket", "NotFound"):
            raise
    client.create_bucket(Bucket=bucket)
    return True
