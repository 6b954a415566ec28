"""Masking (spec 7): queue a job that writes a masked copy of a dataset version."""

from __future__ import annotations

from fastapi import APIRouter

from tdm_api.models.request import MaskRequest
from tdm_api.models.response import JobAccepted
from tdm_api.routers._submit import JOB_RESPONSES, IdempotencyKey, Submitter, accepted

router = APIRouter(tags=["masking"])


@router.post("/mask", status_code=202, response_model=JobAccepted, responses=JOB_RESPONSES)
def submit_mask_job(
    body: MaskRequest, submit: Submitter, idempotency_key: IdempotencyKey = None
) -> JobAccepted:
    return accepted(submit, {"mask": submit.builder.mask(body)}, idempotency_key, body_step="mask")
