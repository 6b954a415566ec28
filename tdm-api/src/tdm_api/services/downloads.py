"""Presigned download URLs for the Parquet files of a dataset version.

The API never streams dataset bytes itself: a client gets one short-lived URL per file and reads from
S3 directly, so a large download costs the API nothing. URLs carry the access key id and a signature,
never the secret key.
"""

from __future__ import annotations

import threading
import uuid

from tdm_core.errors import ConflictError
from tdm_dataset_store import DatasetStore

from tdm_api.models.response import DatasetDownload, DownloadFile
from tdm_api.services.catalog import Catalog


class Presigner:
    """One DatasetStore (one boto3 client, thread-safe) per API process, made on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._store: DatasetStore | None = None

    def store(self) -> DatasetStore:
        with self._lock:
            if self._store is None:
                self._store = DatasetStore.load()
            return self._store

    def download(self, catalog: Catalog, version_id: uuid.UUID, expires_in: int) -> DatasetDownload:
        version = catalog.require_dataset(version_id)
        if version.status != "active":
            raise ConflictError(
                f"dataset version {version_id} is {version.status}: only active versions can be downloaded"
            )
        store = self.store()
        files = [
            DownloadFile(
                table_name=f.table_name,
                object_key=f.object_key,
                url=store.presigned_url(f.object_key, expires_in=expires_in),
                size_bytes=f.size_bytes,
                sha256=f.sha256,
            )
            for f in catalog.dataset_files(version_id)
        ]
        return DatasetDownload(dataset_version_id=version_id, expires_in=expires_in, files=files)
