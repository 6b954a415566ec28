"""RFC 7807 problem+json for every error the API returns.

One place turns every failure into the same body shape, `{type, title, status, detail, instance}` plus
`errors` (a list naming each bad field by location) when input was wrong. Nothing here echoes request
input: validation errors drop pydantic's `input`/`ctx`, TDM errors are redacted once more, and unexpected
exceptions get a generic detail while the (redacted) traceback goes to the server log only.
"""

from __future__ import annotations

import logging
import traceback
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from tdm_core.errors import TDMError
from tdm_core.redaction import redact_text

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "urn:tdm:problem:"
WWW_AUTHENTICATE = 'APIKey realm="tdm", header="X-API-Key"'

log = logging.getLogger("tdm_api.errors")


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_MEDIA_TYPE


def problem(
    status: int,
    *,
    detail: str,
    title: str | None = None,
    slug: str | None = None,
    instance: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> ProblemResponse:
    phrase = _phrase(status)
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + (slug or phrase.lower().replace(" ", "-")),
        "title": title or phrase,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    if extra:
        body.update(extra)
    return ProblemResponse(jsonable_encoder(body), status_code=status, headers=headers)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _loc(loc: Any) -> list[str | int]:
    return [part if isinstance(part, int) else str(part) for part in (loc or ())]


def _safe_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep loc/msg/type only: `input` (and `ctx`) may hold the secret the client just sent."""
    safe: list[dict[str, Any]] = []
    for err in errors:
        entry: dict[str, Any] = {
            "loc": _loc(err.get("loc")),
            "msg": redact_text(str(err.get("msg", ""))).removeprefix("Value error, "),
            "type": str(err.get("type", "value_error")),
        }
        if "field" in err:
            entry["field"] = str(err["field"])
        safe.append(entry)
    return safe


def _describe(errors: list[dict[str, Any]]) -> str:
    parts = []
    for err in errors[:5]:
        where = ".".join(str(p) for p in err["loc"]) or "request"
        parts.append(f"{where}: {err['msg']}")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "; ".join(parts) + more


async def _tdm_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, TDMError)
    headers: dict[str, str] | None = None
    if exc.status_code == 401:
        headers = {"WWW-Authenticate": WWW_AUTHENTICATE}
    elif exc.status_code == 503:
        headers = {"Retry-After": "5"}
    if exc.status_code >= 500:
        log.warning(
            "%s %s -> %s: %s", request.method, request.url.path, exc.status_code, redact_text(exc.detail)
        )
    return problem(
        exc.status_code,
        title=exc.title,
        slug=exc.type_slug,
        detail=redact_text(exc.detail),
        instance=request.url.path,
        errors=_safe_errors(exc.errors) if exc.errors else None,
        headers=headers,
    )


async def _validation_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _safe_errors([dict(e) for e in exc.errors()])
    return problem(
        422,
        title="Invalid input",
        slug="invalid-input",
        detail=_describe(errors) or "the request is not valid",
        instance=request.url.path,
        errors=errors,
    )


async def _http_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else _phrase(exc.status_code)
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no route matches {request.method} {request.url.path}"
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}"
    headers = dict(exc.headers) if exc.headers else None
    return problem(exc.status_code, detail=detail, instance=request.url.path, headers=headers)


async def _database_unavailable(request: Request, exc: Exception) -> ProblemResponse:
    # Connection refused, pool exhausted, server restarting: worth a retry, and the message of the
    # driver may contain the URL, so only a redacted first line goes to the log.
    log.warning(
        "%s %s: metadata database unavailable: %s",
        request.method,
        request.url.path,
        redact_text(str(exc)).splitlines()[0] if str(exc) else type(exc).__name__,
    )
    return problem(
        503,
        title="Service unavailable",
        slug="service-unavailable",
        detail="the metadata database is unavailable; retry later",
        instance=request.url.path,
        headers={"Retry-After": "5"},
    )


async def _data_error(request: Request, exc: Exception) -> ProblemResponse:
    # A value from the request that the database refused (out of range, bad encoding, too long): the
    # client's input, not a server fault. The driver's message may quote the value: it is not echoed.
    log.info(
        "%s %s: a value did not fit its column (%s)", request.method, request.url.path, type(exc).__name__
    )
    return problem(
        422,
        title="Invalid input",
        slug="invalid-input",
        detail="a value in the request does not fit the column it is stored in (too long or out of range)",
        instance=request.url.path,
    )


async def _integrity_error(request: Request, exc: Exception) -> ProblemResponse:
    log.info("%s %s: integrity constraint refused the change", request.method, request.url.path)
    return problem(
        409,
        title="Conflict",
        slug="conflict",
        detail="the change conflicts with existing data (a unique name or a reference)",
        instance=request.url.path,
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(TDMError, _tdm_error)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for exc_type in (OperationalError, InterfaceError, PoolTimeoutError):
        app.add_exception_handler(exc_type, _database_unavailable)
    app.add_middleware(UnhandledErrorMiddleware)


class UnhandledErrorMiddleware:
    """Last line: any other exception becomes a generic 500 problem and a redacted log record.

    A pure ASGI middleware rather than an `Exception` handler: Starlette re-raises after calling such a
    handler, and the server would then log the raw traceback (which may hold a connection string).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            path = scope.get("path", "")
            method = scope.get("method", "")
            log.error(
                "unhandled error on %s %s: %s",
                method,
                path,
                redact_text("".join(traceback.format_exception(exc))),
            )
            if started:
                # Headers already went out (a stream broke mid-way): nothing valid can follow.
                return
            status = 500
            detail = "an unexpected error occurred; it was logged on the server"
            if isinstance(exc, DBAPIError) and exc.connection_invalidated:
                status, detail = 503, "the metadata database connection was lost; retry later"
            response = problem(status, detail=detail, instance=path)
            await response(scope, receive, send)
