"""LangGraph checkpoints in the metadata database (PostgresSaver, thread_id = job_id).

One connection per job run: the work horse that runs a job opens it and closes it at the end, so
nothing is shared across a fork. The checkpoint tables are created once (`ensure_checkpoint_tables`)
under an advisory lock, since several workers may start at the same moment.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from langgraph.checkpoint.postgres import PostgresSaver
from psycopg.rows import DictRow, dict_row
from tdm_core.errors import DependencyUnavailableError
from tdm_core.redaction import redact_text, redact_url
from tdm_metadata_store.settings import libpq_url

# pg_advisory_lock key: workers starting together create the checkpoint tables one at a time.
SETUP_LOCK_KEY = 0x7D4D_0C4B
_ready: set[str] = set()
_ready_lock = threading.Lock()


def connect(database_url: str) -> psycopg.Connection[DictRow]:
    """The connection settings PostgresSaver requires (autocommit, dict rows, no prepared statements)."""
    try:
        return psycopg.connect(
            libpq_url(database_url),
            autocommit=True,
            prepare_threshold=0,
            row_factory=dict_row,
            connect_timeout=10,
            application_name="tdm-worker-checkpoints",
        )
    except psycopg.OperationalError as exc:
        raise DependencyUnavailableError(
            f"cannot open the checkpoint store at {redact_url(database_url)}: {redact_text(str(exc)).strip()}"
        ) from None


def ensure_checkpoint_tables(database_url: str) -> None:
    """Create/migrate LangGraph's checkpoint tables once per process (idempotent, race-free)."""
    with _ready_lock:
        if database_url in _ready:
            return
        with connect(database_url) as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (SETUP_LOCK_KEY,))
            try:
                PostgresSaver(conn).setup()
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (SETUP_LOCK_KEY,))
        _ready.add(database_url)


@contextmanager
def open_checkpointer(database_url: str) -> Iterator[PostgresSaver]:
    ensure_checkpoint_tables(database_url)
    with connect(database_url) as conn:
        yield PostgresSaver(conn)


def thread_config(job_id: str) -> dict[str, Any]:
    return {"configurable": {"thread_id": job_id}}


def delete_checkpoints(database_url: str, job_id: str) -> None:
    """Drop a finished job's checkpoints: a completed or cancelled job is never resumed.

    Never creates the tables: the API process calls this on cancel, and LangGraph's setup runs
    CREATE INDEX CONCURRENTLY, which would wait for every open transaction in the database.
    """
    with connect(database_url) as conn:
        row = conn.execute("SELECT to_regclass('checkpoints') IS NOT NULL AS present").fetchone()
        if row and row["present"]:
            PostgresSaver(conn).delete_thread(job_id)
