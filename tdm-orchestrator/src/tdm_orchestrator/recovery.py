"""Finding jobs whose worker died, and putting them back to work (the sweeper).

What RQ 3.0 does on its own is not enough: a killed worker's job stays in RQ's StartedJobRegistry
until the entry's heartbeat expires (job_monitoring_interval + 60 s) *and* a worker's maintenance
pass runs (every 10 minutes); even then it is only re-run if it was enqueued with RQ retries left,
else moved to the failed registry. So every worker process pool runs this sweeper at start and every
`TDM_SWEEP_INTERVAL_SECONDS`:

* `running` jobs whose lease (`tdm:lock:job-run:<id>`, renewed by the live run every ttl/3 s) is
  gone lost their worker: they are re-queued at the front and resume from their last checkpoint --
  or end `cancelled` if a cancel was requested, or `failed` after `TDM_JOB_MAX_ATTEMPTS` starts.
* `queued` jobs that RQ no longer holds (a lost enqueue, an API crash between commit and enqueue)
  are enqueued again once they are older than `TDM_QUEUED_GRACE_SECONDS`; a retry whose back-off
  ended but that no RQ scheduler moved to the queue (a crashed scheduler's lock blocks the next one
  for a minute or more) is moved there.

Several sweepers (several pools, several machines) are safe: each job is handled under a per-job
Redis lock, the lease is re-checked under it, and every status change is a row-locked transition.
"""

from __future__ import annotations

import logging
import socket
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

from rq.job import JobStatus
from tdm_cache.job_state import JobStateCache
from tdm_cache.locks import RedisLock
from tdm_metadata_store.repositories.jobs import JobRepository

from tdm_orchestrator import lifecycle
from tdm_orchestrator.events import safe_error
from tdm_orchestrator.jobrun import lease_for
from tdm_orchestrator.queue import (
    ACTIVE_RQ_STATUSES,
    enqueue_job,
    enqueue_overdue,
    requeue_abandoned,
    rq_status,
)
from tdm_orchestrator.runtime import Runtime, get_runtime

log = logging.getLogger(__name__)

RECOVER_LOCK = "recover"
SWEEP_BATCH = 1000


def recover_job(job_id: str, why: str, *, runtime: Runtime | None = None) -> str:  # noqa: PLR0911
    """Deal with one `running` job that has no live lease. Returns what was done (one word)."""
    runtime = runtime or get_runtime()
    guard = RedisLock(runtime.redis, RECOVER_LOCK, job_id, ttl_seconds=60)
    if not guard.acquire():
        return "busy"  # another sweeper is on it
    try:
        if lease_for(runtime, job_id).locked():
            return "alive"
        with runtime.session() as session:
            job = JobRepository(session).get(uuid.UUID(job_id))
            if job is None or job.status != "running":
                return "skipped"
            cancel = job.cancel_requested
            attempts = job.attempts
        if cancel or JobStateCache(runtime.redis).is_cancel_requested(job_id):
            lifecycle.finish_cancelled(job_id, runtime=runtime)
            return "cancelled"
        limit = runtime.settings.tdm_job_max_attempts
        if attempts >= limit:
            lifecycle.finish_failed(
                job_id,
                f"the worker running this job stopped {attempts} times ({why}); "
                f"giving up after {limit} attempts",
                runtime=runtime,
            )
            return "failed"
        if lifecycle.back_to_queue(
            job_id, f"{why}; the job resumes from its last checkpoint", runtime=runtime
        ):
            requeue_abandoned(job_id, runtime=runtime)
            return "requeued"
        return "skipped"
    finally:
        guard.release()


def sweep(*, runtime: Runtime | None = None, grace_seconds: float | None = None) -> Counter[str]:
    """One pass over `running` and `queued` jobs; returns counts of what was done."""
    runtime = runtime or get_runtime()
    grace = runtime.settings.tdm_queued_grace_seconds if grace_seconds is None else grace_seconds
    done: Counter[str] = Counter()
    with runtime.session() as session:
        repo = JobRepository(session)
        running = repo.ids_with_status("running", limit=SWEEP_BATCH)
        queued, _ = repo.list(status="queued", limit=SWEEP_BATCH)
        cutoff = datetime.now(UTC) - timedelta(seconds=grace)
        stale_queued = [job.id for job in queued if (job.updated_at or job.created_at) <= cutoff]
    for job_id in running:
        key = str(job_id)
        if lease_for(runtime, key).locked():
            continue
        try:
            done[recover_job(key, "its worker stopped renewing the job's lease", runtime=runtime)] += 1
        except Exception as exc:  # one bad job must not stop the sweep
            log.warning("sweeper: could not recover job %s: %s", key, safe_error(exc))
            done["error"] += 1
    for job_id in stale_queued:
        key = str(job_id)
        status = rq_status(key, connection=runtime.redis)
        if status == JobStatus.SCHEDULED:
            try:
                if enqueue_overdue(key, late_seconds=max(grace, 5.0), runtime=runtime):
                    done["overdue_retry"] += 1
            except Exception as exc:
                log.warning("sweeper: could not enqueue overdue job %s: %s", key, safe_error(exc))
                done["error"] += 1
            continue
        if status in ACTIVE_RQ_STATUSES or lease_for(runtime, key).locked():
            continue
        try:
            if enqueue_job(key, runtime=runtime):
                log.warning("sweeper: job %s was queued but not on the queue; enqueued it", key)
                done["enqueued"] += 1
        except Exception as exc:
            log.warning("sweeper: could not enqueue job %s: %s", key, safe_error(exc))
            done["error"] += 1
    if done:
        log.info("sweeper: %s", dict(done))
    return done


def after_work_horse(job_id: str, horse_pid: int, *, runtime: Runtime | None = None) -> str:
    """Called by the worker once a work horse has exited: settle what a dead horse left behind.

    A horse killed by a cancel (RQ stop-job) or by the OS leaves its job `running` with a lease
    that would only expire after its TTL; the parent knows the horse is gone, so it releases that
    lease at once and recovers the job (cancelled, or back to the queue).
    """
    runtime = runtime or get_runtime()
    lease = lease_for(runtime, job_id)
    holder = lease.holder()
    if holder is not None:
        host, _, rest = holder.partition(":")
        pid = rest.split(":", 1)[0]
        if host == socket.gethostname() and pid == str(horse_pid):
            lease_for(runtime, job_id, owner=holder).release()
    with runtime.session() as session:
        job = JobRepository(session).get(uuid.UUID(job_id))
        status = job.status if job is not None else None
    if status != "running":
        return "settled"
    return recover_job(job_id, "its work horse exited while running it", runtime=runtime)
