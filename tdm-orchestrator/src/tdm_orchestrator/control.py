"""What the API (or an operator) does to a job from outside: cancel, approve, reject.

cancel_job  -- raises the cancel flag (jobs.cancel_requested + Redis `tdm:job:<id>:cancel`). A job
               that has not started (queued, or awaiting an approval) is taken off the queue and
               ends `cancelled` at once. A running job is stopped promptly: its worker gets RQ's
               stop-job command and kills the step in progress; the worker then records the job as
               `cancelled` and purges any dataset version it left in status `writing`. Should the
               command go astray, the run stops at its next step boundary (it checks the flag), and
               a job whose worker is gone is finished by the sweeper.
approve_job -- records the decision (job_logs, event `approval_decision`) and re-queues the job;
reject_job     the graph resumes with `Command(resume=decision)`: approved -> it continues,
               rejected -> it ends `cancelled` with "rejected by <user> before <step>: <comment>".

All three return a small dict describing the job afterwards and raise `NotFoundError` (404) for an
unknown job and `ConflictError` (409) when the job is not in a state that allows the action.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from rq.command import send_stop_job_command
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from tdm_cache.job_state import JobStateCache
from tdm_core.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from tdm_metadata_store.repositories.jobs import JobRepository

from tdm_orchestrator import events, lifecycle
from tdm_orchestrator.events import JobReporter
from tdm_orchestrator.queue import enqueue_job, remove_from_queue
from tdm_orchestrator.runtime import Runtime, get_runtime

log = logging.getLogger(__name__)


def _uuid(job_id: str | uuid.UUID) -> uuid.UUID:
    try:
        return uuid.UUID(str(job_id))
    except ValueError:
        raise InvalidInputError(f"job id {str(job_id)[:64]!r} is not a UUID") from None


def _describe(runtime: Runtime, job_id: uuid.UUID) -> dict[str, Any]:
    with runtime.session() as session:
        job = JobRepository(session).require(job_id)
        return {
            "job_id": str(job.id),
            "status": job.status,
            "cancel_requested": job.cancel_requested,
            "error": job.error,
        }


def cancel_job(
    job_id: str | uuid.UUID, user: str | None, *, runtime: Runtime | None = None
) -> dict[str, Any]:
    """Cancel a job (see module doc). Idempotent for a job already cancelled."""
    runtime = runtime or get_runtime()
    key = _uuid(job_id)
    who = user or "unknown user"
    reporter = JobReporter(key, runtime)
    with runtime.session() as session:
        repo = JobRepository(session)
        job = repo.get_for_update(key)
        if job is None:
            raise NotFoundError(f"job {key} does not exist")
        if job.status == "cancelled":
            return _summary(job.status, key, True, job.error)
        if lifecycle.is_terminal(job.status):
            raise ConflictError(f"job {key} is already {job.status}; it cannot be cancelled")
        status = job.status
        repo.request_cancel(key)
        details = reporter.log_details(lifecycle.CANCEL_REQUESTED, None, {"by": who})
        repo.add_log(key, f"cancel requested by {who}", level="WARNING", details=details)
    JobStateCache(runtime.redis).request_cancel(str(key))
    reporter.emit(
        lifecycle.CANCEL_REQUESTED, f"cancel requested by {who}", details={"by": who}, write_log=False
    )
    reason = f"cancelled by {who}"
    if status in ("queued", "awaiting_approval"):
        remove_from_queue(key, runtime=runtime)
        if _finish_if_idle(runtime, key, reason, reporter):
            return _describe(runtime, key)
    # Running (or it started while we were looking): stop the step in progress now.
    try:
        send_stop_job_command(runtime.redis, str(key))
    except (InvalidJobOperation, NoSuchJobError):
        log.info(
            "job %s: no worker is executing it right now; its next boundary check or the sweeper ends it", key
        )
    return _describe(runtime, key)


def _finish_if_idle(runtime: Runtime, key: uuid.UUID, reason: str, reporter: JobReporter) -> bool:
    """Cancel a job no worker is running; False if a worker claimed it in the meantime."""
    with runtime.session() as session:
        job = JobRepository(session).get(key)
        if job is None or job.status not in ("queued", "awaiting_approval"):
            return job is not None and lifecycle.is_terminal(job.status)
    return lifecycle.finish_cancelled(str(key), reason, reporter=reporter, runtime=runtime)


def _four_eyes(runtime: Runtime, interrupts: list[dict[str, Any]]) -> bool:
    """Whether the approver must differ from the submitter for these pending approvals."""
    mode = runtime.settings.tdm_four_eyes
    if mode == "always":
        return True
    if mode == "environments":
        return any(
            isinstance(item.get("value"), dict) and item["value"].get("environment") for item in interrupts
        )
    return False


def _summary(status: str, key: uuid.UUID, cancel_requested: bool, error: str | None) -> dict[str, Any]:
    return {"job_id": str(key), "status": status, "cancel_requested": cancel_requested, "error": error}


def approve_job(
    job_id: str | uuid.UUID, user: str | None, comment: str | None = None, *, runtime: Runtime | None = None
) -> dict[str, Any]:
    """Approve the pending step of a job in `awaiting_approval`; the job is queued to continue."""
    return _decide(job_id, user, comment, approved=True, runtime=runtime)


def reject_job(
    job_id: str | uuid.UUID, user: str | None, comment: str | None = None, *, runtime: Runtime | None = None
) -> dict[str, Any]:
    """Reject the pending step; the job resumes only to end `cancelled` with the rejection as reason."""
    return _decide(job_id, user, comment, approved=False, runtime=runtime)


def _decide(
    job_id: str | uuid.UUID, user: str | None, comment: str | None, *, approved: bool, runtime: Runtime | None
) -> dict[str, Any]:
    runtime = runtime or get_runtime()
    key = _uuid(job_id)
    who = user or "unknown user"
    if comment is not None and len(comment) > 2000:
        raise InvalidInputError("approval comment must be at most 2000 characters")
    reporter = JobReporter(key, runtime)
    verb = "approved" if approved else "rejected"
    with runtime.session() as session:
        repo = JobRepository(session)
        job = repo.get_for_update(key)
        if job is None:
            raise NotFoundError(f"job {key} does not exist")
        if job.status != "awaiting_approval":
            raise ConflictError(f"job {key} is {job.status}, not awaiting an approval")
        paused = repo.last_log_with_event(key, events.AWAITING_APPROVAL)
        interrupts = list((paused.details or {}).get("interrupts") or []) if paused is not None else []
        if approved and _four_eyes(runtime, interrupts) and user is not None and user == job.user_id:
            raise PermissionDeniedError(
                f"job {key} was submitted by {user}: four-eyes approval needs another API key to approve it"
                + (" (TDM_FOUR_EYES=always)" if runtime.settings.tdm_four_eyes == "always" else "")
            )
        decision = {
            "approved": approved,
            "by": who,
            "comment": comment,
            "interrupt_ids": [item.get("id") for item in interrupts],
        }
        message = f"{verb} by {who}" + (f": {comment}" if comment else "")
        # Decision and status change commit together: a worker that sees `queued` sees the decision.
        repo.add_log(key, message, details=reporter.log_details(events.APPROVAL_DECISION, None, decision))
        repo.set_status(key, "queued")
    reporter.emit(events.APPROVAL_DECISION, message, details=decision, status="queued", write_log=False)
    enqueue_job(key, at_front=True, runtime=runtime)
    return _describe(runtime, key)
