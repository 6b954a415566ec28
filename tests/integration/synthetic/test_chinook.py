"""Acceptance on Chinook (11 tables, depth 3 and more, employee's self-reference) learned from its data:
synthetic datasets at 1x and 10x load into an empty database with every primary key, unique constraint
and foreign key of Chinook, which validate; SDMetrics quality of customer -> invoice is at least 0.8."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from tdm_dataset_store import DatasetStore

from tests.integration.conftest import run_job, sample_dump

CHINOOK_TABLES = {
    "album",
    "artist",
    "customer",
    "employee",
    "genre",
    "invoice",
    "invoice_line",
    "media_type",
    "playlist",
    "playlist_track",
    "track",
}


def _synthetic(request: dict[str, Any]) -> dict[str, Any]:
    outcome = run_job({"synthetic": request})
    assert outcome.status == "completed", outcome.error
    return dict(outcome.result["steps"]["synthetic"])


def _count(url: str, table: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()
    assert row is not None
    return int(row[0])


@pytest.fixture(scope="module")
def learned_1x(chinook: tuple[str, str]) -> dict[str, Any]:
    url, version = chinook
    return _synthetic({"schema_version_id": version, "connection_string": url, "seed": 7})


def test_learned_chinook_loads_with_every_constraint_and_scores(
    learned_1x: dict[str, Any], dataset_store: DatasetStore, targets: Callable[..., str]
) -> None:
    result = learned_1x
    assert result["learned_from_source"] is True
    assert set(result["row_counts"]) == CHINOOK_TABLES
    assert result["checks"]["problems"] == []
    assert result["checks"]["foreign_keys"] >= 11
    pre, post = sample_dump("chinook")
    target = targets(dataset_store, result["dataset_version_id"], pre, post)  # keys and FKs validate
    assert _count(target, "invoice") == 412  # learned count x 1
    assert _count(target, "employee") == 8
    with psycopg.connect(target) as conn:
        roots = conn.execute("SELECT count(*) FROM employee WHERE reports_to IS NULL").fetchone()
    assert roots is not None and roots[0] >= 1  # the hierarchy has a top
    pair = result["quality"]["pairs"]["customer -> invoice"]
    assert pair >= 0.8, result["quality"]
    assert result["quality"]["diagnostic_score"] >= 0.95


def test_ten_times_chinook_loads_and_same_seed_repeats(
    chinook: tuple[str, str],
    learned_1x: dict[str, Any],
    dataset_store: DatasetStore,
    targets: Callable[..., str],
) -> None:
    url, version = chinook
    result = _synthetic({"schema_version_id": version, "connection_string": url, "seed": 7, "scale": 10})
    counts = result["row_counts"]
    assert counts["invoice"] == 4120
    assert counts["invoice_line"] == 22400
    pre, post = sample_dump("chinook")
    targets(dataset_store, result["dataset_version_id"], pre, post)
    again = _synthetic({"schema_version_id": version, "connection_string": url, "seed": 7})
    first = dataset_store.read_table(learned_1x["dataset_version_id"], "invoice")
    second = dataset_store.read_table(again["dataset_version_id"], "invoice")
    assert [b.to_pylist() for b in first] == [b.to_pylist() for b in second]
