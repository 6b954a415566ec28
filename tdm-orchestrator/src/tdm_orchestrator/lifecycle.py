"""Job status transitions, each one atomic on the jobs row and announced as an event.

    queued -> running -> completed | failed | cancelled
                      -> awaiting_approval -> queued (approved) | cancelled (rejected)
                      -> queued (drained worker, transient error, lost worker)

Every transition takes the row lock (`SELECT ... FOR UPDATE`) and checks the status it starts from,
so the API cancelling, a worker finishing and a sweeper recovering the same job cannot interleave:
whoever comes second sees the new status and does nothing. A job that ends failed or cancelled
first has every dataset version it left in status `writing` purged (objects deleted, row marked
failed then purged): nothing half-written remains.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from typing import Any

from tdm_core.errors import TDMError
from tdm_metadata_store.repositories.datasets import DatasetRepository
from tdm_metadata_store.repositories.jobs import TERMINAL_STATUSES, JobRepository

from tdm_orchestrator import events
from tdm_orchestrator.checkpoints import delete_checkpoints
from tdm_orchestrator.events import JobReporter
from tdm_orchestrator.runtime import Runtime, get_runtime

log = logging.getLogger(__name__)

CANCEL_REQUESTED = "cancel_requested"


def _transition(
    runtime: Runtime,
    job_id: str,
    status: str,
    *,
    allowed_from: Iterable[str],
    result: dict[str, Any] | None = None,
    error: str | None = None,
) -> str | None:
    """Set the status if the job is in one of `allowed_from`; returns the previous status or None."""
    with runtime.session() as session:
        repo = JobRepository(session)
        job = repo.get_for_update(uuid.UUID(job_id))
        if job is None or job.status not in set(allowed_from):
            return None
        previous = job.status
        repo.set_status(job.id, status, result=result, error=error)
        return previous


def _drop_checkpoints(runtime: Runtime, job_id: str) -> None:
    try:
        delete_checkpoints(runtime.settings.database_url, job_id)
    except Exception as exc:  # housekeeping only: the job's outcome is already recorded
        log.warning("could not delete checkpoints of job %s: %s", job_id, events.safe_error(exc))


def purge_writing_datasets(runtime: Runtime, job_id: str) -> list[str]:
    """Delete the objects of dataset versions the job left unfinished; mark them failed -> purged.

    `writing` versions are the half-written ones; `failed` ones are included because a purge that
    was itself interrupted leaves its version failed with some objects still there.
    """
    job_uuid = uuid.UUID(job_id)
    with runtime.session() as session:
        repo = JobRepository(session)
        writing = repo.dataset_versions_in_status(job_uuid, "writing")
        failed = repo.dataset_versions_in_status(job_uuid, "failed")
    if not writing and not failed:
        return []
    from tdm_dataset_store import DatasetStore

    store = DatasetStore.load()
    purged = []
    try:
        for version_id in [*writing, *failed]:
            if version_id in writing:
                # Failed first: readers stop trusting it before its objects start disappearing.
                with runtime.session() as session:
                    DatasetRepository(session).mark_failed(version_id)
            store.purge_version(version_id)
            with runtime.session() as session:
                DatasetRepository(session).mark_purged(version_id)
            purged.append(str(version_id))
    finally:
        store.close()
    return purged


def cancel_reason(runtime: Runtime, job_id: str) -> str:
    with runtime.session() as session:
        entry = JobRepository(session).last_log_with_event(uuid.UUID(job_id), CANCEL_REQUESTED)
        by = (entry.details or {}).get("by") if entry is not None else None
    return f"cancelled by {by}" if by else "cancelled"


def mark_running(runtime: Runtime, job_id: str) -> tuple[int, str] | None:
    """Claim a queued job (or resume a `running` one whose worker died); (attempt, previous status)."""
    with runtime.session() as session:
        repo = JobRepository(session)
        job = repo.get_for_update(uuid.UUID(job_id))
        if job is None or job.status not in ("queued", "running"):
            return None
        previous = job.status
        attempt = repo.increment_attempts(job.id)
        repo.set_status(job.id, "running")
        return attempt, previous


def finish_completed(
    job_id: str,
    result: dict[str, Any],
    *,
    reporter: JobReporter | None = None,
    runtime: Runtime | None = None,
) -> bool:
    runtime = runtime or get_runtime()
    if _transition(runtime, job_id, "completed", allowed_from=("running", "queued"), result=result) is None:
        return False
    (reporter or JobReporter(job_id, runtime)).emit(
        events.JOB_COMPLETED, "job completed", details={"result": result}
    )
    _drop_checkpoints(runtime, job_id)
    return True


def finish_failed(
    job_id: str, reason: str, *, reporter: JobReporter | None = None, runtime: Runtime | None = None
) -> bool:
    runtime = runtime or get_runtime()
    purged = _purge_quietly(runtime, job_id)
    allowed = ("queued", "running", "awaiting_approval")
    if _transition(runtime, job_id, "failed", allowed_from=allowed, error=reason) is None:
        return False
    (reporter or JobReporter(job_id, runtime)).emit(
        events.JOB_FAILED,
        f"job failed: {reason}",
        level="ERROR",
        details={"reason": reason, "purged_datasets": purged},
    )
    # Checkpoints are kept: an operator may re-queue a failed job once its cause is fixed.
    return True


def finish_cancelled(
    job_id: str,
    reason: str | None = None,
    *,
    reporter: JobReporter | None = None,
    runtime: Runtime | None = None,
) -> bool:
    runtime = runtime or get_runtime()
    reason = reason or cancel_reason(runtime, job_id)
    purged = _purge_quietly(runtime, job_id)
    allowed = ("queued", "running", "awaiting_approval")
    if _transition(runtime, job_id, "cancelled", allowed_from=allowed, error=reason) is None:
        return False
    (reporter or JobReporter(job_id, runtime)).emit(
        events.JOB_CANCELLED,
        f"job {reason}",
        level="WARNING",
        details={"reason": reason, "purged_datasets": purged},
    )
    _drop_checkpoints(runtime, job_id)
    return True


def back_to_queue(
    job_id: str,
    reason: str,
    *,
    reporter: JobReporter | None = None,
    runtime: Runtime | None = None,
    details: dict[str, Any] | None = None,
) -> bool:
    """running -> queued: the job will run again and resume from its last checkpoint."""
    runtime = runtime or get_runtime()
    if _transition(runtime, job_id, "queued", allowed_from=("running",)) is None:
        return False
    (reporter or JobReporter(job_id, runtime)).emit(
        events.JOB_REQUEUED,
        f"job back on the queue: {reason}",
        level="WARNING",
        details={"reason": reason, **(details or {})},
    )
    return True


def pause_for_approval(
    job_id: str,
    requests: list[dict[str, Any]],
    *,
    reporter: JobReporter | None = None,
    runtime: Runtime | None = None,
) -> bool:
    runtime = runtime or get_runtime()
    if _transition(runtime, job_id, "awaiting_approval", allowed_from=("running",)) is None:
        return False
    names = ", ".join(str(r.get("value", {}).get("before")) for r in requests)
    (reporter or JobReporter(job_id, runtime)).emit(
        events.AWAITING_APPROVAL,
        f"waiting for an approval before {names}",
        details={"interrupts": requests},
    )
    return True


def _purge_quietly(runtime: Runtime, job_id: str) -> list[str]:
    try:
        return purge_writing_datasets(runtime, job_id)
    except TDMError as exc:
        log.error("job %s: could not purge its half-written datasets: %s", job_id, exc.detail)
        return []


def is_terminal(status: str | None) -> bool:
    return status in TERMINAL_STATUSES
