"""The FastAPI application: every router under /api/v1, problem+json errors, API-key auth, and the
portal's built files under /ui.

`create_app()` is a factory (uvicorn `--factory`, tests); `run()` is the `tdm-api` console script.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import anyio
from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline
from sqlalchemy import Engine
from tdm_metadata_store.db import make_engine, session_factory
from tdm_metadata_store.settings import MetadataStoreSettings
from tdm_orchestrator.registry import AGENTS
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
from tdm_api.kit.admission import AdmissionMiddleware
from tdm_api.kit.limits import RequestLimitsMiddleware
from tdm_api.kit.openapi import install_openapi
from tdm_api.kit.routes import API_PREFIX
from tdm_api.masking_rules import endpoints as masking_rules
from tdm_api.pii import endpoints as pii
from tdm_api.portal import mount_portal
from tdm_api.schema_catalog import endpoints as schema_catalog
from tdm_api.synthetic import endpoints as synthetic


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
        synthetic.router,
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


@lru_cache(maxsize=8)
def api_engine(database_url: str, *, pool_size: int, max_overflow: int, pool_timeout: float) -> Engine:
    """The API process's engine (one per URL and pool shape: apps made again in one process share it)."""
    return make_engine(
        database_url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=pool_timeout,
        application_name="tdm-api",
    )


def _lifespan(settings: ApiSettings) -> Any:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Sync endpoints run on anyio's default thread limiter: as many threads as pooled connections,
        # so a burst of requests queues for a thread (cheap) rather than for a connection.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.tdm_api_threads
        yield

    return lifespan


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
        lifespan=_lifespan(settings),
    )
    engine = api_engine(
        MetadataStoreSettings.load().database_url,
        pool_size=settings.tdm_api_threads,
        max_overflow=settings.tdm_api_db_pool_overflow,
        pool_timeout=settings.tdm_api_db_pool_timeout_seconds,
    )
    # One engine per API process: requests, job submission and job control share its pool.
    use_engine(engine)
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = session_factory(engine)
    app.state.readiness_checks = default_checks(engine, S3Probe())
    app.state.presigner = Presigner()
    app.add_middleware(
        AdmissionMiddleware,
        limit=settings.tdm_api_threads,
        wait_seconds=settings.tdm_api_admission_wait_seconds,
    )
    app.add_middleware(
        RequestLimitsMiddleware,
        max_body_bytes=settings.tdm_api_max_body_bytes,
        max_json_depth=settings.tdm_api_max_json_depth,
    )
    # Added last, so outermost: an error in the limits or the admission above is a problem too.
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
    submit_paths = {f"{API_PREFIX}{agent.contract.route}" for agent in AGENTS} | {f"{API_PREFIX}/pipeline"}
    install_openapi(app, submit_paths)
    # The self-service portal's built files at /ui (and / redirects there); not in the OpenAPI document.
    mount_portal(app)
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
