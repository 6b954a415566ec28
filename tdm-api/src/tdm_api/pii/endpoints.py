"""PII maps: read a schema version's map, and review it (the classification job itself is submitted
with POST /pii/classify, among the job routes)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Depends

from tdm_api.auth.dependencies import Operator, Viewer
from tdm_api.kit.db import provide
from tdm_api.pii.schemas import PIILabelIn, PIIMap
from tdm_api.pii.service import PIIService

router = APIRouter(tags=["pii"])

Service = Annotated[PIIService, Depends(provide(PIIService))]


@router.get(
    "/pii/{schema_version_id}",
    response_model=PIIMap,
    responses={404: {"description": "No such schema version, or it has not been classified yet."}},
)
def get_pii_map(schema_version_id: uuid.UUID, service: Service, principal: Viewer) -> PIIMap:
    """One entry per classified column: table, column, pii_type, confidence, technique, the evidence
    behind the label (`evidence_items`: name, values, reference lists, table context, LLM; and a one-line
    `evidence_summary`), and who reviewed it (reviewed_by / reviewed_at, set for manual labels)."""
    return service.pii_map(schema_version_id)


@router.put(
    "/pii/{schema_version_id}/columns",
    response_model=PIIMap,
    responses={422: {"description": "An entry names an unknown table, column or PII type."}},
)
def set_pii_labels(
    schema_version_id: uuid.UUID,
    service: Service,
    principal: Operator,
    labels: Annotated[
        list[PIILabelIn],
        Body(
            min_length=1,
            max_length=10_000,
            description='Columns to label: [{"table": "customer", "column": "email", "pii_type": "email"}]',
        ),
    ],
) -> PIIMap:
    """Confirm or override the label of columns (all or none are applied). Recorded with the API key's
    name and the time; automatic classification never replaces it, and later versions inherit it."""
    return service.set_labels(schema_version_id, labels, principal.user_id)
