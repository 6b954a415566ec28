"""Server-Sent Events for one job: replay its Redis stream, then follow it live until the job ends.

- Replay starts at the beginning of the stream, or after the id in `Last-Event-ID` (a reconnecting
  browser sends it), so a client never misses or repeats an event. Stream ids are the SSE ids.
- While nothing happens a comment line (`: keep-alive`) goes out every few seconds, so proxies do not
  close the idle connection, and the job row is checked: a job that ended without its terminal event
  reaching the stream (trimmed, expired) still ends the SSE stream, with a final `status` event.
- When the stream has expired (Redis keeps it for the job-state TTL) the job's logs in PostgreSQL are
  replayed instead, with ids `log-<n>`, followed by the final status.

Redis reads block in worker threads with their own limiter: many open streams must not use up the
thread pool that serves ordinary (sync) endpoints.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import anyio
import redis
from anyio import CapacityLimiter
from sqlalchemy.orm import Session
from tdm_cache.events import JobEvents
from tdm_core.errors import InvalidInputError
from tdm_metadata_store.repositories.jobs import TERMINAL_STATUSES, JobRepository

LOG_ID_PREFIX = "log-"
MAX_LOG_REPLAY = 10_000
READ_BATCH = 200
# Reconnect delay suggested to the browser (ms) when the stream is cut.
RETRY_MS = 3000
# The worker's final events (tdm_orchestrator.events): after one of these nothing more is published.
TERMINAL_EVENT_TYPES = frozenset({"job_completed", "job_failed", "job_cancelled"})

_limiter: CapacityLimiter | None = None


def sse_limiter() -> CapacityLimiter:
    # Created lazily: a CapacityLimiter must be made inside the running event loop.
    global _limiter  # noqa: PLW0603
    if _limiter is None:
        _limiter = CapacityLimiter(200)
    return _limiter


def format_event(*, data: Any, event: str | None = None, event_id: str | None = None) -> bytes:
    lines = []
    if event_id is not None:
        lines.append(f"id: {event_id}")
    if event is not None:
        lines.append(f"event: {_single_line(event)}")
    payload = json.dumps(data, separators=(",", ":"), default=str)
    lines.append(f"data: {payload}")  # json.dumps never emits a raw newline
    return ("\n".join(lines) + "\n\n").encode("utf-8")


def _single_line(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")[:100]


def event_type(event: dict[str, Any]) -> str:
    kind = event.get("type") or event.get("event") or "message"
    return str(kind)


def is_terminal(event: dict[str, Any]) -> bool:
    return event_type(event) in TERMINAL_EVENT_TYPES


@dataclass(frozen=True)
class StreamStart:
    """Where to begin: after a stream id, or after the n-th replayed log line (`log-<n>`)."""

    stream_after: str = "0"
    log_after: int | None = None


def parse_last_event_id(value: str | None) -> StreamStart:
    if not value:
        return StreamStart()
    value = value.strip()
    if value.startswith(LOG_ID_PREFIX):
        number = value[len(LOG_ID_PREFIX) :]
        if number.isdigit():
            return StreamStart(log_after=int(number))
    elif value == "0" or _is_stream_id(value):
        return StreamStart(stream_after=value)
    raise InvalidInputError(
        "Last-Event-ID is not an id this stream sent",
        errors=[
            {
                "loc": ["header", "Last-Event-ID"],
                "msg": "expected a stream id such as 1700000000000-0 or log-<n>",
            }
        ],
    )


def _is_stream_id(value: str) -> bool:
    ms, _, seq = value.partition("-")
    return ms.isdigit() and (seq == "" or seq.isdigit()) and len(value) <= 40


@dataclass
class JobEventStream:
    job_id: uuid.UUID
    start: StreamStart
    redis_client: redis.Redis
    session_factory: Callable[[], Session]
    keepalive_seconds: float
    max_seconds: float

    def _job_snapshot(self) -> dict[str, Any] | None:
        with self.session_factory() as session:
            job = JobRepository(session).get(self.job_id)
            if job is None:
                return None
            return {
                "type": "status",
                "job_id": str(job.id),
                "status": job.status,
                "operation": job.operation,
                "current_node": job.current_node,
                "error": job.error,
                "finished_at": job.finished_at.isoformat() if job.finished_at else None,
            }

    def _logs(self, after: int) -> list[tuple[int, dict[str, Any]]]:
        with self.session_factory() as session:
            rows = JobRepository(session).logs(self.job_id, limit=MAX_LOG_REPLAY)
            return [
                (
                    number,
                    {
                        # The worker records each event's type in the log row's details.
                        "type": (row.details or {}).get("event") or "log",
                        "level": row.level,
                        "message": row.message,
                        "node": row.node,
                        "details": row.details,
                        "created_at": row.created_at.isoformat(),
                    },
                )
                for number, row in enumerate(rows, start=1)
                if number > after
            ]

    async def _thread(self, fn: Callable[[], Any]) -> Any:
        return await anyio.to_thread.run_sync(fn, limiter=sse_limiter(), abandon_on_cancel=True)

    async def iterate(self) -> AsyncIterator[bytes]:
        events = JobEvents(self.redis_client)
        yield f"retry: {RETRY_MS}\n\n".encode()
        after = self.start.stream_after
        if self.start.log_after is not None or (
            after == "0" and await self._thread(lambda: events.last_id(self.job_id)) is None
        ):
            # No stream (expired, or nothing published yet). A finished job is replayed from its logs;
            # a job still waiting in the queue is followed live from the start of its future stream.
            snapshot = await self._thread(self._job_snapshot)
            if snapshot is not None and (
                snapshot["status"] in TERMINAL_STATUSES or self.start.log_after is not None
            ):
                for number, line in await self._thread(lambda: self._logs(self.start.log_after or 0)):
                    yield format_event(data=line, event=line["type"], event_id=f"{LOG_ID_PREFIX}{number}")
                if snapshot["status"] in TERMINAL_STATUSES:
                    yield format_event(data=snapshot, event="status")
                    return
        deadline = time.monotonic() + self.max_seconds
        block_ms = max(1, int(self.keepalive_seconds * 1000))
        while time.monotonic() < deadline:
            batch: list[tuple[str, dict[str, Any]]] = await self._thread(
                partial(events.read, self.job_id, after_id=after, block_ms=block_ms, count=READ_BATCH)
            )
            for stream_id, event in batch:
                after = stream_id
                yield format_event(data=event, event=event_type(event), event_id=stream_id)
                if is_terminal(event):
                    return
            if batch:
                continue
            yield b": keep-alive\n\n"
            snapshot = await self._thread(self._job_snapshot)
            if snapshot is None:
                return
            if snapshot["status"] in TERMINAL_STATUSES:
                # Ended without a terminal event in the stream: drain what is left, then say so.
                rest = await self._thread(partial(events.read, self.job_id, after_id=after, count=READ_BATCH))
                for stream_id, event in rest:
                    yield format_event(data=event, event=event_type(event), event_id=stream_id)
                    if is_terminal(event):
                        return
                yield format_event(data=snapshot, event="status")
                return
