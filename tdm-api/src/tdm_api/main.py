"""The FastAPI application: every router under /api/v1, problem+json errors, API-key auth.

`create_app()` is a factory (uvicorn `--factory`, tests); `run()` is the `tdm-api` console script.
"""

from __future__ import annotations

import logging
from collections import Counter
from importlib.metadata import PackageNotFoundError, version

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from tdm_metadata_store.db import get_engine, session_factory

from tdm_api.config import ApiSettings
from tdm_api.dependencies import API_PREFIX
from tdm_api.errors import install_error_handlers
from tdm_api.routers import (
    apikeys,
    connections,
    datasets,
    discover,
    environments,
    health,
    jobs,
    lineage,
    mask,
    pii,
    pipeline,
    provision,
    rules,
    schemas,
    subset,
    synthetic,
)
from tdm_api.services.downloads import Presigner
from tdm_api.services.readiness import S3Probe, default_checks

ROUTERS = (
    health.router,
    discover.router,
    pii.router,
    subset.router,
    mask.router,
    synthetic.router,
    provision.router,
    pipeline.router,
    jobs.router,
    schemas.router,
    datasets.router,
    rules.router,
    lineage.router,
    environments.router,
    connections.router,
    apikeys.router,
)


def operation_id(route: APIRoute) -> str:
    """Stable OpenAPI operation id = the endpoint function's name (e.g. `submit_subset_job`).

    A generated TypeScript client then gets `submitSubsetJob()`, unchanged when paths or tags move.
    """
    return route.name


def _api_version() -> str:
    try:
        return version("tdm-api")
    except PackageNotFoundError:
        return "0+unknown"


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    settings = settings or ApiSettings.load()
    app = FastAPI(
        title="TDM platform API",
        version=_api_version(),
        description=(
            "Test data management: schema discovery, PII classification, subsetting, masking, synthetic "
            "data and provisioning, run as queued jobs. Authenticate with the `X-API-Key` header. "
            "Errors are RFC 7807 `application/problem+json`."
        ),
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        generate_unique_id_function=operation_id,
    )
    engine = get_engine()
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = session_factory(engine)
    app.state.readiness_checks = default_checks(engine, S3Probe())
    app.state.presigner = Presigner()
    install_error_handlers(app)
    if settings.tdm_api_cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.tdm_api_cors_origins,
            allow_methods=["GET", "POST", "PUT", "DELETE"],
            allow_headers=["X-API-Key", "Content-Type", "Idempotency-Key", "Last-Event-ID"],
            expose_headers=["Location", "Idempotent-Replayed"],
        )
    for router in ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
    _check_operation_ids()
    return app


def _check_operation_ids() -> None:
    # Two endpoints with one function name would silently share an operation id in the client.
    routes = [route for router in ROUTERS for route in router.routes if isinstance(route, APIRoute)]
    names = Counter(route.name for route in routes)
    duplicates = sorted(name for name, count in names.items() if count > 1)
    if duplicates:
        raise RuntimeError(f"duplicate OpenAPI operation ids: {', '.join(duplicates)}")


def run() -> None:
    """`tdm-api`: serve with uvicorn on TDM_API_HOST:TDM_API_PORT (default 127.0.0.1:8000)."""
    import uvicorn

    settings = ApiSettings.load()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    uvicorn.run(
        "tdm_api.main:create_app",
        factory=True,
        host=settings.tdm_api_host,
        port=settings.tdm_api_port,
        log_level=settings.log_level.lower(),
    )
