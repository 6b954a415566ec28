"""The MariaDB/MySQL server the tests of the second source dialect use (TDM_TEST_MYSQL_URL)."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

import pymysql
import pytest

MYSQL_URL = os.environ.get("TDM_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test")


def mysql_server() -> Any:
    """An autocommit connection to the server; skips the test when nothing answers (fails under
    TDM_TEST_REQUIRE_MYSQL, as in CI, where these tests must run)."""
    parts = urlsplit(MYSQL_URL)
    try:
        return pymysql.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 3306,
            user=parts.username or "root",
            password=parts.password or "",
            connect_timeout=3,
            autocommit=True,
        )
    except pymysql.err.MySQLError as exc:
        where = f"{parts.hostname}:{parts.port or 3306}"
        message = (
            f"MariaDB/MySQL is not reachable at {where} ({exc.args[0]}): start it or set TDM_TEST_MYSQL_URL"
        )
        if os.environ.get("TDM_TEST_REQUIRE_MYSQL"):
            pytest.fail(message)
        pytest.skip(message)


def database_url(dbname: str) -> str:
    return urlsplit(MYSQL_URL)._replace(path=f"/{dbname}").geturl()
