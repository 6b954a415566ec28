"""Readiness: can this API instance reach PostgreSQL, Redis and S3 right now?

Each check runs in a worker thread with a deadline, so one hanging dependency cannot hang the probe.
Results name the dependency and say "ok" or why not in a few words (an error class, never a URL).
"""

from __future__ import annotations

from collections.abc import Callable

import anyio
from sqlalchemy import Engine, text
from tdm_cache.client import check_redis
from tdm_core.errors import TDMError
from tdm_dataset_store import DatasetStore

OK = "ok"


def check_postgres(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


class S3Probe:
    """HEAD of the dataset bucket, reusing one DatasetStore (and boto3 client) across probes."""

    def __init__(self) -> None:
        self._store: DatasetStore | None = None

    def __call__(self) -> None:
        if self._store is None:
            self._store = DatasetStore.load()
        store = self._store
        with store.s3_call(f"checking bucket {store.bucket!r}"):
            store.client.head_bucket(Bucket=store.bucket)


def _reason(exc: BaseException) -> str:
    # Only the class name: driver messages can contain hosts, users or (badly configured) passwords.
    if isinstance(exc, TDMError):
        return f"unavailable ({exc.title.lower()})"
    return f"unavailable ({type(exc).__name__})"


async def run_checks(checks: dict[str, Callable[[], None]], timeout: float) -> dict[str, str]:
    results: dict[str, str] = {}

    async def one(name: str, check: Callable[[], None]) -> None:
        results[name] = f"unavailable (no answer within {timeout:g}s)"
        with anyio.move_on_after(timeout):
            try:
                await anyio.to_thread.run_sync(check, abandon_on_cancel=True)
            except Exception as exc:
                results[name] = _reason(exc)
            else:
                results[name] = OK

    async with anyio.create_task_group() as group:
        for name, check in checks.items():
            group.start_soon(one, name, check)
    return {name: results[name] for name in checks}


def default_checks(engine: Engine, s3: S3Probe) -> dict[str, Callable[[], None]]:
    return {
        "postgres": lambda: check_postgres(engine),
        "redis": check_redis,
        "s3": s3,
    }
