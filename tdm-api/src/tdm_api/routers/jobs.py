"""Jobs: list, detail with result and logs, cancel, approve/reject, and a live event stream (SSE)."""

from __future__ import annotations

import logging
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Request
from fastapi.responses import StreamingResponse
from tdm_cache.client import check_redis
from tdm_cache.job_state import JobStateCache
from tdm_core.errors import TDMError
from tdm_metadata_store.repositories.jobs import JobRepository

from tdm_api.dependencies import DbSession, Operator, Page, RedisClient, Viewer
from tdm_api.models.request import JobDecision
from tdm_api.models.response import JobAction, JobDetail, JobLogOut, JobSummary
from tdm_api.models.response import Page as PageOut
from tdm_api.services import orchestrator_client
from tdm_api.services.events import JobEventStream, parse_last_event_id

log = logging.getLogger("tdm_api.jobs")
router = APIRouter(tags=["jobs"])
MAX_LOGS_IN_DETAIL = 1000


@router.get("/jobs", response_model=PageOut[JobSummary])
def list_jobs(
    *,
    db: DbSession,
    principal: Viewer,
    page: Page,
    operation: str | None = None,
    status: str | None = None,
    user_id: str | None = None,
) -> PageOut[JobSummary]:
    """Newest first; filter by operation (e.g. TDM_SUBSET_ONLY), status (queued, running, ...) or user."""
    rows, total = JobRepository(db).list(
        operation=operation, status=status, user_id=user_id, limit=page.limit, offset=page.offset
    )
    return PageOut[JobSummary](
        items=[JobSummary.model_validate(r) for r in rows], total=total, limit=page.limit, offset=page.offset
    )


@router.get("/job/{job_id}", response_model=JobDetail)
def get_job(job_id: uuid.UUID, db: DbSession, principal: Viewer, redis_client: RedisClient) -> JobDetail:
    repo = JobRepository(db)
    job = repo.require(job_id)
    live = None
    try:
        live = JobStateCache(redis_client).get(job_id)
    except TDMError as exc:  # the live copy is a convenience; PostgreSQL has the truth
        log.warning("job %s: live state unavailable: %s", job_id, exc.title)
    return JobDetail(
        **JobSummary.model_validate(job).model_dump(),
        request=job.request_json,
        result=job.result_json,
        attempts=job.attempts,
        cancel_requested=job.cancel_requested,
        logs=[JobLogOut.model_validate(row) for row in repo.logs(job_id, limit=MAX_LOGS_IN_DETAIL)],
        live_state=live,
    )


# Cancel/approve/reject take no request session: the orchestrator locks and changes the job in its
# own transactions, and an open transaction of ours would only be in its way. It raises 404/409 itself.


def _action(outcome: dict[str, Any], job_id: uuid.UUID, detail: str) -> JobAction:
    return JobAction(job_id=job_id, status=str(outcome.get("status", "")), detail=detail)


@router.post("/job/{job_id}/cancel", response_model=JobAction)
def cancel_job(job_id: uuid.UUID, principal: Operator) -> JobAction:
    """A queued job is cancelled at once; a running one is stopped (at the latest at its next step)."""
    outcome = orchestrator_client.cancel_job(job_id, principal.user_id)
    return _action(outcome, job_id, f"cancel requested by {principal.user_id}")


@router.post("/job/{job_id}/approve", response_model=JobAction)
def approve_job(
    job_id: uuid.UUID, principal: Operator, body: Annotated[JobDecision | None, Body()] = None
) -> JobAction:
    """Let a job waiting in `awaiting_approval` continue (it goes back to the queue)."""
    outcome = orchestrator_client.approve_job(job_id, principal.user_id, body.comment if body else None)
    return _action(outcome, job_id, f"approved by {principal.user_id}")


@router.post("/job/{job_id}/reject", response_model=JobAction)
def reject_job(
    job_id: uuid.UUID, principal: Operator, body: Annotated[JobDecision | None, Body()] = None
) -> JobAction:
    """Stop a job waiting in `awaiting_approval`; it ends `cancelled` with the rejection as reason."""
    outcome = orchestrator_client.reject_job(job_id, principal.user_id, body.comment if body else None)
    return _action(outcome, job_id, f"rejected by {principal.user_id}")


@router.get(
    "/job/{job_id}/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-Sent Events of the job."}},
)
def stream_job_events(
    *,
    job_id: uuid.UUID,
    request: Request,
    db: DbSession,
    principal: Viewer,
    redis_client: RedisClient,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
) -> StreamingResponse:
    """Replays the job's events from the start (or after Last-Event-ID), then follows them live until
    the job completes, fails or is cancelled. Idle periods carry `: keep-alive` comments."""
    JobRepository(db).require(job_id)
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
