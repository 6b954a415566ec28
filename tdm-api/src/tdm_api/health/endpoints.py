"""Liveness and readiness probes: no authentication, no secrets in the answers."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from tdm_api.errors import problem
from tdm_api.health.schemas import Health, Readiness
from tdm_api.health.service import OK, run_checks

router = APIRouter(tags=["health"])


def api_version() -> str:
    try:
        return version("tdm-api")
    except PackageNotFoundError:  # running from a source tree without metadata
        return "0+unknown"


@router.get("/health", response_model=Health)
async def get_health() -> Health:
    """Liveness: the process answers. Checks no dependency (that is /ready's job) and runs on the event
    loop: it answers even when every worker thread and pooled connection is busy."""
    return Health(status="ok", version=api_version())


@router.get(
    "/ready",
    response_model=Readiness,
    responses={503: {"description": "A dependency is unavailable; `checks` says which."}},
)
async def get_readiness(request: Request) -> Readiness | JSONResponse:
    """Readiness: PostgreSQL, Redis and S3 all answer. 503 names the ones that did not."""
    settings = request.app.state.settings
    checks = await run_checks(request.app.state.readiness_checks, settings.tdm_api_ready_timeout_seconds)
    failed = [name for name, result in checks.items() if result != OK]
    if failed:
        return problem(
            503,
            title="Not ready",
            slug="not-ready",
            detail=f"unavailable: {', '.join(failed)}",
            instance=request.url.path,
            headers={"Retry-After": "5"},
            extra={"checks": checks},
        )
    return Readiness(status="ok", checks=checks)
