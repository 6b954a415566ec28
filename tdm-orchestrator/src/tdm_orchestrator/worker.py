"""`tdm-worker`: a pool of N RQ worker processes running jobs, plus the sweeper.

    tdm-worker [--processes N] [--burst] [--queue NAME] [--log-level LEVEL]

Process layout: the pool process supervises N worker processes (respawning any that dies) and runs
the sweeper (`recovery.sweep`) at start and every TDM_SWEEP_INTERVAL_SECONDS. Each worker forks a
work horse per job (RQ's model); the horse runs `runner.run_job`.

Shutdown (SIGTERM or SIGINT to the pool): each worker stops taking jobs and tells its horse to drain
(SIGUSR1): the node in progress finishes and is checkpointed, then the job goes back to the queue
and another worker resumes it. A second signal is RQ's cold shutdown (the horse is killed; the job
is recovered by a sweeper and resumes from its last checkpoint).

Several pools on several machines can share one queue: RQ hands each job to one worker, the job's
lease keeps a second run from starting, and sweepers coordinate through per-job locks.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import signal
import sys
import time
from collections.abc import Sequence
from typing import Any

from rq import Queue, Worker
from rq.exceptions import StopRequested
from rq.job import Job
from rq.worker_pool import WorkerPool

# Imported here, in the parent, so each forked work horse starts with LangGraph and the agents loaded.
import tdm_orchestrator.runner  # noqa: F401
from tdm_orchestrator.checkpoints import ensure_checkpoint_tables
from tdm_orchestrator.events import safe_error
from tdm_orchestrator.jobrun import request_drain
from tdm_orchestrator.recovery import after_work_horse, sweep
from tdm_orchestrator.runtime import get_runtime, reset_runtime
from tdm_orchestrator.settings import OrchestratorSettings

log = logging.getLogger("tdm_orchestrator.worker")

DRAIN_SIGNAL = signal.SIGUSR1


class TDMWorker(Worker):
    """RQ's forking worker, plus: drain on shutdown, and settling a job whose horse died."""

    _tdm_horse_pid: int = 0

    def fork_work_horse(self, job: Job, queue: Queue) -> None:
        # Everything alive now is the parent's: keep the horse's garbage collector off it. Without
        # this the horse's first collections walk (and copy-on-write) the whole inherited heap,
        # which costs more than a small job itself.
        gc.freeze()
        super().fork_work_horse(job, queue)
        self._tdm_horse_pid = self.horse_pid

    def setup_work_horse_signals(self) -> None:
        super().setup_work_horse_signals()  # type: ignore[no-untyped-call]
        # In the horse: the drain request only sets a flag; the graph stops at the next boundary.
        signal.signal(DRAIN_SIGNAL, request_drain)

    def handle_warm_shutdown_request(self) -> None:
        super().handle_warm_shutdown_request()  # type: ignore[no-untyped-call]
        if self.horse_pid:
            try:
                os.kill(self.horse_pid, DRAIN_SIGNAL)
                self.log.info(
                    "Worker %s: asked job horse %s to drain at its next step", self.name, self.horse_pid
                )
            except ProcessLookupError:
                pass

    def execute_job(self, job: Job, queue: Queue) -> None:
        try:
            super().execute_job(job, queue)
        finally:
            if not self._is_horse and self._tdm_horse_pid:
                try:
                    outcome = after_work_horse(job.id, self._tdm_horse_pid)
                    if outcome not in ("settled", "alive"):
                        self.log.warning(
                            "Worker %s: job %s after its horse exited: %s", self.name, job.id, outcome
                        )
                except StopRequested:
                    raise  # a shutdown signal arrived meanwhile: RQ's work loop must see it
                except Exception as exc:  # the sweeper will settle it later
                    self.log.warning(
                        "Worker %s: could not settle job %s: %s", self.name, job.id, safe_error(exc)
                    )


class TDMWorkerPool(WorkerPool):
    """RQ's WorkerPool with our worker class and the sweeper in the supervising process."""

    def __init__(self, queue_name: str, *, num_workers: int, settings: OrchestratorSettings) -> None:
        runtime = get_runtime()
        super().__init__(
            [queue_name], connection=runtime.redis, num_workers=num_workers, worker_class=TDMWorker
        )
        self.settings = settings
        self._next_sweep = 0.0

    def run_sweeper(self) -> None:
        try:
            sweep()
        except Exception as exc:  # Redis/PostgreSQL briefly away: try again next time
            log.warning("sweeper pass failed: %s", safe_error(exc))
        finally:
            self._next_sweep = time.monotonic() + self.settings.tdm_sweep_interval_seconds

    def check_workers(self, respawn: bool = True) -> None:
        super().check_workers(respawn=respawn)
        if self.status != self.Status.STOPPED and time.monotonic() >= self._next_sweep:
            self.run_sweeper()

    def start_workers(self, burst: bool = True, _sleep: float = 0, logging_level: str = "INFO") -> None:
        # Sweep before the first worker exists: jobs a crashed pool left behind are queued again
        # and picked up by this pool's own workers.
        self.run_sweeper()
        super().start_workers(burst=burst, _sleep=_sleep, logging_level=logging_level)


def warm_up(settings: OrchestratorSettings) -> None:
    """Do once, before any fork, what every job would otherwise do again in its fresh horse."""
    from sqlalchemy.orm import configure_mappers

    from tdm_orchestrator.graphs.master import compile_master

    configure_mappers()
    compile_master(None, settings)
    with get_runtime().session() as session:  # initializes the dialect of the shared engine
        session.connection()
    gc.collect()
    gc.freeze()


def run_workers(
    processes: int = 1,
    *,
    burst: bool = False,
    queue_name: str | None = None,
    log_level: str | None = None,
) -> None:
    """Run a pool of `processes` workers until stopped (or, with `burst`, until the queue is empty)."""
    settings = OrchestratorSettings.load()
    level = (log_level or settings.log_level).upper()
    logging.basicConfig(level=level, format="%(asctime)s %(process)d %(name)s %(levelname)s %(message)s")
    if processes < 1:
        raise SystemExit("--processes must be at least 1")
    ensure_checkpoint_tables(settings.database_url)
    warm_up(settings)
    pool = TDMWorkerPool(queue_name or settings.tdm_queue_name, num_workers=processes, settings=settings)
    log.info(
        "tdm-worker: %d process(es) on queue %r%s",
        processes,
        queue_name or settings.tdm_queue_name,
        " (burst)" if burst else "",
    )
    try:
        pool.start(burst=burst, logging_level=level)
    finally:
        reset_runtime()


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="tdm-worker", description="Run TDM job workers (RQ) with the sweeper."
    )
    parser.add_argument(
        "-n", "--processes", type=int, default=int(os.environ.get("TDM_WORKER_PROCESSES", "1"))
    )
    parser.add_argument("--burst", action="store_true", help="exit once the queue is empty")
    parser.add_argument("--queue", default=None, help="queue name (default: TDM_QUEUE_NAME or tdm-jobs)")
    parser.add_argument("--log-level", default=None, help="DEBUG, INFO, WARNING, ... (default: LOG_LEVEL)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> Any:
    args = _parse(argv if argv is not None else sys.argv[1:])
    run_workers(args.processes, burst=args.burst, queue_name=args.queue, log_level=args.log_level)
    return 0
