"""The CLI as a client of a running TDM API: submit a job, follow its events (SSE), read its result.

Used by `tdm demo` (through the stack `tdm up` started) and by the commands CI pipelines call against a
running platform (`tdm provision --api URL`, `tdm pipeline run --api URL`), which need no database,
Redis or S3 credentials: only the API's address and an API key.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

TERMINAL_EVENTS = frozenset({"job_completed", "job_failed", "job_cancelled"})
PRINTED_EVENTS = frozenset(
    {
        "node_completed",
        "node_running",
        "node_failed",
        "node_info",
        "job_requeued",
        "awaiting_approval",
        *TERMINAL_EVENTS,
    }
)
# A job followed longer than this is reported instead of waited on for ever (CI jobs may say more).
JOB_TIMEOUT_SECONDS = 900.0
# A job nobody has started after this long means no worker is running.
QUEUED_PATIENCE_SECONDS = 30.0
KEEP_ALIVE = ":keep-alive"


class ApiError(Exception):
    """A problem the user can act on; the message never contains a secret."""


class ApiClient:
    def __init__(self, base_url: str, key: str, say: Callable[[str], None]) -> None:
        import httpx

        self.base_url = base_url
        self.http = httpx.Client(base_url=base_url, headers={"X-API-Key": key}, timeout=60)
        self.say = say

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self.http.request(method, path, json=body)
        if response.status_code >= 400:
            try:
                problem = response.json()
                detail = problem.get("detail") or problem.get("title")
            except ValueError:
                detail = response.text[:300]
            raise ApiError(f"{method} {path} answered {response.status_code}: {detail}")
        return response.json()

    def follow(
        self, job_id: str, label: str, *, timeout: float = JOB_TIMEOUT_SECONDS, must_complete: bool = True
    ) -> dict[str, Any]:
        """Print the job's progress from its SSE stream until it ends; the job detail afterwards
        (ApiError when it did not complete, unless `must_complete` is False)."""
        last_id: str | None = None
        deadline = time.monotonic() + timeout
        waiting_since = time.monotonic()
        started = False
        ended = False
        while not ended and time.monotonic() < deadline:
            headers = {"Accept": "text/event-stream", **({"Last-Event-ID": last_id} if last_id else {})}
            with self.http.stream("GET", f"/job/{job_id}/events", headers=headers, timeout=120) as response:
                if response.status_code >= 400:
                    raise ApiError(f"GET /job/{job_id}/events answered {response.status_code}")
                for event_id, kind, data in _sse(response.iter_lines()):
                    if kind == KEEP_ALIVE:
                        if not started and time.monotonic() - waiting_since > QUEUED_PATIENCE_SECONDS:
                            self._check_not_stuck(job_id, label)
                        continue
                    started = started or kind != "status"
                    last_id = event_id or last_id
                    # The master graph's own nodes (the dispatcher runs before and after each step) are
                    # plumbing; the agents' nodes are the progress a user follows.
                    if kind in PRINTED_EVENTS and data.get("subgraph") != "master":
                        self.say(f"[{label}] {data.get('message', kind)}")
                    if kind in TERMINAL_EVENTS or kind == "status":
                        ended = True
                        break
        detail: dict[str, Any] = self.call("GET", f"/job/{job_id}")
        if must_complete and detail["status"] != "completed":
            reason = detail.get("error") or f"it is {detail['status']}"
            raise ApiError(f"the {label} job {job_id} did not complete: {reason}")
        return detail

    def _check_not_stuck(self, job_id: str, label: str) -> None:
        status = self.call("GET", f"/job/{job_id}")["status"]
        if status == "queued":
            raise ApiError(
                f"the {label} job {job_id} is still queued after {QUEUED_PATIENCE_SECONDS:.0f}s: "
                "no worker is taking jobs. Check `tdm status` (`tdm up` starts one), or run `tdm worker`"
            )


def _sse(lines: Any) -> Any:
    """(id, event, data) per Server-Sent Event; a comment (keep-alive) gives (None, KEEP_ALIVE, {})."""
    event_id: str | None = None
    kind: str | None = None
    data: list[str] = []
    for line in lines:
        if line == "":
            if data:
                yield event_id, kind or "message", json.loads("\n".join(data))
            event_id, kind, data = None, None, []
            continue
        if line.startswith(":"):
            yield None, KEEP_ALIVE, {}
            continue
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "id":
            event_id = value
        elif field == "event":
            kind = value
        elif field == "data":
            data.append(value)
