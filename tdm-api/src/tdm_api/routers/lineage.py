"""Lineage (spec 10): where a dataset version came from and where it went."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from tdm_api.dependencies import DbSession, Viewer
from tdm_api.models.response import LineageGraph
from tdm_api.services.catalog import Catalog

router = APIRouter(tags=["lineage"])


@router.get("/lineage/dataset/{dataset_id}", response_model=LineageGraph)
def get_dataset_lineage(
    dataset_id: uuid.UUID,
    db: DbSession,
    principal: Viewer,
    depth: Annotated[int, Query(ge=1, le=25, description="Steps to walk upstream and downstream.")] = 5,
) -> LineageGraph:
    catalog = Catalog(db)
    catalog.require_dataset(dataset_id)
    return catalog.lineage("dataset_version", dataset_id, depth=depth)
