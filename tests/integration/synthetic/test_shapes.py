"""Synthetic data for the hard shapes (tests/integration/subsetting/shapes.sql: two schemas, cycles with a
NOT NULL side, self-references, a composite FK in another column order than its key, an FK to a unique
non-PK column, natural varchar keys referenced twice, a partitioned table with a default partition, an
identity and a generated column, enums, domains and columns of every odd type): learned from the data
and from the schema alone, the dataset loads into the bare tables and every key validates after."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from tdm_dataset_store import DatasetStore

from tests.integration.conftest import run_job
from tests.integration.subsetting import test_shapes as subsetting_shapes

shapes = subsetting_shapes.shapes  # the discovered source (a module fixture)
PRE = [subsetting_shapes.TABLES_SQL]
POST = [subsetting_shapes.KEYS_SQL]


def _synthetic(request: dict[str, Any]) -> dict[str, Any]:
    outcome = run_job({"synthetic": request})
    assert outcome.status == "completed", outcome.error
    return dict(outcome.result["steps"]["synthetic"])


@pytest.mark.parametrize("learn", [True, False], ids=["learned", "schema-only"])
def test_hard_shapes_load_with_every_key(
    shapes: tuple[str, str], learn: bool, dataset_store: DatasetStore, targets: Callable[..., str]
) -> None:
    url, version = shapes
    request: dict[str, Any] = {"schema_version_id": version, "seed": 9, "scale": 3}
    if learn:
        request["connection_string"] = url
    result = _synthetic(request)
    assert result["learned_from_source"] is learn
    assert result["checks"]["problems"] == []
    counts = result["row_counts"]
    assert counts["shop.customers"] == 120 and counts["shop.lines"] == 720  # source rows x 3
    target = targets(dataset_store, result["dataset_version_id"], PRE, POST)  # keys and FKs validate
    with psycopg.connect(target) as conn:
        loaded = conn.execute("SELECT count(*) FROM shop.lines").fetchone()
        bosses = conn.execute("SELECT count(*) FROM shop.staff WHERE boss_id IS NOT NULL").fetchone()
        in_2024 = conn.execute("SELECT count(*) FROM shop.visits_2024").fetchone()
        codes = conn.execute("SELECT count(DISTINCT code), max(length(code)) FROM ref.airports").fetchone()
    assert loaded == (720,)
    assert bosses is not None and bosses[0] > 0  # the self-reference is used, not left NULL
    assert in_2024 is not None and in_2024[0] > 0
    assert codes is not None and codes[0] == counts["ref.airports"] and codes[1] <= 3
