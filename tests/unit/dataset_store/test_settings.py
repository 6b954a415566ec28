"""Settings accept the spec's MinIO names and the AWS alternatives, MinIO first."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from tdm_core.errors import ConfigurationError
from tdm_dataset_store.settings import MIB, DatasetStoreSettings

NAMES = [
    "MINIO_ENDPOINT",
    "MINIO_SECURE",
    "MINIO_ACCESS_KEY",
    "MINIO_SECRET_KEY",
    "MINIO_BUCKET",
    "S3_BUCKET",
    "S3_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_REGION",
    "TDM_DATASET_PART_SIZE_BYTES",
    "TDM_DATASET_MAX_ROWS_PER_FILE",
    "TDM_DATASET_ROW_GROUP_ROWS",
]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A clean slate: the test session itself exports MINIO_* for the integration tests."""
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_spec_host_port_endpoint_means_http(env: pytest.MonkeyPatch) -> None:
    env.setenv("MINIO_ENDPOINT", "localhost:9000")
    env.setenv("MINIO_ACCESS_KEY", "minioadmin")
    env.setenv("MINIO_SECRET_KEY", "minio-secret")
    settings = DatasetStoreSettings.load()
    assert settings.endpoint_url == "http://localhost:9000"
    assert settings.access_key_id == "minioadmin"
    assert settings.secret_access_key is not None
    assert settings.secret_access_key.get_secret_value() == "minio-secret"
    assert settings.bucket == "tdm-datasets"


def test_minio_secure_switches_host_port_to_https(env: pytest.MonkeyPatch) -> None:
    env.setenv("MINIO_ENDPOINT", "minio.internal:9000")
    env.setenv("MINIO_SECURE", "true")
    assert DatasetStoreSettings.load().endpoint_url == "https://minio.internal:9000"


def test_full_url_endpoint_is_kept(env: pytest.MonkeyPatch) -> None:
    env.setenv("MINIO_ENDPOINT", "http://127.0.0.1:8333/")
    env.setenv("MINIO_SECURE", "true")  # a URL says its own scheme
    assert DatasetStoreSettings.load().endpoint_url == "http://127.0.0.1:8333"


def test_aws_names_alone_select_aws(env: pytest.MonkeyPatch) -> None:
    env.setenv("S3_BUCKET", "bank-test-data")
    env.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    env.setenv("AWS_SECRET_ACCESS_KEY", "aws-secret")
    env.setenv("AWS_REGION", "eu-west-1")
    settings = DatasetStoreSettings.load()
    assert settings.endpoint_url is None  # real AWS: boto3 picks the regional endpoint
    assert settings.bucket == "bank-test-data"
    assert settings.access_key_id == "AKIAEXAMPLE"
    assert settings.aws_region == "eu-west-1"


def test_s3_endpoint_url_for_other_s3_compatible_servers(env: pytest.MonkeyPatch) -> None:
    env.setenv("S3_ENDPOINT_URL", "https://s3.example.net")
    assert DatasetStoreSettings.load().endpoint_url == "https://s3.example.net"


def test_minio_names_win_over_aws_names(env: pytest.MonkeyPatch) -> None:
    env.setenv("MINIO_ENDPOINT", "minio:9000")
    env.setenv("S3_ENDPOINT_URL", "https://s3.example.net")
    env.setenv("MINIO_BUCKET", "from-minio")
    env.setenv("S3_BUCKET", "from-aws")
    env.setenv("MINIO_ACCESS_KEY", "minio-user")
    env.setenv("AWS_ACCESS_KEY_ID", "aws-user")
    env.setenv("MINIO_SECRET_KEY", "minio-secret")
    env.setenv("AWS_SECRET_ACCESS_KEY", "aws-secret")
    settings = DatasetStoreSettings.load()
    assert settings.endpoint_url == "http://minio:9000"
    assert settings.bucket == "from-minio"
    assert settings.access_key_id == "minio-user"
    assert settings.secret_access_key is not None
    assert settings.secret_access_key.get_secret_value() == "minio-secret"


def test_blank_values_count_as_unset(env: pytest.MonkeyPatch) -> None:
    env.setenv("MINIO_ENDPOINT", "")
    env.setenv("MINIO_BUCKET", " ")
    env.setenv("S3_BUCKET", "fallback")
    settings = DatasetStoreSettings.load()
    assert settings.endpoint_url is None
    assert settings.bucket == "fallback"


def test_secrets_never_appear_in_repr(env: pytest.MonkeyPatch) -> None:
    env.setenv("MINIO_SECRET_KEY", "minio-secret-value")
    env.setenv("AWS_SECRET_ACCESS_KEY", "aws-secret-value")
    text = repr(DatasetStoreSettings.load()) + str(DatasetStoreSettings.load().model_dump())
    assert "minio-secret-value" not in text
    assert "aws-secret-value" not in text


def test_tunables_have_safe_defaults_and_bounds(env: pytest.MonkeyPatch) -> None:
    settings = DatasetStoreSettings.load()
    assert settings.tdm_dataset_part_size_bytes == 16 * MIB
    env.setenv("TDM_DATASET_PART_SIZE_BYTES", str(4 * MIB))
    with pytest.raises(ValidationError, match="tdm_dataset_part_size_bytes"):
        DatasetStoreSettings.load()
    env.setenv("TDM_DATASET_PART_SIZE_BYTES", str(5 * MIB))
    env.setenv("TDM_DATASET_MAX_ROWS_PER_FILE", "1000")
    env.setenv("TDM_DATASET_ROW_GROUP_ROWS", "100")
    settings = DatasetStoreSettings.load()
    assert settings.tdm_dataset_part_size_bytes == 5 * MIB
    assert settings.tdm_dataset_max_rows_per_file == 1000
    assert settings.tdm_dataset_row_group_rows == 100


@pytest.mark.parametrize(
    "endpoint", ["ftp://host:21", "http://", "host:notaport", "http://user:pw@host:9000"]
)
def test_malformed_endpoint_is_a_clear_error_without_echoing_it(
    env: pytest.MonkeyPatch, endpoint: str
) -> None:
    env.setenv("MINIO_ENDPOINT", endpoint)
    settings = DatasetStoreSettings.load()
    with pytest.raises(ConfigurationError, match="MINIO_ENDPOINT") as caught:
        _ = settings.endpoint_url
    assert "pw" not in caught.value.detail
