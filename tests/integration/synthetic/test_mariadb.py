"""Synthetic data learned from a MariaDB source (ENUM, SET, JSON, BLOB, YEAR, TIME, BIGINT UNSIGNED,
DATETIME(6); a natural varchar key, a unique e-mail referenced by a foreign key, a composite key, a
self-reference) provisioned into an empty MariaDB database, where every key and foreign key holds."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pymysql
import pytest

from tests.integration.conftest import discover, run_job
from tests.integration.provisioning.conftest import Env
from tests.integration.subsetting.test_mariadb import SQL
from tests.support.mysql import source_and_target


@pytest.fixture
def databases(environment: Callable[..., Env]) -> Iterator[tuple[str, Env]]:
    with source_and_target(SQL) as (source, target):
        yield source, environment(url=target)


@pytest.mark.parametrize("learn", [True, False], ids=["learned", "schema-only"])
def test_mariadb_source_provisions_into_mariadb(databases: tuple[str, Env], learn: bool) -> None:
    source, env = databases
    version = discover(source)
    request = {"schema_version_id": version, "scale": 2, **({"connection_string": source} if learn else {})}
    outcome = run_job({"synthetic": request})
    assert outcome.status == "completed", outcome.error
    result = outcome.result["steps"]["synthetic"]
    assert result["learned_from_source"] is learn and result["checks"]["problems"] == []
    counts = {name.rsplit(".", 1)[-1]: n for name, n in result["row_counts"].items()}
    assert counts == {"products": 40, "customers": 120, "orders": 240, "order_lines": 720}
    provisioned = run_job(
        {"provision": {"dataset_version_id": result["dataset_version_id"], "target_env": env.name}}
    )
    assert provisioned.status == "completed", provisioned.error
    parts = env.url.rsplit("/", 1)
    conn = pymysql.connect(host="127.0.0.1", port=3306, user="root", database=parts[1])
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT count(*) FROM order_lines l LEFT JOIN orders o USING (order_no, region) "
                "WHERE o.order_no IS NULL"
            )
            assert cur.fetchone() == (0,)
            cur.execute(
                "SELECT count(DISTINCT tier), min(tier IN ('bronze', 'silver', 'gold')) FROM customers"
            )
            tiers = cur.fetchone()
            cur.execute("SELECT count(*) FROM customers WHERE email NOT LIKE '%@%'")
            assert cur.fetchone() == (0,)
    finally:
        conn.close()
    assert tiers is not None and tiers[0] >= 2 and tiers[1] == 1
