"""Turn boto3/botocore failures into the platform's error hierarchy, with no secret in the text."""

from __future__ import annotations

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    HTTPClientError,
    NoCredentialsError,
    PartialCredentialsError,
    ReadTimeoutError,
)
from botocore.exceptions import (
    ConnectionError as BotoConnectionError,
)
from tdm_core.errors import (
    ConfigurationError,
    DependencyUnavailableError,
    NotFoundError,
    TDMError,
)
from tdm_core.redaction import redact_text

_NOT_FOUND_CODES = frozenset({"NoSuchKey", "404", "NotFound", "NoSuchUpload"})
_AUTH_CODES = frozenset(
    {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "403", "Forbidden", "InvalidToken"}
)
# What a call to S3 may raise besides our own errors; everything else is a bug and propagates as is.
S3_ERRORS: tuple[type[BaseException], ...] = (BotoCoreError, ClientError, OSError)

_THROTTLE_CODES = frozenset({"SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "503", "500"})


class Scrubber:
    """Removes the configured secret (and URL/key=value passwords) from any message we build."""

    def __init__(self, *secrets: str | None) -> None:
        self._secrets = [s for s in secrets if s]

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return redact_text(text)


def s3_error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def is_not_found(exc: BaseException) -> bool:
    if not isinstance(exc, ClientError):
        return False
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return s3_error_code(exc) in _NOT_FOUND_CODES or (status == 404 and s3_error_code(exc) != "NoSuchBucket")


def translate(  # noqa: PLR0911 - one return per error family reads best
    exc: BaseException, *, action: str, endpoint: str, bucket: str, scrub: Scrubber
) -> TDMError:
    """Map one S3 failure to a TDMError. `action` says what we were doing, e.g. "reading table x"."""
    if isinstance(exc, TDMError):
        return exc
    where = f"S3 at {endpoint}, bucket {bucket!r}"
    if isinstance(exc, ClientError):
        code = s3_error_code(exc)
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code == "NoSuchBucket":
            return ConfigurationError(
                f"{action}: bucket {bucket!r} does not exist on {endpoint} (create it with ensure_bucket())"
            )
        if is_not_found(exc):
            return NotFoundError(f"{action}: not found in {where}")
        if code in _AUTH_CODES or status == 403:
            return ConfigurationError(
                f"{action}: {where} refused the credentials ({code or status}); "
                "check MINIO_ACCESS_KEY/MINIO_SECRET_KEY or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
            )
        if code in _THROTTLE_CODES or (isinstance(status, int) and status >= 500):
            return DependencyUnavailableError(f"{action}: {where} is unavailable ({code or status})")
        message = str(exc.response.get("Error", {}).get("Message", "")) or str(exc)
        return DependencyUnavailableError(f"{action}: {where} failed with {code or status}: {scrub(message)}")
    if isinstance(exc, NoCredentialsError | PartialCredentialsError):
        return ConfigurationError(
            f"{action}: no S3 credentials found; set MINIO_ACCESS_KEY/MINIO_SECRET_KEY "
            "or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
        )
    if isinstance(exc, BotoConnectionError | HTTPClientError | ReadTimeoutError):
        return DependencyUnavailableError(f"{action}: cannot reach {where} ({type(exc).__name__})")
    if isinstance(exc, BotoCoreError):
        return DependencyUnavailableError(f"{action}: {where} failed: {scrub(str(exc))}")
    return DependencyUnavailableError(f"{action}: {where} failed: {type(exc).__name__}: {scrub(str(exc))}")
