"""Admission control: at most N requests at a time do database work; the rest wait on the event loop.

Why: a sync FastAPI request hops between worker threads (each dependency, the endpoint, the unit of
work's commit) and holds its pooled connection from the first query to the commit. Under a burst, the
threads fill with requests waiting for a connection while the connections are held by requests waiting
for a thread: both pools are exhausted and everything stalls until the pool timeout (what 100 clients
on GET /jobs did). Letting in no more requests than there are threads -- and the pool holds one
connection per thread -- makes that cycle impossible: an admitted request always gets its thread and
its connection. Waiting requests cost a coroutine each, not a thread; one that waits longer than
TDM_API_ADMISSION_WAIT_SECONDS gets a 503 with Retry-After instead of an open-ended stall.

Not counted: liveness and readiness probes, the API documentation, the portal's static files (`/ui`, no
database at all), and event streams (SSE), which are long-lived and use the database only briefly, in
sessions of their own.
"""

from __future__ import annotations

import asyncio

import anyio
from starlette.types import ASGIApp, Receive, Scope, Send

from tdm_api.errors import problem

_EXEMPT_SUFFIXES = ("/health", "/ready", "/openapi.json", "/events")
_EXEMPT_PARTS = ("/docs",)


def exempt(path: str) -> bool:
    return (
        path.endswith(_EXEMPT_SUFFIXES)
        or any(part in path for part in _EXEMPT_PARTS)
        or path in {"/", "/ui"}
        or path.startswith("/ui/")
    )


class AdmissionMiddleware:
    def __init__(self, app: ASGIApp, *, limit: int, wait_seconds: float) -> None:
        self.app = app
        self.limit = limit
        self.wait_seconds = wait_seconds
        # One semaphore per event loop (a test client runs each app in a loop of its own).
        self._semaphores: dict[int, anyio.Semaphore] = {}

    def _semaphore(self) -> anyio.Semaphore:
        loop = id(asyncio.get_running_loop())
        semaphore = self._semaphores.get(loop)
        if semaphore is None:
            semaphore = self._semaphores[loop] = anyio.Semaphore(self.limit)
        return semaphore

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or exempt(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        semaphore = self._semaphore()
        admitted = False
        with anyio.move_on_after(self.wait_seconds):
            await semaphore.acquire()
            admitted = True
        if not admitted:
            response = problem(
                503,
                title="Service unavailable",
                slug="service-unavailable",
                detail=f"the API is busy: no request slot within {self.wait_seconds:g}s; retry later",
                instance=scope.get("path"),
                headers={"Retry-After": "2"},
            )
            await response(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            semaphore.release()
