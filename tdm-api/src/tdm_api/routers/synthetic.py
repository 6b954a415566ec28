"""Synthetic data (spec 8): queue a generation job from UI pages, an API spec, a schema or a domain pack."""

from __future__ import annotations

from fastapi import APIRouter

from tdm_api.models.request import SyntheticRequest
from tdm_api.models.response import JobAccepted
from tdm_api.routers._submit import JOB_RESPONSES, IdempotencyKey, Submitter, accepted

router = APIRouter(tags=["synthetic"])


@router.post("/synthetic", status_code=202, response_model=JobAccepted, responses=JOB_RESPONSES)
def submit_synthetic_job(
    body: SyntheticRequest, submit: Submitter, idempotency_key: IdempotencyKey = None
) -> JobAccepted:
    return accepted(
        submit, {"synthetic": submit.builder.synthetic(body)}, idempotency_key, body_step="synthetic"
    )
