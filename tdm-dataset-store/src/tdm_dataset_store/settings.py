"""Dataset-store settings: the spec's MinIO names (section 20) and the AWS alternatives.

Resolution rules (MinIO names win when both families are set):
- endpoint: MINIO_ENDPOINT, else S3_ENDPOINT_URL, else none = real AWS S3 (boto3 picks the regional host).
  MINIO_ENDPOINT may be "host:port" (the spec's form; http unless MINIO_SECURE=true) or a full URL.
- credentials: MINIO_ACCESS_KEY / MINIO_SECRET_KEY, else AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, else
  boto3's default chain (instance profile, ~/.aws, ...), which is what AWS deployments want.
- bucket: MINIO_BUCKET, else S3_BUCKET, else "tdm-datasets".
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import SplitResult, urlsplit

from pydantic import Field, SecretStr, field_validator
from tdm_core.errors import ConfigurationError
from tdm_core.settings import TDMSettings

MIB = 1024 * 1024
# S3 refuses multipart parts smaller than 5 MiB (except the last one).
MIN_PART_SIZE = 5 * MIB
# S3 caps one object at 10,000 parts and one part at 5 GiB.
MAX_PART_SIZE = 5 * 1024 * MIB
DEFAULT_BUCKET = "tdm-datasets"


class DatasetStoreSettings(TDMSettings):
    minio_endpoint: str | None = Field(
        default=None, description="S3 endpoint: 'host:port' (spec form) or a URL such as http://host:9000."
    )
    minio_secure: bool = Field(default=False, description="Use https for a 'host:port' MINIO_ENDPOINT.")
    minio_access_key: str | None = None
    minio_secret_key: SecretStr | None = None
    minio_bucket: str | None = None

    s3_endpoint_url: str | None = Field(default=None, description="AWS-style endpoint URL; unset = AWS S3.")
    s3_bucket: str | None = None
    aws_access_key_id: str | None = None
    aws_secret_access_key: SecretStr | None = None
    aws_region: str = "us-east-1"

    # Streaming tunables. Writer memory is about part size x (upload concurrency + 1) + one row group.
    tdm_dataset_part_size_bytes: int = Field(default=16 * MIB, ge=MIN_PART_SIZE, le=MAX_PART_SIZE)
    tdm_dataset_upload_concurrency: int = Field(
        default=2, ge=1, le=16, description="Parts uploaded in the background while the next one fills."
    )
    tdm_dataset_max_rows_per_file: int = Field(
        default=5_000_000, gt=0, description="Rows in one Parquet file before the table rolls to a new part."
    )
    tdm_dataset_row_group_rows: int = Field(default=128 * 1024, gt=0)
    # A row group is also flushed once its Arrow batches reach this size, so wide rows stay bounded.
    tdm_dataset_row_group_max_bytes: int = Field(default=64 * MIB, ge=MIB)
    # zstd (level 1 by default in Arrow) compresses better than snappy at a similar speed.
    tdm_dataset_compression: Literal["zstd", "snappy", "gzip", "lz4", "none"] = "zstd"
    tdm_dataset_read_block_bytes: int = Field(
        default=4 * MIB, ge=64 * 1024, description="Smallest ranged GET when reading Parquet back."
    )

    # A dead S3 endpoint must surface as a 503 within seconds, not hang a worker.
    s3_connect_timeout_seconds: float = Field(default=5.0, gt=0)
    s3_read_timeout_seconds: float = Field(default=60.0, gt=0)
    s3_max_attempts: int = Field(default=5, ge=1, le=20)

    @field_validator(
        "minio_endpoint",
        "minio_access_key",
        "minio_bucket",
        "s3_endpoint_url",
        "s3_bucket",
        "aws_access_key_id",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # `MINIO_ENDPOINT=` in a .env file means "not set", not "an endpoint called ''".
        if isinstance(value, str) and not value.strip():
            return None
        return value.strip() if isinstance(value, str) else value

    @field_validator("minio_secret_key", "aws_secret_access_key", mode="before")
    @classmethod
    def _blank_secret_is_unset(cls, value: object) -> object:
        if isinstance(value, str) and not value:
            return None
        return value

    @property
    def endpoint_url(self) -> str | None:
        """The URL boto3 talks to, or None for AWS S3."""
        if self.minio_endpoint:
            return normalise_endpoint(self.minio_endpoint, secure=self.minio_secure)
        if self.s3_endpoint_url:
            return normalise_endpoint(self.s3_endpoint_url, secure=True)
        return None

    @property
    def bucket(self) -> str:
        return self.minio_bucket or self.s3_bucket or DEFAULT_BUCKET

    @property
    def access_key_id(self) -> str | None:
        return self.minio_access_key or self.aws_access_key_id

    @property
    def secret_access_key(self) -> SecretStr | None:
        return self.minio_secret_key or self.aws_secret_access_key


def normalise_endpoint(endpoint: str, *, secure: bool) -> str:
    """Turn 'host:port' into a URL (http unless secure); keep a full URL as it is, minus a trailing '/'."""
    value = endpoint.strip()
    if "://" not in value:
        value = f"{'https' if secure else 'http'}://{value}"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or not _has_valid_port(parts):
        # Never echo the value: a mistyped URL may carry credentials.
        raise ConfigurationError(
            "S3 endpoint is not a valid 'host:port' or http(s) URL (check MINIO_ENDPOINT / S3_ENDPOINT_URL)"
        )
    if parts.username or parts.password:
        raise ConfigurationError(
            "S3 endpoint (MINIO_ENDPOINT / S3_ENDPOINT_URL) must not embed credentials; "
            "use MINIO_ACCESS_KEY/MINIO_SECRET_KEY instead"
        )
    return value.rstrip("/")


def _has_valid_port(parts: SplitResult) -> bool:
    try:
        _ = parts.port  # raises ValueError for "host:abc" or a port out of range
    except ValueError:
        return False
    return True
