"""The optional SDV engine (installed by `uv sync --group sdv`): HMA on a two-table source within SDV's
Community limits gives a dataset that keeps its foreign key; a schema beyond the limits (Chinook: 11
tables, depth 3) is refused with the reason, before any work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from tdm_dataset_store import DatasetStore

from tests.integration.conftest import discover, run_job

pytest.importorskip("sdv")

SQL = """
CREATE TABLE client (id int PRIMARY KEY, country text NOT NULL, segment text NOT NULL, since date NOT NULL);
CREATE TABLE bill (id int PRIMARY KEY, client_id int NOT NULL REFERENCES client (id),
                   amount numeric(10, 2) NOT NULL, issued timestamp NOT NULL);
INSERT INTO client SELECT g, (ARRAY['FR', 'DE', 'ES'])[1 + g % 3], (ARRAY['retail', 'pro'])[1 + g % 2],
                          date '2020-01-01' + g FROM generate_series(1, 120) g;
INSERT INTO bill SELECT g, 1 + g % 120, (g % 97) * 3.5 + 10, timestamp '2024-01-01' + g * interval '5 hours'
FROM generate_series(1, 500) g;
"""
DDL_PRE = [
    "CREATE TABLE client (id int, country text, segment text, since date)",
    "CREATE TABLE bill (id int, client_id int, amount numeric(10, 2), issued timestamp)",
]
DDL_POST = [
    "ALTER TABLE client ADD PRIMARY KEY (id)",
    "ALTER TABLE bill ADD PRIMARY KEY (id)",
    "ALTER TABLE bill ADD FOREIGN KEY (client_id) REFERENCES client (id)",
]


def test_sdv_models_a_small_source(
    source_db: Callable[[str, str], str], dataset_store: DatasetStore, targets: Callable[..., str]
) -> None:
    url = source_db("sdv", SQL)
    version = discover(url)
    outcome = run_job(
        {"synthetic": {"schema_version_id": version, "connection_string": url, "engine": "sdv"}}
    )
    assert outcome.status == "completed", outcome.error
    result: dict[str, Any] = outcome.result["steps"]["synthetic"]
    assert result["engine"] == "sdv" and result["checks"]["problems"] == []
    assert result["quality"]["diagnostic_score"] >= 0.9
    target = targets(dataset_store, result["dataset_version_id"], DDL_PRE, DDL_POST)
    with psycopg.connect(target) as conn:
        countries = {c for (c,) in conn.execute("SELECT DISTINCT country FROM client").fetchall()}
    assert countries <= {"FR", "DE", "ES"}


def test_sdv_refuses_schemas_beyond_its_limits(chinook: tuple[str, str]) -> None:
    url, version = chinook
    outcome = run_job(
        {"synthetic": {"schema_version_id": version, "connection_string": url, "engine": "sdv"}}
    )
    assert outcome.status == "failed"
    assert "engine sdv cannot model this schema" in str(outcome.error)
    assert "use engine tdm" in str(outcome.error)
