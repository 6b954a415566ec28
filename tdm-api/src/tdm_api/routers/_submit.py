"""Shared plumbing of the job-submitting endpoints (discover, pii, subset, mask, synthetic, provision,
pipeline): operator role, Idempotency-Key header, 202 + Location, or 200 for an idempotent replay."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Response
from sqlalchemy.orm import Session

from tdm_api.dependencies import API_PREFIX, DbSession, Operator, Principal
from tdm_api.models.response import JobAccepted
from tdm_api.services.jobs import IDEMPOTENCY_HEADER, JobService, RequestBuilder

JOB_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": JobAccepted, "description": "Idempotent replay: the job created earlier with this key."},
    422: {
        "description": "Invalid body, unknown referenced id, or an Idempotency-Key reused for another body."
    },
}


@dataclass
class SubmitContext:
    db: Session
    principal: Principal
    builder: RequestBuilder
    service: JobService
    response: Response


def get_submitter(response: Response, db: DbSession, principal: Operator) -> SubmitContext:
    return SubmitContext(
        db=db,
        principal=principal,
        builder=RequestBuilder(db, principal),
        service=JobService(db, principal),
        response=response,
    )


Submitter = Annotated[SubmitContext, Depends(get_submitter)]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias=IDEMPOTENCY_HEADER,
        description="Retry-safe submission: the same key (per API key) returns the same job.",
    ),
]


def accepted(
    submit: SubmitContext, request: dict[str, Any], idempotency_key: str | None, *, body_step: str | None
) -> JobAccepted:
    """`body_step`: the step whose fields are the HTTP body ({"subset": body}), so errors point at the
    body's own fields; None when the body is the whole request (POST /pipeline)."""
    submission = submit.service.submit(request, idempotency_key=idempotency_key, body_step=body_step)
    job = submission.job
    status_url = f"{API_PREFIX}/job/{job.id}"
    submit.response.status_code = 202 if submission.created else 200
    submit.response.headers["Location"] = status_url
    if not submission.created:
        submit.response.headers["Idempotent-Replayed"] = "true"
    return JobAccepted(
        job_id=job.id,
        status=job.status,
        operation=job.operation,
        status_url=status_url,
        events_url=f"{status_url}/events",
    )
