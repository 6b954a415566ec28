"""Pagila's schema version alone (no data access) with row_counts: a dataset that loads with every
primary key, unique constraint and foreign key, the partitioned payment included (each payment falls in
one of its monthly partitions)."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
from tdm_dataset_store import DatasetStore

from tests.integration.conftest import run_job, sample_dump


def test_pagila_from_its_schema_alone_loads_with_every_constraint(
    pagila: tuple[str, str], dataset_store: DatasetStore, targets: Callable[..., str]
) -> None:
    _, version = pagila
    outcome = run_job(
        {
            "synthetic": {
                "schema_version_id": version,
                "row_counts": {"customer": 300, "rental": 2500, "payment": 4000, "film": 400},
                "seed": 3,
            }
        }
    )
    assert outcome.status == "completed", outcome.error
    result = outcome.result["steps"]["synthetic"]
    assert result["learned_from_source"] is False
    assert result["checks"]["problems"] == []
    assert result["quality"] is None  # no real sample to compare with
    counts = result["row_counts"]
    assert (counts["customer"], counts["rental"], counts["payment"], counts["film"]) == (300, 2500, 4000, 400)
    assert counts["film_actor"] > 0 and counts["store"] > 0  # the others follow discovery's counts
    pre, post = sample_dump("pagila")
    target = targets(dataset_store, result["dataset_version_id"], pre, post)  # keys and FKs validate
    with psycopg.connect(target) as conn:
        payments = conn.execute("SELECT count(*) FROM payment").fetchone()
        outside = conn.execute("SELECT count(*) FROM ONLY payment").fetchone()  # rows not in a partition
        emails = conn.execute("SELECT count(*) FROM customer WHERE email NOT LIKE '%_@_%.__%'").fetchone()
    assert payments == (4000,)
    assert outside == (0,)
    assert emails == (0,)  # the PII map's / discovery's semantic types drive the values
