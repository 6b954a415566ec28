"""One error hierarchy for the whole platform; each error knows its HTTP status.

The API turns any `TDMError` into an RFC 7807 problem+json body; the worker records `detail` as the
failure reason of a job. Messages must never contain secrets or raw PII: build them from names, ids and
redacted URLs only (see `tdm_core.redaction`).
"""

from __future__ import annotations

from typing import Any


class TDMError(Exception):
    status_code: int = 500
    title: str = "Internal error"
    # Transient errors (network, 429, 5xx of a dependency) may be retried; the rest never are.
    retryable: bool = False

    def __init__(self, detail: str, *, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []

    @property
    def type_slug(self) -> str:
        return self.title.lower().replace(" ", "-")


class BadRequestError(TDMError):
    status_code = 400
    title = "Bad request"


class InvalidInputError(TDMError):
    status_code = 422
    title = "Invalid input"


class AuthenticationError(TDMError):
    status_code = 401
    title = "Unauthorized"


class PermissionDeniedError(TDMError):
    status_code = 403
    title = "Forbidden"


class NotFoundError(TDMError):
    status_code = 404
    title = "Not found"


class ConflictError(TDMError):
    status_code = 409
    title = "Conflict"


class LockedError(ConflictError):
    title = "Resource locked"


class DependencyUnavailableError(TDMError):
    """A service we depend on (database, Redis, S3, LLM) did not answer: worth a retry."""

    status_code = 503
    title = "Service unavailable"
    retryable = True


class ConfigurationError(TDMError):
    status_code = 500
    title = "Configuration error"
