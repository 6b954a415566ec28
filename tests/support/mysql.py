"""The MariaDB/MySQL server the tests of the second source dialect use (TDM_TEST_MYSQL_URL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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


@contextmanager
def source_and_target(statements: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(source URL, empty target URL): two new databases on the server, the source filled by
    `statements`; both dropped afterwards (and the source engines disposed)."""
    from tdm_agents.common.sources import dispose_source_engines

    server = mysql_server()
    source, target = f"tdm_src_{uuid.uuid4().hex[:10]}", f"tdm_env_{uuid.uuid4().hex[:10]}"
    try:
        with server.cursor() as cur:
            cur.execute(f"CREATE DATABASE {source}")
            cur.execute(f"CREATE DATABASE {target}")
            cur.execute(f"USE {source}")
            for statement in statements:
                cur.execute(statement)
        yield database_url(source), database_url(target)
    finally:
        dispose_source_engines()
        with server.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {source}")
            cur.execute(f"DROP DATABASE IF EXISTS {target}")
        server.close()
