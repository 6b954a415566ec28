"""Chained and full pipelines (spec 15.2): several steps in one job, optionally pausing for approval."""

from __future__ import annotations

from fastapi import APIRouter

from tdm_api.models.request import PipelineRequest
from tdm_api.models.response import JobAccepted
from tdm_api.routers._submit import JOB_RESPONSES, IdempotencyKey, Submitter, accepted

router = APIRouter(tags=["pipelines"])


@router.post("/pipeline", status_code=202, response_model=JobAccepted, responses=JOB_RESPONSES)
def submit_pipeline_job(
    body: PipelineRequest, submit: Submitter, idempotency_key: IdempotencyKey = None
) -> JobAccepted:
    """E.g. subset + mask + provision (TDM_SUBSET_MASK_PROVISION) or `full_pipeline: true`.

    Later steps may omit the ids earlier steps produce (mask takes the subset's dataset version).
    `require_approval_before: ["provision"]` pauses the job until POST /job/{id}/approve.
    """
    return accepted(submit, submit.builder.pipeline(body), idempotency_key, body_step=None)
