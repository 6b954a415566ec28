"""`tdm worker --processes N --burst`: the CLI runs a pool of N workers that share the queue."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine
from tdm_orchestrator import enqueue_job
from tdm_orchestrator.graphs.schema_discovery import NODE_NAMES

from tests.integration.orchestrator.support import create_job, node_counts, wait_for_status

TDM_BIN = str(Path(sys.executable).with_name("tdm"))


def test_tdm_worker_command_runs_a_pool_that_completes_every_job_once(
    orchestrator_env: dict[str, str], engine: Engine, shop_db: str
) -> None:
    job_ids = [
        create_job(engine, {"discover": {"connection_string": shop_db, "include_stats": False}})
        for _ in range(6)
    ]
    assert all(enqueue_job(job_id) for job_id in job_ids)
    done = subprocess.run(
        [TDM_BIN, "worker", "--processes", "2", "--burst"],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    assert output.count("Starting worker started with PID") == 2
    for job_id in job_ids:
        assert wait_for_status(engine, job_id, {"completed"}, timeout=5).attempts == 1
        completed = node_counts(engine, job_id, "node_completed")
        assert all(completed[node] == 1 for node in NODE_NAMES), completed


def test_tdm_worker_rejects_a_pool_without_processes() -> None:
    done = subprocess.run(
        [TDM_BIN, "worker", "--processes", "0"], capture_output=True, text=True, check=False
    )
    assert done.returncode != 0
    assert "--processes" in done.stdout + done.stderr
