"""The boto3 S3 client the store uses, built from settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

import boto3
from botocore.config import Config
from tdm_core.errors import ConfigurationError

from tdm_dataset_store.settings import DatasetStoreSettings

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client


def make_s3_client(settings: DatasetStoreSettings) -> S3Client:
    endpoint = settings.endpoint_url
    access_key = settings.access_key_id
    secret = settings.secret_access_key
    if bool(access_key) != bool(secret):
        raise ConfigurationError(
            "S3 credentials are incomplete: set both MINIO_ACCESS_KEY and MINIO_SECRET_KEY "
            "(or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"
        )
    custom = endpoint is not None
    config = Config(
        region_name=settings.aws_region,
        signature_version="s3v4",
        connect_timeout=settings.s3_connect_timeout_seconds,
        read_timeout=settings.s3_read_timeout_seconds,
        # "standard" retries throttling, 5xx and connection errors with jittered backoff.
        retries={"max_attempts": settings.s3_max_attempts, "mode": "standard"},
        # Part uploads run in parallel with reads/copies of the same store.
        max_pool_connections=max(10, 2 * settings.tdm_dataset_upload_concurrency + 4),
        # MinIO and SeaweedFS serve buckets by path; AWS picks virtual-host style itself.
        s3={"addressing_style": "path" if custom else "auto"},
        # boto3 >= 1.36 adds CRC checksums to every upload by default, which several S3-compatible
        # servers reject or mishandle; on AWS keep them. Integrity is also covered by our sha256.
        request_checksum_calculation="when_required" if custom else "when_supported",
        response_checksum_validation="when_required" if custom else "when_supported",
        user_agent_extra="tdm-dataset-store",
    )
    # A private session: the default session is shared mutable state and not thread-safe to build from.
    session = boto3.session.Session()
    client: S3Client = session.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret.get_secret_value() if secret else None,
        config=config,
    )
    return client
