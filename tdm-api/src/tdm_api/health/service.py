"""Readiness: can this API instance reach PostgreSQL, Redis and S3 right now, and has it a database
connection to spare?

Each check runs in a thread of its own small pool (not the one busy endpoints queue on) with a
deadline, so neither a hanging dependency nor a saturated API can hang the probe. PostgreSQL is probed
on a connection of its own, outside the request pool, so "the database is down" and "this API's pool is
exhausted" (`api_pool`) are told apart. Results say "ok" or why not in a few words (an error class,
never a URL).
"""

from __future__ import annotations

from collections.abc import Callable

import anyio
from anyio import CapacityLimiter
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool, QueuePool
from tdm_cache.client import check_redis
from tdm_core.errors import TDMError
from tdm_dataset_store import DatasetStore

OK = "ok"


def check_postgres(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def probe_engine(engine: Engine) -> Engine:
    """A connection-per-probe engine to the same database: the probe never waits on the request pool."""
    return create_engine(
        engine.url, poolclass=NullPool, hide_parameters=True, connect_args={"connect_timeout": 3}
    )


def check_pool(engine: Engine) -> None:
    """Fails when every connection of the request pool is in use (requests then wait, then get 503)."""
    pool = engine.pool
    if isinstance(pool, QueuePool):
        capacity = pool.size() + pool._max_overflow
        if pool.checkedout() >= capacity:
            raise PoolExhausted(f"exhausted ({pool.checkedout()} of {capacity} connections in use)")


class PoolExhausted(Exception):  # noqa: N818 - a state reported by name
    pass


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
    if isinstance(exc, PoolExhausted):
        return str(exc)
    if isinstance(exc, TDMError):
        return f"unavailable ({exc.title.lower()})"
    return f"unavailable ({type(exc).__name__})"


_limiter: CapacityLimiter | None = None


def _probe_limiter() -> CapacityLimiter:
    # Made lazily: a CapacityLimiter belongs to the running event loop.
    global _limiter  # noqa: PLW0603
    if _limiter is None:
        _limiter = CapacityLimiter(8)
    return _limiter


async def run_checks(checks: dict[str, Callable[[], None]], timeout: float) -> dict[str, str]:
    results: dict[str, str] = {}

    async def one(name: str, check: Callable[[], None]) -> None:
        results[name] = f"unavailable (no answer within {timeout:g}s)"
        with anyio.move_on_after(timeout):
            try:
                await anyio.to_thread.run_sync(check, abandon_on_cancel=True, limiter=_probe_limiter())
            except Exception as exc:
                results[name] = _reason(exc)
            else:
                results[name] = OK

    async with anyio.create_task_group() as group:
        for name, check in checks.items():
            group.start_soon(one, name, check)
    return {name: results[name] for name in checks}


def default_checks(engine: Engine, s3: S3Probe) -> dict[str, Callable[[], None]]:
    probe = probe_engine(engine)
    return {
        "postgres": lambda: check_postgres(probe),
        "redis": check_redis,
        "s3": s3,
        "api_pool": lambda: check_pool(engine),
    }
