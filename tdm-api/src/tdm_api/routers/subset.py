"""Subsetting (spec 6): queue a job that extracts a referentially intact subset into a dataset version."""

from __future__ import annotations

from fastapi import APIRouter

from tdm_api.models.request import SubsetRequest
from tdm_api.models.response import JobAccepted
from tdm_api.routers._submit import JOB_RESPONSES, IdempotencyKey, Submitter, accepted

router = APIRouter(tags=["subsetting"])


@router.post("/subset", status_code=202, response_model=JobAccepted, responses=JOB_RESPONSES)
def submit_subset_job(
    body: SubsetRequest, submit: Submitter, idempotency_key: IdempotencyKey = None
) -> JobAccepted:
    return accepted(submit, {"subset": submit.builder.subset(body)}, idempotency_key, body_step="subset")
