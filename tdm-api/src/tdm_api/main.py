"""The FastAPI application: every router under /api/v1, problem+json errors, API-key auth.

`create_app()` is a factory (uvicorn `--factory`, tests); `run()` is the `tdm-api` console script.
"""

from __future__ import annotations

import logging
from collections import Counter
from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline
from tdm_metadata_store.db import get_engine, session_factory
from tdm_orchestrator.runtime import use_engine

from tdm_api.apikeys import endpoints as apikeys
from tdm_api.config import ApiSettings
from tdm_api.connections import endpoints as connections
from tdm_api.datasets import endpoints as datasets
from tdm_api.datasets.service import Presigner
from tdm_api.environments import endpoints as environments
from tdm_api.errors import install_error_handlers
from tdm_api.health import endpoints as health
from tdm_api.health.service import S3Probe, default_checks
from tdm_api.jobs import endpoints as jobs
from tdm_api.jobs import submit
from tdm_api.kit.routes import API_PREFIX
from tdm_api.masking_rules import endpoints as masking_rules
from tdm_api.pii import endpoints as pii
from tdm_api.schema_catalog import endpoints as schema_catalog


def routers() -> tuple[APIRouter, ...]:
    return (
        health.router,
        submit.build_router(),
        jobs.router,
        schema_catalog.router,
        pii.router,
        datasets.router,
        datasets.lineage_router,
        masking_rules.router,
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
    # Swagger UI's JavaScript and CSS come from the installed fastapi-offline package, not a CDN: the
    # docs render on a machine without internet.
    app = FastAPIOffline(
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
        static_url=f"{API_PREFIX}/docs-assets",
        generate_unique_id_function=operation_id,
    )
    engine = get_engine()
    # One engine per API process: requests, job submission and job control share its pool.
    use_engine(engine)
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
    mounted = routers()
    for router in mounted:
        app.include_router(router, prefix=API_PREFIX)
    _check_operation_ids(mounted)
    return app


def _check_operation_ids(mounted: tuple[APIRouter, ...]) -> None:
    # Two endpoints with one function name would silently share an operation id in the client.
    routes = [route for router in mounted for route in router.routes if isinstance(route, APIRoute)]
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
