"""Jobs: list, detail with result and logs, cancel, approve/reject, and a live event stream (SSE)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Header, Query, Request
from fastapi.responses import StreamingResponse
from tdm_cache.client import check_redis

from tdm_api.auth.dependencies import Operator, Viewer
from tdm_api.jobs import service as jobs
from tdm_api.jobs.events import JobEventStream, parse_last_event_id
from tdm_api.jobs.schemas import JobAction, JobDecision, JobDetail, JobSummary
from tdm_api.jobs.service import JobsService
from tdm_api.kit.db import provide
from tdm_api.kit.pagination import Page, Paging
from tdm_api.kit.redis import RedisClient

router = APIRouter(tags=["jobs"])

Service = Annotated[JobsService, Depends(provide(JobsService))]


@router.get("/jobs", response_model=Page[JobSummary])
def list_jobs(
    *,
    service: Service,
    principal: Viewer,
    page: Paging,
    operation: Annotated[str | None, Query(max_length=64, description="e.g. TDM_SUBSET_ONLY")] = None,
    status: Annotated[str | None, Query(max_length=32, description="queued, running, completed ...")] = None,
    user_id: Annotated[str | None, Query(max_length=255)] = None,
) -> Page[JobSummary]:
    """Newest first; filter by operation (e.g. TDM_SUBSET_ONLY), status (queued, running, ...) or user."""
    return service.list(page, operation=operation, status=status, user_id=user_id)


@router.get("/job/{job_id}", response_model=JobDetail)
def get_job(job_id: uuid.UUID, service: Service, principal: Viewer, redis_client: RedisClient) -> JobDetail:
    return service.detail(job_id, redis_client)


@router.post("/job/{job_id}/cancel", response_model=JobAction)
def cancel_job(job_id: uuid.UUID, principal: Operator) -> JobAction:
    """A queued job is cancelled at once; a running one is stopped (at the latest at its next step)."""
    return jobs.cancel(job_id, principal.user_id)


@router.post("/job/{job_id}/approve", response_model=JobAction)
def approve_job(
    job_id: uuid.UUID, principal: Operator, body: Annotated[JobDecision | None, Body()] = None
) -> JobAction:
    """Let a job waiting in `awaiting_approval` continue (it goes back to the queue)."""
    return jobs.approve(job_id, principal.user_id, body.comment if body else None)


@router.post("/job/{job_id}/reject", response_model=JobAction)
def reject_job(
    job_id: uuid.UUID, principal: Operator, body: Annotated[JobDecision | None, Body()] = None
) -> JobAction:
    """Stop a job waiting in `awaiting_approval`; it ends `cancelled` with the rejection as reason."""
    return jobs.reject(job_id, principal.user_id, body.comment if body else None)


@router.get(
    "/job/{job_id}/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-Sent Events of the job."}},
)
def stream_job_events(
    *,
    job_id: uuid.UUID,
    request: Request,
    service: Service,
    principal: Viewer,
    redis_client: RedisClient,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
) -> StreamingResponse:
    """Replays the job's events from the start (or after Last-Event-ID), then follows them live until
    the job completes, fails or is cancelled. Idle periods carry `: keep-alive` comments."""
    service.require(job_id)
    start = parse_last_event_id(last_event_id)
    # Fail with a 503 problem now rather than with a broken stream after the 200 went out.
    check_redis(redis_client)
    settings = request.app.state.settings
    stream = JobEventStream(
        job_id=job_id,
        start=start,
        redis_client=redis_client,
        session_factory=request.app.state.session_factory,
        keepalive_seconds=settings.tdm_api_sse_keepalive_seconds,
        max_seconds=settings.tdm_api_sse_max_seconds,
    )
    return StreamingResponse(
        stream.iterate(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
