"""PII classification: queue a classification job, read a schema version's PII map."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from tdm_api.dependencies import DbSession, Viewer
from tdm_api.models.request import PIIClassifyRequest
from tdm_api.models.response import JobAccepted, PIIMap
from tdm_api.routers._submit import JOB_RESPONSES, IdempotencyKey, Submitter, accepted
from tdm_api.services.catalog import Catalog

router = APIRouter(tags=["pii"])


@router.post("/pii/classify", status_code=202, response_model=JobAccepted, responses=JOB_RESPONSES)
def submit_pii_classification_job(
    body: PIIClassifyRequest, submit: Submitter, idempotency_key: IdempotencyKey = None
) -> JobAccepted:
    """Classify the columns of a schema version (regex and validators; LLM when `use_llm`)."""
    return accepted(submit, {"pii": submit.builder.pii(body)}, idempotency_key, body_step="pii")


@router.get("/pii/{schema_version_id}", response_model=PIIMap)
def get_pii_map(schema_version_id: uuid.UUID, db: DbSession, principal: Viewer) -> PIIMap:
    return Catalog(db).pii_map(schema_version_id)
