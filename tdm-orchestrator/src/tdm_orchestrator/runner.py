"""`run_job(job_id)`: what an RQ worker executes for one job.

1. Take the job's lease (a Redis lock renewed every ttl/3 s): two workers never run one job at once,
   and a worker that dies stops renewing it, which is how the sweeper notices.
2. Claim the row: queued (or running, when resuming after a lost worker) -> running, attempts + 1.
3. Run the master graph with PostgresSaver checkpoints (thread_id = job_id, durability "sync": each
   node's result is stored before the next node starts). A job that ran before resumes from its
   last checkpoint -- completed nodes, including inner nodes of subgraphs, are not run again; a job
   paused for approval resumes with `Command(resume=<the recorded decision>)`.
4. Record the outcome: completed / failed (with the reason) / cancelled / awaiting_approval, or back
   to the queue (worker draining; transient error with back-off via RQ `Retry`).
Events go to job_logs, the job's Redis stream and its live state (see `events.py`).
"""

from __future__ import annotations

import logging
import time
import traceback
import uuid
from datetime import UTC, datetime
from typing import Any, cast

from langchain_core.runnables import RunnableConfig
from langgraph.types import Command
from rq import Retry, get_current_job
from rq.timeouts import JobTimeoutException
from tdm_agents.common.sources import dispose_source_engines
from tdm_cache.locks import RedisLock
from tdm_core.errors import TDMError
from tdm_core.redaction import redact_text
from tdm_metadata_store.repositories.jobs import JobRepository

from tdm_orchestrator import events, lifecycle
from tdm_orchestrator.checkpoints import open_checkpointer, thread_config
from tdm_orchestrator.errors import ApprovalRejected, DrainRequested, JobCancelled, LeaseLost, is_transient
from tdm_orchestrator.graphs.master import compile_master
from tdm_orchestrator.jobrun import JobRun, begin_run, end_run, lease_for, lease_token
from tdm_orchestrator.registry import time_limit
from tdm_orchestrator.runtime import Runtime, get_runtime

log = logging.getLogger(__name__)

# A graph that loops through the dispatcher once per step: far below this for any real plan.
RECURSION_LIMIT = 500
# Retries of a drained job are not failures: effectively unlimited.
DRAIN_RETRY = 1_000_000


def run_job(job_id: str) -> Retry | dict[str, Any] | None:
    """Run (or resume) one job. Never raises for the job's own failures: they are recorded."""
    runtime = get_runtime()
    job_id = str(uuid.UUID(str(job_id)))
    lease = lease_for(runtime, job_id, owner=lease_token())
    if not _acquire(lease, runtime):
        log.warning("job %s: another worker holds its lease; not running it here", job_id)
        return None
    try:
        claim = lifecycle.mark_running(runtime, job_id)
        if claim is None:
            log.info("job %s: nothing to do (unknown, finished, or waiting for approval)", job_id)
            return None
        attempt, previous = claim
        run = begin_run(job_id, lease=lease, attempt=attempt, runtime=runtime)
        try:
            return _run(run, resumed=previous == "running" or attempt > 1)
        finally:
            end_run(job_id)
            # No connection to a source database outlives the job run.
            dispose_source_engines()
    finally:
        if lease.owned():
            lease.release()


def _acquire(lease: RedisLock, runtime: Runtime) -> bool:
    if lease.acquire():
        return True
    # A lease left by a worker that just died expires within its TTL; a live holder keeps renewing.
    return bool(lease.acquire(blocking=True, timeout=runtime.settings.tdm_job_lease_ttl_seconds * 1.5))


def _run(run: JobRun, *, resumed: bool) -> Retry | dict[str, Any] | None:
    job_id = run.job_id
    reporter = run.reporter
    if _cancel_requested(run):
        lifecycle.finish_cancelled(job_id, reporter=reporter, runtime=run.runtime)
        return None
    reporter.emit(
        events.JOB_STARTED,
        f"job {'resumed' if resumed else 'started'} (attempt {run.attempt})",
        details={"resumed": resumed},
    )
    try:
        return _execute(run)
    except JobCancelled:
        lifecycle.finish_cancelled(job_id, reporter=reporter, runtime=run.runtime)
    except ApprovalRejected as exc:
        lifecycle.finish_cancelled(job_id, exc.detail, reporter=reporter, runtime=run.runtime)
    except DrainRequested:
        lifecycle.back_to_queue(
            job_id, "the worker is shutting down; the job resumes from its last checkpoint", reporter=reporter
        )
        return Retry(max=DRAIN_RETRY, interval=0, enqueue_at_front=True)
    except LeaseLost:
        log.warning("job %s: lease lost to another worker; this run stops here", job_id)
    except JobTimeoutException:
        with run.runtime.session() as session:
            operation = JobRepository(session).require(uuid.UUID(job_id)).operation
        limit = time_limit(operation, run.runtime.settings)
        lifecycle.finish_failed(
            job_id,
            f"the job ran longer than the time limit of {operation} jobs ({limit}s; TDM_JOB_TIME_LIMITS)",
            reporter=reporter,
        )
    except Exception as exc:
        if is_transient(exc):
            return _retry_later(run, exc)
        lifecycle.finish_failed(job_id, _reason(exc), reporter=reporter, runtime=run.runtime)
        if not isinstance(exc, TDMError):
            # A bug, not bad input: the traceback goes to the operator's log (redacted: driver
            # messages may hold connection strings; engines hide statement parameters).
            log.error(
                "job %s failed with an internal error:\n%s",
                job_id,
                redact_text("".join(traceback.format_exception(exc))),
            )
    return None


def _cancel_requested(run: JobRun) -> bool:
    from tdm_cache.job_state import JobStateCache

    if JobStateCache(run.runtime.redis).is_cancel_requested(run.job_id):
        return True
    with run.runtime.session() as session:
        job = JobRepository(session).get(uuid.UUID(run.job_id))
        return bool(job is not None and job.cancel_requested)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, TDMError):
        return exc.detail
    return f"internal error ({type(exc).__name__}): {events.safe_error(exc)}"


def _retry_later(run: JobRun, exc: BaseException) -> Retry | None:
    settings = run.runtime.settings
    rq_job = get_current_job()
    done = int(rq_job.number_of_retries or 0) if rq_job is not None else 0
    intervals = settings.tdm_job_retry_intervals or [0]
    delay = intervals[min(done, len(intervals) - 1)]
    elapsed = _seconds_since_start(run)
    over_budget = elapsed + delay > settings.tdm_job_retry_budget_seconds
    if rq_job is None or done >= settings.tdm_job_retry_max or over_budget:
        retries = f"{done} retr{'y' if done == 1 else 'ies'}"
        lifecycle.finish_failed(
            run.job_id,
            f"{_reason(exc)} (still failing after {retries} in {elapsed:.0f}s)",
            reporter=run.reporter,
            runtime=run.runtime,
        )
        return None
    lifecycle.back_to_queue(
        run.job_id,
        f"transient error, retrying in {delay}s: {_reason(exc)}",
        reporter=run.reporter,
        runtime=run.runtime,
        details={"retry_in_seconds": delay, "retry": done + 1},
    )
    return Retry(max=settings.tdm_job_retry_max, interval=intervals)


def _seconds_since_start(run: JobRun) -> float:
    with run.runtime.session() as session:
        started = JobRepository(session).first_started_at(uuid.UUID(run.job_id))
    return 0.0 if started is None else (datetime.now(UTC) - started).total_seconds()


def _execute(run: JobRun) -> dict[str, Any] | None:
    runtime = run.runtime
    config: dict[str, Any] = {**thread_config(run.job_id), "recursion_limit": RECURSION_LIMIT}
    with open_checkpointer(runtime.settings.database_url) as saver:
        graph = compile_master(saver, runtime.settings)
        snapshot = graph.get_state(cast(RunnableConfig, config))
        graph_input: Any
        if not snapshot.values:
            graph_input = {"job_id": run.job_id}
        elif snapshot.interrupts:
            resume = _recorded_decision(runtime, run.job_id, [i.id for i in snapshot.interrupts])
            if resume is None:
                # Enqueued while still waiting (e.g. a duplicate): put it back, nothing else.
                lifecycle.pause_for_approval(
                    run.job_id, _interrupt_dicts(snapshot.interrupts), reporter=run.reporter
                )
                return None
            graph_input = Command(resume=resume)
        elif snapshot.next:
            graph_input = None  # resume after a lost worker, a drain or a transient error
        else:
            graph_input = None  # the graph had ended; only the final status was missing
        interrupts: list[Any] = []
        if graph_input is not None or snapshot.next:
            started = time.monotonic()
            for chunk in graph.stream(
                graph_input,
                cast(RunnableConfig, config),
                durability="sync",
                stream_mode="updates",
            ):
                if isinstance(chunk, dict) and "__interrupt__" in chunk:
                    interrupts.extend(chunk["__interrupt__"])
            log.debug("job %s: graph ran %.2fs", run.job_id, time.monotonic() - started)
        if interrupts:
            lifecycle.pause_for_approval(run.job_id, _interrupt_dicts(interrupts), reporter=run.reporter)
            return None
        final = graph.get_state(cast(RunnableConfig, config)).values
    result = dict(final.get("result") or {})
    lifecycle.finish_completed(run.job_id, result, reporter=run.reporter, runtime=runtime)
    return result


def _interrupt_dicts(interrupts: Any) -> list[dict[str, Any]]:
    return [{"id": item.id, "value": item.value} for item in interrupts]


def _recorded_decision(runtime: Runtime, job_id: str, pending: list[str]) -> dict[str, Any] | None:
    """{interrupt_id: decision} from the approval decision recorded after the job paused."""
    with runtime.session() as session:
        repo = JobRepository(session)
        paused = repo.last_log_with_event(uuid.UUID(job_id), events.AWAITING_APPROVAL)
        decided = repo.last_log_with_event(uuid.UUID(job_id), events.APPROVAL_DECISION)
        if decided is None or (
            paused is not None and (decided.created_at, str(decided.id)) < (paused.created_at, str(paused.id))
        ):
            return None
        details = dict(decided.details or {})
    decision = {
        "approved": bool(details.get("approved")),
        "by": details.get("by"),
        "comment": details.get("comment"),
    }
    return {interrupt_id: decision for interrupt_id in pending}
