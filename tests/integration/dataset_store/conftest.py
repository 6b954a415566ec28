"""Fixtures for the dataset-store tests: a real S3 (SeaweedFS/MinIO) bucket per session.

Each test writes under its own dataset version ids, and every id handed out is purged afterwards, so
tests share the session bucket without seeing each other.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator

import pytest
from botocore.exceptions import ClientError
from tdm_dataset_store import DatasetStore, DatasetStoreSettings
from tdm_dataset_store.settings import MIB


@pytest.fixture(scope="session")
def store_settings(service_env: dict[str, str]) -> DatasetStoreSettings:
    """Settings exactly as a service reads them from the spec's environment variables."""
    return DatasetStoreSettings.load()


@pytest.fixture(scope="session")
def store(store_settings: DatasetStoreSettings, s3_bucket: str) -> Iterator[DatasetStore]:
    assert store_settings.bucket == s3_bucket
    dataset_store = DatasetStore(store_settings)
    created = dataset_store.ensure_bucket()
    yield dataset_store
    if created:
        # The shared fixture does not drop the session bucket; drop it if the whole session left it
        # empty (it fails harmlessly when other tests still keep objects there).
        with contextlib.suppress(ClientError):
            dataset_store.client.delete_bucket(Bucket=s3_bucket)
    dataset_store.close()


@pytest.fixture(scope="session")
def small_files_store(store_settings: DatasetStoreSettings, store: DatasetStore) -> Iterator[DatasetStore]:
    """Tiny thresholds so a few MB exercise part files, several multipart parts and row groups."""
    settings = store_settings.model_copy(
        update={
            "tdm_dataset_part_size_bytes": 5 * MIB,
            "tdm_dataset_max_rows_per_file": 250_000,
            "tdm_dataset_row_group_rows": 50_000,
            "tdm_dataset_upload_concurrency": 2,
        }
    )
    dataset_store = DatasetStore(settings)
    yield dataset_store
    dataset_store.close()


@pytest.fixture
def new_version_id(store: DatasetStore) -> Iterator[Callable[[], str]]:
    """Hands out fresh version ids; purges all of them (objects and uploads) after the test."""
    issued: list[str] = []

    def make() -> str:
        value = str(uuid.uuid4())
        issued.append(value)
        return value

    yield make
    for value in issued:
        store.purge_version(value)


@pytest.fixture
def version_id(new_version_id: Callable[[], str]) -> str:
    return new_version_id()
