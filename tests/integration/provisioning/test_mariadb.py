"""Provisioning into MariaDB, the second target type: a masked Pagila subset (a PostgreSQL source) loads
with every primary key, unique key and foreign key of the source (on the logical tables: Pagila's
partitioned payment becomes one table), the dataset's row counts, sequences' successor as
AUTO_INCREMENT; what has no MySQL form (arrays, tsvector, a GiST index, a check) is named in the
warnings. A failed smoke check and a row MariaDB refuses leave the database as it was (dump compared).
"""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from tdm_agents.common.sources import dispose_source_engines

from tests.integration.conftest import mask, run_job, subset
from tests.integration.provisioning.conftest import Env
from tests.integration.provisioning.test_pagila import KEYS_SQL, _rows
from tests.support.mysql import database_url, mysql_server

MYSQL_KEYS = """
SELECT c.TABLE_NAME, c.CONSTRAINT_TYPE, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, c.CONSTRAINT_NAME
FROM information_schema.TABLE_CONSTRAINTS c
JOIN information_schema.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA
 AND k.TABLE_NAME = c.TABLE_NAME AND k.CONSTRAINT_NAME = c.CONSTRAINT_NAME
WHERE c.CONSTRAINT_SCHEMA = DATABASE() AND c.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
"""
KINDS = {"PRIMARY KEY": "p", "UNIQUE": "u", "FOREIGN KEY": "f"}


@pytest.fixture
def mariadb_env(environment: Callable[..., Env]) -> Iterator[tuple[Env, Any]]:
    server = mysql_server()
    name = f"tdm_env_{uuid.uuid4().hex[:10]}"
    with server.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name}")
    env = environment(url=database_url(name))
    server.select_db(name)
    try:
        yield env, server
    finally:
        dispose_source_engines()
        with server.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {name}")
        server.close()


@pytest.fixture(scope="module")
def masked_pagila(pagila: tuple[str, str]) -> dict[str, Any]:
    url, version = pagila
    sliced = subset(
        {
            "schema_version_id": version,
            "connection_string": url,
            "root_table": "customer",
            "filters": {"customer": {"store_id": 2}},
            "sampling_pct": 30,
            "seed": 5,
        }
    )
    rules = {"customer.email": "mask.email_deterministic", "customer.last_name": "mask.fake_name"}
    return mask(
        {"dataset_version_id": sliced["dataset_version_id"], "rules": rules, "allow_unmasked_pii": True}
    )


def _mysql_keys(server: Any) -> set[tuple[str, str, tuple[str, ...], str]]:
    with server.cursor() as cur:
        cur.execute(MYSQL_KEYS)
        grouped: dict[tuple[str, str, str, str], list[str]] = {}
        for table, kind, column, parent, name in cur.fetchall():
            grouped.setdefault((table, KINDS[kind], parent or "", name), []).append(column)
    return {
        (table, kind, tuple(sorted(columns)), parent) for (table, kind, parent, _), columns in grouped.items()
    }


def _dump(env: Env) -> str:
    parts = urlsplit(env.url)
    done = subprocess.run(
        [
            "mariadb-dump",
            "-h",
            parts.hostname or "127.0.0.1",
            "-P",
            str(parts.port or 3306),
            "-u",
            parts.username or "root",
            "--skip-dump-date",
            "--skip-comments",
            parts.path.lstrip("/"),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def _provision(env: Env, dataset: str, **options: Any) -> Any:
    return run_job({"provision": {"dataset_version_id": dataset, "target_env": env.name, **options}})


def test_masked_pagila_into_mariadb_with_every_key(
    pagila: tuple[str, str], masked_pagila: dict[str, Any], mariadb_env: tuple[Env, Any]
) -> None:
    url, _ = pagila
    env, server = mariadb_env
    outcome = _provision(env, masked_pagila["dataset_version_id"])
    assert outcome.status == "completed", outcome.error
    result = outcome.result["steps"]["provision"]
    assert result["row_counts"] == masked_pagila["row_counts"]
    assert result["smoke_test_results"]["passed"] is True
    warnings = " | ".join(result["warnings"])
    assert "special_features (text[]): an array" in warnings and "fulltext (tsvector)" in warnings
    assert "gist index has no MySQL form" in warnings
    # Every key of the source's tables, on the logical tables, exists in MariaDB.
    source_keys = {
        (table, kind, tuple(sorted(columns)), parent)
        for table, kind, columns, parent in _rows(url, KEYS_SQL)
        if table in masked_pagila["row_counts"]
    }
    assert source_keys and source_keys <= _mysql_keys(server), source_keys - _mysql_keys(server)
    with server.cursor() as cur:
        for table, count in masked_pagila["row_counts"].items():
            cur.execute(f"SELECT count(*) FROM `{table}`")
            assert cur.fetchone()[0] == count, table
        cur.execute("SELECT count(*) FROM customer WHERE email LIKE '%%@sakilacustomer.org'")
        assert cur.fetchone()[0] == 0  # the masked emails, not the originals
        # The next key comes after the loaded ones.
        cur.execute("INSERT INTO actor (first_name, last_name) VALUES ('NEW', 'ACTOR')")
        cur.execute("SELECT LAST_INSERT_ID() > (SELECT max(actor_id) - 1 FROM actor)")
        assert cur.fetchone()[0] == 1
        server.rollback()


def test_failures_leave_mariadb_as_it_was(
    masked_pagila: dict[str, Any], mariadb_env: tuple[Env, Any]
) -> None:
    env, server = mariadb_env
    assert _provision(env, masked_pagila["dataset_version_id"]).status == "completed"
    before = _dump(env)
    checks = [{"name": "no customers", "sql": "SELECT count(*) FROM customer", "expect": 0}]
    smoke = _provision(env, masked_pagila["dataset_version_id"], reset_env=True, smoke_checks=checks)
    assert smoke.status == "failed" and "no customers: got" in smoke.error
    assert _dump(env) == before
    recreate = _provision(
        env, masked_pagila["dataset_version_id"], reset_env=True, reset_mode="recreate", smoke_checks=checks
    )
    assert recreate.status == "failed"
    assert _dump(env) == before  # the recreated tables are gone, the old ones back
    # A row MariaDB refuses halfway: a customer email longer than the environment's column.
    with server.cursor() as cur:
        cur.execute("SET SESSION sql_mode = ''")  # let the ALTER cut the emails already there
        cur.execute("ALTER TABLE customer MODIFY email VARCHAR(5)")
    before = _dump(env)
    refused = _provision(env, masked_pagila["dataset_version_id"], reset_env=True)
    assert refused.status == "failed" and "refused rows of customer" in refused.error
    assert _dump(env) == before
