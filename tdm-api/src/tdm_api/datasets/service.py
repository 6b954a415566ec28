"""Dataset versions as the catalog shows them; presigned downloads of their Parquet files.

The API never streams dataset bytes itself: a client gets one short-lived URL per file and reads from
S3 directly, so a large download costs the API nothing. URLs carry the access key id and a signature,
never the secret key.
"""

from __future__ import annotations

import threading
import uuid

from sqlalchemy.orm import Session
from tdm_core.errors import ConflictError
from tdm_dataset_store import DatasetStore
from tdm_metadata_store.repositories.datasets import DatasetRepository
from tdm_metadata_store.repositories.lineage import LineageRepository

from tdm_api.datasets.schemas import (
    DatasetDetail,
    DatasetDownload,
    DatasetFileOut,
    DatasetOut,
    DownloadFile,
    LineageGraph,
)
from tdm_api.kit.pagination import Page, PageParams

# How far GET /dataset/{id} walks the lineage graph each way (GET /lineage/dataset/{id} takes ?depth=).
LINEAGE_DEPTH = 5


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


class DatasetsService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = DatasetRepository(session)

    def list(
        self, page: PageParams, *, source_type: str | None, schema_version_id: uuid.UUID | None, status: str | None
    ) -> Page[DatasetOut]:
        rows, total = self.repo.list_versions(
            source_type=source_type,
            schema_version_id=schema_version_id,
            status=status,
            limit=page.limit,
            offset=page.offset,
        )
        return page.page([DatasetOut.model_validate(row) for row in rows], total)

    def detail(self, version_id: uuid.UUID) -> DatasetDetail:
        row = self.repo.require(version_id)
        return DatasetDetail(
            **DatasetOut.model_validate(row).model_dump(),
            files=[DatasetFileOut.model_validate(f) for f in self.repo.files(version_id)],
            metadata=self.repo.get_metadata(version_id),
            lineage=self.lineage(version_id, depth=LINEAGE_DEPTH),
        )

    def lineage(self, version_id: uuid.UUID, *, depth: int) -> LineageGraph:
        self.repo.require(version_id)
        return LineageGraph.model_validate(
            LineageRepository(self.session).graph("dataset_version", version_id, depth=depth)
        )

    def download(self, presigner: Presigner, version_id: uuid.UUID, expires_in: int) -> DatasetDownload:
        version = self.repo.require(version_id)
        if version.status != "active":
            raise ConflictError(
                f"dataset version {version_id} is {version.status}: only active versions can be downloaded"
            )
        store = presigner.store()
        files = [
            DownloadFile(
                table_name=f.table_name,
                object_key=f.object_key,
                url=store.presigned_url(f.object_key, expires_in=expires_in),
                size_bytes=f.size_bytes,
                sha256=f.sha256,
            )
            for f in self.repo.files(version_id)
        ]
        return DatasetDownload(dataset_version_id=version_id, expires_in=expires_in, files=files)
