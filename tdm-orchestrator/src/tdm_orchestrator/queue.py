"""The job queue (RQ on Redis). The RQ job id is our job id, so a job is on the queue at most once.

`enqueue_job(job_id)` is what the API calls after committing a `jobs` row in status `queued`. It is
idempotent: while the job is queued, scheduled or running on RQ, another call is ignored (returns
False), and a job in a final status (or waiting for an approval) is never enqueued again.

RQ's own retries are not used: the runner decides. A transient failure makes the job return an RQ
`Retry` (the job goes back to the queue after a back-off and resumes from its checkpoint); bad input
fails the job at once.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from datetime import UTC, datetime
from typing import cast

import redis
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job as RQJob
from rq.job import JobStatus
from rq.registry import ScheduledJobRegistry, StartedJobRegistry
from tdm_cache.locks import RedisLock
from tdm_core.errors import InvalidInputError
from tdm_metadata_store.repositories.jobs import TERMINAL_STATUSES, JobRepository

from tdm_orchestrator.registry import time_limit
from tdm_orchestrator.runtime import Runtime, get_runtime

log = logging.getLogger(__name__)

RUN_JOB = "tdm_orchestrator.runner.run_job"
# RQ states in which the job will run (or is running) without anyone enqueueing it again.
ACTIVE_RQ_STATUSES = frozenset({JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED})
ENQUEUE_LOCK = "enqueue"


def _job_id(job_id: str | uuid.UUID) -> str:
    try:
        return str(uuid.UUID(str(job_id)))
    except ValueError:
        raise InvalidInputError(f"job id {str(job_id)[:64]!r} is not a UUID") from None


def get_queue(runtime: Runtime | None = None) -> Queue:
    runtime = runtime or get_runtime()
    return Queue(runtime.settings.tdm_queue_name, connection=runtime.redis)


def rq_status(job_id: str | uuid.UUID, *, connection: redis.Redis | None = None) -> JobStatus | None:
    """RQ's status of the job, None when RQ has no record of it."""
    connection = connection if connection is not None else get_runtime().redis
    try:
        return RQJob.fetch(_job_id(job_id), connection=connection).get_status(refresh=False)
    except NoSuchJobError:
        return None


def enqueue_job(job_id: str | uuid.UUID, *, at_front: bool = False, runtime: Runtime | None = None) -> bool:
    """Put the job on the queue; True if enqueued, False if it is already there or must not run.

    Call it after the `jobs` row is committed (the worker may start at once).
    """
    runtime = runtime or get_runtime()
    key = _job_id(job_id)
    with runtime.session() as session:
        job = JobRepository(session).get(uuid.UUID(key))
        status = job.status if job is not None else None
    if job is None:
        log.warning("enqueue of job %s: no such jobs row (commit it before enqueueing); enqueued anyway", key)
    elif status in TERMINAL_STATUSES or status == "awaiting_approval":
        log.info("job %s is %s: not enqueued", key, status)
        return False
    with RedisLock(runtime.redis, ENQUEUE_LOCK, key, ttl_seconds=30, blocking_timeout=30):
        current = rq_status(key, connection=runtime.redis)
        if current in ACTIVE_RQ_STATUSES:
            log.info("job %s is already %s on the queue: not enqueued again", key, current)
            return False
        _forget_rq_job(key, runtime)
        _enqueue(key, runtime, at_front=at_front)
    return True


def requeue_abandoned(job_id: str | uuid.UUID, *, runtime: Runtime | None = None) -> None:
    """Replace the RQ record of a job whose worker died (RQ still says `started`) and enqueue it.

    Only for the sweeper, after it made sure no live worker holds the job's lease. The stale entry
    in RQ's started registry is removed too: RQ's own cleanup would otherwise later mistake the new
    run for the dead one and mark it failed.
    """
    runtime = runtime or get_runtime()
    key = _job_id(job_id)
    with RedisLock(runtime.redis, ENQUEUE_LOCK, key, ttl_seconds=30, blocking_timeout=30):
        current = rq_status(key, connection=runtime.redis)
        if current in (JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED):
            return
        _forget_rq_job(key, runtime)
        _enqueue(key, runtime, at_front=True)


def enqueue_overdue(job_id: str | uuid.UUID, *, late_seconds: float, runtime: Runtime | None = None) -> bool:
    """Enqueue a retry whose scheduled time passed `late_seconds` ago and that is still waiting.

    RQ's scheduler moves due retries to the queue, but after a crash its lock (held by the dead
    scheduler) blocks the next one for a minute, and a worker only tries to take it over at its
    maintenance pass (every 10 minutes). The RQ job itself is kept, with its retry counters.
    """
    runtime = runtime or get_runtime()
    key = _job_id(job_id)
    registry = ScheduledJobRegistry(runtime.settings.tdm_queue_name, connection=runtime.redis)  # type: ignore[no-untyped-call]
    with RedisLock(runtime.redis, ENQUEUE_LOCK, key, ttl_seconds=30, blocking_timeout=30):
        try:
            due = registry.get_scheduled_time(key)
        except NoSuchJobError:
            return False
        if (datetime.now(UTC) - due).total_seconds() < late_seconds:
            return False
        # Taking it out of the registry is the claim: a scheduler that comes back finds nothing.
        if not runtime.redis.zrem(registry.key, key):
            return False
        job = RQJob.fetch(key, connection=runtime.redis)
        get_queue(runtime).enqueue_job(job, at_front=True)
    log.warning("job %s: retry was due %s and no scheduler enqueued it; enqueued it", key, due.isoformat())
    return True


def remove_from_queue(job_id: str | uuid.UUID, *, runtime: Runtime | None = None) -> bool:
    """Take a job that has not started off the queue (cancel). True if it was waiting there."""
    runtime = runtime or get_runtime()
    key = _job_id(job_id)
    with RedisLock(runtime.redis, ENQUEUE_LOCK, key, ttl_seconds=30, blocking_timeout=30):
        current = rq_status(key, connection=runtime.redis)
        if current in (JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED):
            _forget_rq_job(key, runtime)
            return True
    return False


def _forget_rq_job(key: str, runtime: Runtime) -> None:
    with contextlib.suppress(NoSuchJobError):
        RQJob.fetch(key, connection=runtime.redis).delete(remove_from_queue=True)
    registry = StartedJobRegistry(runtime.settings.tdm_queue_name, connection=runtime.redis)
    entries = cast(list[bytes | str], registry.connection.zrange(registry.key, 0, -1))
    stale = [entry for entry in entries if _entry_job(entry) == key]
    if stale:
        registry.connection.zrem(registry.key, *stale)


def _entry_job(entry: bytes | str) -> str:
    text = entry.decode() if isinstance(entry, bytes) else entry
    return text.split(":", 1)[0]


def run_timeout(key: str, runtime: Runtime) -> int:
    """RQ's timeout for the next run of a job: what is left of its operation's time limit since it first
    started (a resumed job does not get the whole limit again), and never less than a minute."""
    with runtime.session() as session:
        repo = JobRepository(session)
        job = repo.get(uuid.UUID(key))
        operation = job.operation if job is not None else None
        started = repo.first_started_at(uuid.UUID(key)) if job is not None else None
    limit = time_limit(operation, runtime.settings)
    if started is None:
        return limit
    elapsed = (datetime.now(UTC) - started).total_seconds()
    return max(60, int(limit - elapsed))


def _enqueue(key: str, runtime: Runtime, *, at_front: bool) -> None:
    settings = runtime.settings
    get_queue(runtime).enqueue(
        RUN_JOB,
        key,
        job_id=key,
        job_timeout=run_timeout(key, runtime),
        result_ttl=settings.tdm_job_result_ttl_seconds,
        failure_ttl=settings.tdm_job_result_ttl_seconds,
        description=f"tdm job {key}",
        at_front=at_front,
    )
