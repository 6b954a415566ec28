"""Fixtures of the orchestrator integration tests: fast recovery settings, source databases, workers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tdm_orchestrator.runtime import reset_runtime

from tests.integration.orchestrator.support import (
    WorkerProcess,
    create_source_database,
    source_url,
    start_worker,
)
from tests.support.services import ServiceEndpoints

# Short lease and sweep periods so a lost worker is noticed in seconds, not the production 30 s.
FAST_RECOVERY = {
    "TDM_JOB_LEASE_TTL_SECONDS": "3",
    "TDM_SWEEP_INTERVAL_SECONDS": "1",
    "TDM_QUEUED_GRACE_SECONDS": "2",
    "TDM_NODE_RETRY_INITIAL_SECONDS": "0.1",
    "TDM_JOB_RETRY_INTERVALS": "1,1,1",
    "LOG_LEVEL": "INFO",
}


@pytest.fixture(scope="session")
def orchestrator_env(service_env: dict[str, str]) -> Iterator[dict[str, str]]:
    with pytest.MonkeyPatch.context() as mp:
        for key, value in FAST_RECOVERY.items():
            mp.setenv(key, value)
        reset_runtime()
        yield {**service_env, **FAST_RECOVERY}
    reset_runtime()


@pytest.fixture(scope="session")
def source_password(services: ServiceEndpoints) -> str:
    return source_url(services, "x")[1]


SHOP_SQL = """
CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL UNIQUE, full_name text,
                        birth_date date, region varchar(8));
CREATE TABLE orders (id bigserial PRIMARY KEY,
                     customer_id int NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
                     created_at timestamptz NOT NULL DEFAULT now(), total numeric(10,2));
CREATE TABLE order_items (order_id bigint NOT NULL REFERENCES orders(id), line_no int NOT NULL,
                          sku text NOT NULL, qty int NOT NULL CHECK (qty > 0),
                          PRIMARY KEY (order_id, line_no));
CREATE TABLE audit_log (event_key uuid NOT NULL UNIQUE, payload jsonb);
CREATE VIEW big_spenders AS SELECT c.id, c.email FROM customers c JOIN orders o ON o.customer_id = c.id
                            GROUP BY c.id HAVING sum(o.total) > 100;
CREATE SCHEMA sales;
CREATE TABLE sales.targets (region varchar(8) PRIMARY KEY, amount numeric);
INSERT INTO customers (email, full_name, birth_date, region)
  SELECT 'user' || g || '@example.com', 'Name ' || g, date '1980-01-01' + g,
         CASE WHEN g % 2 = 0 THEN 'US' ELSE 'EU' END
  FROM generate_series(1, 50) g;
INSERT INTO orders (customer_id, total) SELECT 1 + g % 50, g * 3.5 FROM generate_series(1, 200) g;
INSERT INTO order_items SELECT o.id, l, 'SKU-' || l, l FROM orders o, generate_series(1, 3) l;
"""

SLOW_SQL = """
CREATE TABLE things (id int PRIMARY KEY, label text);
INSERT INTO things SELECT g, 'thing ' || g FROM generate_series(1, 10) g;
CREATE SCHEMA slow8;
CREATE VIEW slow8.slow AS SELECT pg_sleep(8)::text AS x;
CREATE SCHEMA slow60;
CREATE VIEW slow60.slow AS SELECT pg_sleep(60)::text AS x;
"""


@pytest.fixture(scope="session")
def shop_db(services: ServiceEndpoints) -> Iterator[str]:
    """A small source database: customers -> orders -> order_items, a view, a second schema."""
    yield from create_source_database(services, SHOP_SQL)


@pytest.fixture(scope="session")
def slow_db(services: ServiceEndpoints) -> Iterator[str]:
    """A source whose profiling blocks: schema slow8 sleeps 8 s in profile_statistics, slow60 60 s."""
    yield from create_source_database(services, SLOW_SQL)


@pytest.fixture
def worker_logs(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def workers(orchestrator_env: dict[str, str], worker_logs: Path) -> Iterator[Callable[..., WorkerProcess]]:
    """Start `tdm-worker` processes; any still running at the end are stopped (SIGTERM, then SIGKILL)."""
    started: list[WorkerProcess] = []

    def start(*args: str) -> WorkerProcess:
        worker = start_worker(worker_logs, *args)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.terminate(timeout=30)
        worker.log_file.close()
