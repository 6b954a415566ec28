"""Jobs as the API shows them, and what the API does to them: submit (through the orchestrator's
jobs service, the same one the CLI uses), list, read, cancel, approve, reject.

Errors of a submission name fields relative to the job request ({"subset": {...}}); they are
re-rooted here so they point into the HTTP body the client sent (`body_step`).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from typing import Any

import redis
from pydantic import BaseModel
from sqlalchemy.orm import Session
from tdm_cache.job_state import JobStateCache
from tdm_core.errors import InvalidInputError, TDMError
from tdm_metadata_store.repositories.jobs import JobRepository
from tdm_orchestrator import control
from tdm_orchestrator.jobs import IDEMPOTENCY_KEY_FIELD, JobSubmissions, Submission, Submitter

from tdm_api.jobs.schemas import JobAction, JobDetail, JobLogOut, JobSummary
from tdm_api.kit.pagination import Page, PageParams

log = logging.getLogger("tdm_api.jobs")

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_LOGS_IN_DETAIL = 1000


class JobsService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = JobRepository(session)

    def submit(
        self,
        request: Mapping[str, Any] | BaseModel,
        submitter: Submitter,
        *,
        idempotency_key: str | None,
        body_step: str | None,
    ) -> Submission:
        """`body_step`: the step whose fields are the HTTP body ({"subset": body}), so errors point at
        the body's own fields; None when the body is the whole request (POST /pipeline)."""
        try:
            return JobSubmissions(self.session, submitter).submit(request, idempotency_key=idempotency_key)
        except InvalidInputError as exc:
            raise _in_body(exc, body_step) from None

    def list(
        self, page: PageParams, *, operation: str | None, status: str | None, user_id: str | None
    ) -> Page[JobSummary]:
        rows, total = self.repo.list(
            operation=operation, status=status, user_id=user_id, limit=page.limit, offset=page.offset
        )
        return page.page([JobSummary.model_validate(r) for r in rows], total)

    def detail(self, job_id: uuid.UUID, redis_client: redis.Redis) -> JobDetail:
        job = self.repo.require(job_id)
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
            logs=[JobLogOut.model_validate(row) for row in self.repo.logs(job_id, limit=MAX_LOGS_IN_DETAIL)],
            live_state=live,
        )

    def require(self, job_id: uuid.UUID) -> None:
        self.repo.require(job_id)


# Cancel/approve/reject lock and change the job in the orchestrator's own short transactions (on the
# API's engine): an open transaction of the request would only be in their way. They raise 404/409.


def cancel(job_id: uuid.UUID, user: str) -> JobAction:
    outcome = control.cancel_job(job_id, user)
    return _action(outcome, job_id, f"cancel requested by {user}")


def approve(job_id: uuid.UUID, user: str, comment: str | None) -> JobAction:
    outcome = control.approve_job(job_id, user, comment)
    return _action(outcome, job_id, f"approved by {user}")


def reject(job_id: uuid.UUID, user: str, comment: str | None) -> JobAction:
    outcome = control.reject_job(job_id, user, comment)
    return _action(outcome, job_id, f"rejected by {user}")


def _action(outcome: dict[str, Any], job_id: uuid.UUID, detail: str) -> JobAction:
    return JobAction(job_id=job_id, status=str(outcome.get("status", "")), detail=detail)


def _in_body(exc: InvalidInputError, body_step: str | None) -> InvalidInputError:
    errors = [{**err, "loc": _body_loc(err.get("loc") or [], body_step)} for err in exc.errors]
    detail = exc.detail
    if body_step is not None:
        detail = detail.replace(f"{body_step}.", "").replace(f"request.{body_step}", "body")
    detail = detail.replace(f"{IDEMPOTENCY_KEY_FIELD}: ", f"{IDEMPOTENCY_HEADER}: ")
    return InvalidInputError(detail, errors=errors)


def _body_loc(loc: list[Any], body_step: str | None) -> list[Any]:
    if loc[:1] == [IDEMPOTENCY_KEY_FIELD]:
        return ["header", IDEMPOTENCY_HEADER]
    if body_step is not None and loc and loc[0] == body_step:
        return ["body", *loc[1:]]
    return ["body", *loc]
