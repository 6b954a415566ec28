"""Dataset versions: catalog listing, detail with files/metadata/lineage, presigned downloads."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request

from tdm_api.dependencies import DbSession, Page, Viewer
from tdm_api.models.response import DatasetDetail, DatasetDownload, DatasetOut
from tdm_api.models.response import Page as PageOut
from tdm_api.services.catalog import Catalog
from tdm_api.services.downloads import Presigner

router = APIRouter(tags=["datasets"])


@router.get("/datasets", response_model=PageOut[DatasetOut])
def list_datasets(
    *,
    db: DbSession,
    principal: Viewer,
    page: Page,
    source_type: Annotated[str | None, Query(description="subset, masked or synthetic")] = None,
    schema_version_id: uuid.UUID | None = None,
    status: Annotated[str | None, Query(description="e.g. active")] = None,
) -> PageOut[DatasetOut]:
    items, total = Catalog(db).list_datasets(
        source_type=source_type,
        schema_version_id=schema_version_id,
        status=status,
        limit=page.limit,
        offset=page.offset,
    )
    return PageOut[DatasetOut](items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/dataset/{dataset_id}", response_model=DatasetDetail)
def get_dataset(dataset_id: uuid.UUID, db: DbSession, principal: Viewer) -> DatasetDetail:
    return Catalog(db).dataset_detail(dataset_id)


@router.get("/dataset/{dataset_id}/download", response_model=DatasetDownload)
def download_dataset(
    dataset_id: uuid.UUID, request: Request, db: DbSession, principal: Viewer
) -> DatasetDownload:
    """Short-lived presigned URLs, one per Parquet file (fetch them directly from S3)."""
    presigner: Presigner = request.app.state.presigner
    return presigner.download(
        Catalog(db), dataset_id, request.app.state.settings.tdm_api_download_url_ttl_seconds
    )
