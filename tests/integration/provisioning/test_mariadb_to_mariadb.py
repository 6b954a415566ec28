"""A MariaDB source's dataset provisioned into another MariaDB database: the source's own column types
(ENUM, SET, JSON, BLOB, YEAR, TIME, BIGINT UNSIGNED, DATETIME(6), TIMESTAMP), natural and composite keys,
a self-reference: every row reads back equal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.integration.conftest import discover, run_job, subset
from tests.integration.provisioning.conftest import Env
from tests.integration.subsetting.test_mariadb import KEYS, SQL, _rows
from tests.support.mysql import source_and_target


@pytest.fixture
def databases(environment: Callable[..., Env]) -> Iterator[tuple[str, Env]]:
    with source_and_target(SQL) as (source, target):
        yield source, environment(url=target)


def test_mariadb_dataset_into_mariadb_reads_back_equal(databases: tuple[str, Env]) -> None:
    source, env = databases
    version = discover(source)
    whole = subset({"schema_version_id": version, "connection_string": source, "root_table": "customers"})
    outcome = run_job(
        {"provision": {"dataset_version_id": whole["dataset_version_id"], "target_env": env.name}}
    )
    assert outcome.status == "completed", outcome.error
    before, after = _rows(source), _rows(env.url)

    def key(table: str) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
        return lambda row: tuple(row[c] for c in KEYS[table])

    for table in KEYS:
        kept = {key(table)(r) for r in after[table]}
        expected = sorted((r for r in before[table] if key(table)(r) in kept), key=key(table))
        assert sorted(after[table], key=key(table)) == expected, table
        assert len(after[table]) == sum(
            n for name, n in whole["row_counts"].items() if name.endswith(f".{table}")
        )
