"""Provisioning (spec 9): queue a job that loads a dataset version into a target environment."""

from __future__ import annotations

from fastapi import APIRouter

from tdm_api.models.request import ProvisionRequest
from tdm_api.models.response import JobAccepted
from tdm_api.routers._submit import JOB_RESPONSES, IdempotencyKey, Submitter, accepted

router = APIRouter(tags=["provisioning"])


@router.post("/provision", status_code=202, response_model=JobAccepted, responses=JOB_RESPONSES)
def submit_provision_job(
    body: ProvisionRequest, submit: Submitter, idempotency_key: IdempotencyKey = None
) -> JobAccepted:
    """Environments with `requires_approval` wait in `awaiting_approval` until POST /job/{id}/approve."""
    return accepted(
        submit, {"provision": submit.builder.provision(body)}, idempotency_key, body_step="provision"
    )
