"""The job running in this process: its reporter, its lease, and the checks made between steps.

Between two nodes (and inside long loops, through `check_boundary`) a run stops when:
  * the job's cancel flag is up            -> JobCancelled  (job ends `cancelled`)
  * the worker was asked to shut down      -> DrainRequested (job goes back to the queue)
  * another worker took over its lease     -> LeaseLost     (this run stops, touching nothing)
Each node's completion is checkpointed before the next one starts, so stopping there loses nothing.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tdm_cache.locks import RedisLock

from tdm_orchestrator.errors import DrainRequested, JobCancelled, LeaseLost
from tdm_orchestrator.events import JobReporter
from tdm_orchestrator.runtime import Runtime, get_runtime

log = logging.getLogger(__name__)

LEASE_KIND = "job-run"

# Set by the worker's drain signal (SIGUSR1 in the work horse) or by a shutdown in-process.
DRAIN = threading.Event()


def request_drain(*_: Any) -> None:
    """Signal-handler compatible: only sets a flag (the running node finishes first)."""
    DRAIN.set()


def lease_token() -> str:
    """host:pid:random -- the pid lets the parent worker release the lease of a horse it saw die."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(6)}"


def lease_for(runtime: Runtime, job_id: str, owner: str | None = None) -> RedisLock:
    return RedisLock(
        runtime.redis,
        LEASE_KIND,
        job_id,
        ttl_seconds=runtime.settings.tdm_job_lease_ttl_seconds,
        owner=owner,
        auto_extend=True,
    )


@dataclass
class JobRun:
    job_id: str
    runtime: Runtime
    reporter: JobReporter
    lease: RedisLock | None = None
    attempt: int = 1
    cancelled_by: str | None = field(default=None)
    # Run when the run ends however it ends (done, failed, cancelled, paused for an approval): what a
    # node holds open across nodes -- a provisioning transaction, an environment lock -- is let go.
    cleanups: list[Callable[[], None]] = field(default_factory=list)

    def on_end(self, cleanup: Callable[[], None]) -> None:
        self.cleanups.append(cleanup)

    def check_boundary(self) -> None:
        """Raise if the run must stop here; cheap (one or two Redis reads)."""
        if self.reporter.live_state.is_cancel_requested(self.job_id):
            raise JobCancelled(f"job {self.job_id} was cancelled")
        if DRAIN.is_set():
            raise DrainRequested(f"worker shutting down; job {self.job_id} goes back to the queue")
        if self.lease is not None and not self.lease.owned():
            raise LeaseLost(f"job {self.job_id} is now run by another worker")


_runs: dict[str, JobRun] = {}
_runs_lock = threading.Lock()


def begin_run(
    job_id: str, *, lease: RedisLock | None, attempt: int, runtime: Runtime | None = None
) -> JobRun:
    runtime = runtime or get_runtime()
    run = JobRun(job_id, runtime, JobReporter(job_id, runtime, attempt=attempt), lease=lease, attempt=attempt)
    with _runs_lock:
        _runs[job_id] = run
    return run


def end_run(job_id: str) -> None:
    with _runs_lock:
        run = _runs.pop(job_id, None)
    for cleanup in reversed(run.cleanups if run is not None else []):
        try:
            cleanup()
        except Exception:  # one failed cleanup must not skip the others
            log.exception("job %s: a cleanup at the end of the run failed", job_id)


def current_run(job_id: str) -> JobRun:
    """The run registered by the runner, or a detached one (a graph invoked directly, e.g. in tests)."""
    with _runs_lock:
        run = _runs.get(job_id)
    if run is None:
        runtime = get_runtime()
        run = JobRun(job_id, runtime, JobReporter(job_id, runtime))
    return run
