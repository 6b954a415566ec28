"""Profiling on a real PostgreSQL: estimates for big tables, TABLESAMPLE (SYSTEM or BERNOULLI) that
covers the whole table, distinct estimates, top values only where safe, and bounded time."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine
from tdm_agents.common.sources import source_engine
from tdm_agents.schema_discovery import infer_types, list_columns, list_tables, profile_tables

from tests.integration.orchestrator.support import create_source_database
from tests.support.services import ServiceEndpoints

N_BIG = 200_000
SQL = f"""
CREATE TABLE big (id int PRIMARY KEY, category text NOT NULL, email text, flag boolean, filler text);
INSERT INTO big SELECT g, (ARRAY['red', 'green', 'blue'])[1 + g % 3], 'person' || g || '@example.com',
                       g % 3 = 0, repeat('x', 60)
                FROM generate_series(1, {N_BIG}) g;
ANALYZE big;
CREATE TABLE medium (id int PRIMARY KEY, bucket int NOT NULL);
INSERT INTO medium SELECT g, g % 7 FROM generate_series(1, 4000) g;
ANALYZE medium;
CREATE TABLE measure (at date NOT NULL, value int) PARTITION BY RANGE (at);
CREATE TABLE measure_a PARTITION OF measure FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TABLE measure_b PARTITION OF measure FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
INSERT INTO measure SELECT date '2024-01-01' + g % 59, g FROM generate_series(1, 590) g;
CREATE VIEW slow AS SELECT pg_sleep(5)::text AS x;
CREATE TABLE "we:ird%name" ("a:b%c" text, "Mixed ""Case" int PRIMARY KEY);
INSERT INTO "we:ird%name" SELECT 'v' || g % 2, g FROM generate_series(1, 40) g;
"""


@pytest.fixture(scope="module")
def source(services: ServiceEndpoints) -> Iterator[str]:
    yield from create_source_database(services, SQL)


@pytest.fixture(scope="module")
def engine_(source: str) -> Engine:
    return source_engine(source)


def _profile(engine_: Engine, **options: Any) -> dict[str, dict[str, Any]]:
    tables = list_tables(engine_, ["public"], "src")
    columns = infer_types(list_columns(engine_, tables, "src"))
    settings: dict[str, Any] = {
        "include_stats": True,
        "sample_size": 1000,
        "exact_count_threshold": 10_000,
        "statement_timeout_seconds": 1.0,
        **options,
    }
    return profile_tables(engine_, tables, columns, source="src", **settings)


@pytest.fixture(scope="module")
def profile(engine_: Engine) -> dict[str, dict[str, Any]]:
    return _profile(engine_)


def test_big_table_gets_an_estimate_and_a_block_sample_spread_over_the_whole_table(
    profile: dict[str, dict[str, Any]],
) -> None:
    big = profile["public.big"]
    assert big["row_count_estimated"] is True
    assert 0.8 * N_BIG <= big["row_count"] <= 1.2 * N_BIG
    assert big["sample_method"] == "system_sample"
    assert 500 <= big["sampled_rows"] <= 1000
    ids = big["columns"]["id"]
    # Rows come from all over the table, not only from its first pages.
    assert int(ids["min"]) < 0.2 * N_BIG and int(ids["max"]) > 0.8 * N_BIG
    # A unique column: the estimate scales to the table; a 3-value column stays at 3.
    assert ids["distinct_estimated"] is True and ids["sample_distinct"] == big["sampled_rows"]
    assert 0.8 * N_BIG <= ids["distinct_count"] <= 1.2 * N_BIG
    category = big["columns"]["category"]
    assert (category["distinct_count"], category["distinct_estimated"]) == (3, True)
    assert sorted(v["value"] for v in category["top_values"]) == ["blue", "green", "red"]
    assert 0.25 < big["columns"]["flag"]["true_fraction"] < 0.42


def test_personal_columns_have_no_raw_values_in_their_stats(profile: dict[str, dict[str, Any]]) -> None:
    email = profile["public.big"]["columns"]["email"]
    assert not {"min", "max", "top_values"} & set(email)
    assert email["max_length"] >= len("person1@example.com")
    # A unique column is never given top values, personal or not.
    assert "top_values" not in profile["public.big"]["columns"]["id"]


def test_middle_sized_table_is_sampled_row_by_row(profile: dict[str, dict[str, Any]]) -> None:
    medium = profile["public.medium"]
    assert medium["row_count"] == 4000 and medium["row_count_estimated"] is False
    assert medium["sample_method"] == "bernoulli_sample"
    assert medium["sample_percent"] == pytest.approx(30.0)
    bucket = medium["columns"]["bucket"]
    assert bucket["distinct_count"] == 7
    counts = [v["count"] for v in bucket["top_values"]]
    assert len(counts) == 7 and counts == sorted(counts, reverse=True)
    assert sum(v["fraction"] for v in bucket["top_values"]) == pytest.approx(1.0, abs=0.01)


def test_samples_are_repeatable(engine_: Engine, profile: dict[str, dict[str, Any]]) -> None:
    again = _profile(engine_)
    for key in ("public.big", "public.medium"):
        assert again[key]["columns"] == profile[key]["columns"], key


def test_partitioned_table_is_profiled_through_its_parent(profile: dict[str, dict[str, Any]]) -> None:
    measure = profile["public.measure"]
    assert measure["row_count"] == 590 and measure["sampled_rows"] == 590
    assert measure["columns"]["at"]["min"] == "2024-01-01" and measure["columns"]["at"]["max"] == "2024-02-28"
    assert "public.measure_a" not in profile


def test_a_view_that_outlives_the_statement_timeout_is_reported_not_fatal(engine_: Engine) -> None:
    started = time.monotonic()
    stats = _profile(engine_, statement_timeout_seconds=0.5)
    elapsed = time.monotonic() - started
    assert stats["public.slow"]["profile_error"] == "sampling stopped by the 0.5 s statement timeout"
    assert "columns" not in stats["public.slow"] and stats["public.slow"]["row_count"] is None
    assert stats["public.medium"]["columns"]["bucket"]["distinct_count"] == 7  # the others went on
    assert elapsed < 4.5, f"profiling took {elapsed:.1f}s: the 5 s view was not stopped"


def test_without_stats_only_counts(engine_: Engine) -> None:
    stats = _profile(engine_, include_stats=False)
    assert stats["public.big"]["row_count_estimated"] is True  # > 8 MB: not counted without stats
    assert stats["public.medium"] == {"row_count": 4000, "row_count_estimated": False}
    assert stats["public.slow"] == {"row_count": None, "row_count_estimated": False}


def test_names_with_quotes_colons_and_percent_signs(profile: dict[str, dict[str, Any]]) -> None:
    odd = profile["public.we:ird%name"]
    assert odd["row_count"] == 40
    assert odd["columns"]["a:b%c"]["top_values"] == [
        {"value": "v0", "count": 20, "fraction": 0.5},
        {"value": "v1", "count": 20, "fraction": 0.5},
    ]
    assert odd["columns"]['Mixed "Case']["max"] == "40"
