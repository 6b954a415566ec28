"""Schema discovery (spec 4): queue a job that reads a source database's structure and statistics."""

from __future__ import annotations

from fastapi import APIRouter

from tdm_api.models.request import DiscoverRequest
from tdm_api.models.response import JobAccepted
from tdm_api.routers._submit import JOB_RESPONSES, IdempotencyKey, Submitter, accepted

router = APIRouter(tags=["discovery"])


@router.post("/discover-schema", status_code=202, response_model=JobAccepted, responses=JOB_RESPONSES)
def submit_discovery_job(
    body: DiscoverRequest, submit: Submitter, idempotency_key: IdempotencyKey = None
) -> JobAccepted:
    """Discover tables, columns, keys and statistics. The new schema_version_id is in the job result."""
    return accepted(
        submit, {"discover": submit.builder.discover(body)}, idempotency_key, body_step="discover"
    )
