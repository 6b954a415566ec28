"""Dataset versions: catalog listing, detail with files/metadata/lineage, presigned downloads, and the
lineage graph (spec 10): where a dataset version came from and where it went."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from tdm_api.auth.dependencies import Viewer
from tdm_api.datasets.schemas import DatasetDetail, DatasetDownload, DatasetOut, LineageGraph
from tdm_api.datasets.service import DatasetsService, Presigner
from tdm_api.kit.db import provide
from tdm_api.kit.pagination import Page, Paging

router = APIRouter(tags=["datasets"])
lineage_router = APIRouter(tags=["lineage"])

Service = Annotated[DatasetsService, Depends(provide(DatasetsService))]


@router.get("/datasets", response_model=Page[DatasetOut])
def list_datasets(
    *,
    service: Service,
    principal: Viewer,
    page: Paging,
    source_type: Annotated[str | None, Query(max_length=32, description="subset, masked or synthetic")] = None,
    schema_version_id: uuid.UUID | None = None,
    status: Annotated[str | None, Query(max_length=32, description="e.g. active")] = None,
) -> Page[DatasetOut]:
    return service.list(page, source_type=source_type, schema_version_id=schema_version_id, status=status)


@router.get("/dataset/{dataset_id}", response_model=DatasetDetail)
def get_dataset(dataset_id: uuid.UUID, service: Service, principal: Viewer) -> DatasetDetail:
    return service.detail(dataset_id)


@router.get("/dataset/{dataset_id}/download", response_model=DatasetDownload)
def download_dataset(
    dataset_id: uuid.UUID, request: Request, service: Service, principal: Viewer
) -> DatasetDownload:
    """Short-lived presigned URLs, one per Parquet file (fetch them directly from S3)."""
    presigner: Presigner = request.app.state.presigner
    return service.download(presigner, dataset_id, request.app.state.settings.tdm_api_download_url_ttl_seconds)


@lineage_router.get("/lineage/dataset/{dataset_id}", response_model=LineageGraph)
def get_dataset_lineage(
    dataset_id: uuid.UUID,
    service: Service,
    principal: Viewer,
    depth: Annotated[int, Query(ge=1, le=25, description="Steps to walk upstream and downstream.")] = 5,
) -> LineageGraph:
    return service.lineage(dataset_id, depth=depth)
