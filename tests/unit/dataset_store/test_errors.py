"""S3 failures become platform errors with the right status and no secret in the text."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError
from tdm_core.errors import ConfigurationError, DependencyUnavailableError, NotFoundError, TDMError
from tdm_dataset_store.errors import Scrubber, translate

SECRET = "s3cr3t-Value-xyz"


def _client_error(code: str, status: int, message: str = "") -> ClientError:
    response: Any = {
        "Error": {"Code": code, "Message": message},
        "ResponseMetadata": {"HTTPStatusCode": status},
    }
    return ClientError(response, "GetObject")


def _translate(exc: BaseException) -> TDMError:
    return translate(
        exc, action="reading table 'orders'", endpoint="http://s3:9000", bucket="b", scrub=Scrubber(SECRET)
    )


@pytest.mark.parametrize(
    ("exc", "expected", "status"),
    [
        (_client_error("NoSuchKey", 404), NotFoundError, 404),
        (_client_error("404", 404), NotFoundError, 404),
        (_client_error("NoSuchBucket", 404), ConfigurationError, 500),
        (_client_error("SignatureDoesNotMatch", 403), ConfigurationError, 500),
        (_client_error("InvalidAccessKeyId", 403), ConfigurationError, 500),
        (_client_error("SlowDown", 503), DependencyUnavailableError, 503),
        (_client_error("InternalError", 500), DependencyUnavailableError, 503),
        (EndpointConnectionError(endpoint_url="http://s3:9000"), DependencyUnavailableError, 503),
        (NoCredentialsError(), ConfigurationError, 500),
    ],
)
def test_mapping(exc: BaseException, expected: type[TDMError], status: int) -> None:
    error = _translate(exc)
    assert type(error) is expected
    assert error.status_code == status
    assert "reading table 'orders'" in error.detail


def test_unavailable_endpoint_is_retryable() -> None:
    assert _translate(EndpointConnectionError(endpoint_url="http://s3:9000")).retryable


def test_secret_echoed_by_a_server_is_scrubbed() -> None:
    error = _translate(_client_error("WeirdError", 400, f"bad request, key={SECRET} and again {SECRET}"))
    assert SECRET not in error.detail
    assert "WeirdError" in error.detail
