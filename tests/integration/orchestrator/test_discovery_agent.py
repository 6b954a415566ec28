"""The schema discovery agent's functions on a real PostgreSQL source (no graph, no worker)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from tdm_agents.common.sources import dispose_source_engines, source_engine
from tdm_agents.schema_discovery import (
    build_snapshot,
    check_connection,
    foreign_keys,
    infer_types,
    keys_and_constraints,
    list_columns,
    list_tables,
    profile_tables,
)
from tdm_core.errors import InvalidInputError

from tests.integration.orchestrator.support import create_source_database
from tests.support.services import ServiceEndpoints

SQL = """
CREATE SCHEMA ref;
CREATE TABLE ref.countries (code char(2) PRIMARY KEY, name text);
CREATE TABLE events (id bigint PRIMARY KEY, country char(2) REFERENCES ref.countries(code),
                     payload text, happened_at timestamptz, amount numeric(12,2), flag boolean);
INSERT INTO ref.countries VALUES ('FR', 'France'), ('DE', 'Germany');
INSERT INTO events SELECT g, CASE WHEN g % 2 = 0 THEN 'FR' ELSE 'DE' END, repeat('x', 80),
                          timestamptz '2024-01-01' + g * interval '1 minute', g / 100.0, g % 3 = 0
                   FROM generate_series(1, 150000) g;
ANALYZE events;
CREATE TABLE tiny (a int, b text);
INSERT INTO tiny VALUES (1, NULL), (2, 'two');
CREATE MATERIALIZED VIEW never_refreshed AS SELECT * FROM tiny WITH NO DATA;
"""


@pytest.fixture(scope="module")
def source(services: ServiceEndpoints) -> Iterator[str]:
    yield from create_source_database(services, SQL)
    dispose_source_engines()


@pytest.fixture(scope="module")
def engine_(source: str) -> Engine:
    return source_engine(source)


def test_missing_schema_is_named_in_the_error(engine_: Engine, source: str) -> None:
    with pytest.raises(InvalidInputError, match=r"schema\(s\) 'nope' do not exist"):
        check_connection(engine_, ["public", "nope"], "src")
    assert check_connection(engine_, ["public"], "src")["schemas"] == ["public"]


def test_big_tables_get_an_estimate_and_a_block_sample_small_ones_an_exact_count(engine_: Engine) -> None:
    tables = list_tables(engine_, ["public"], "src")
    kinds = {t["name"]: t for t in tables}
    assert kinds["never_refreshed"]["kind"] == "materialized_view"
    assert kinds["never_refreshed"]["populated"] is False
    columns = infer_types(list_columns(engine_, tables, "src"))
    stats = profile_tables(
        engine_,
        tables,
        columns,
        source="src",
        include_stats=True,
        sample_size=1000,
        exact_count_threshold=10_000,
    )
    events = stats["public.events"]
    assert events["row_count_estimated"] is True
    assert 120_000 <= events["row_count"] <= 180_000  # pg_class.reltuples after ANALYZE
    assert events["sample_method"] == "system_sample"
    assert 0 < events["sampled_rows"] <= 1000
    assert events["columns"]["id"]["distinct_ratio"] == 1.0
    assert float(events["columns"]["amount"]["min"]) >= 0
    assert 0 < events["columns"]["flag"]["true_fraction"] < 1
    assert stats["public.tiny"] == {
        "row_count": 2,
        "row_count_estimated": False,
        "sampled_rows": 2,
        "sample_method": "first_rows",
        "columns": {
            "a": {"null_fraction": 0.0, "distinct_count": 2, "distinct_ratio": 1.0, "min": "1", "max": "2"},
            "b": {
                "null_fraction": 0.5,
                "distinct_count": 1,
                "distinct_ratio": 1.0,
                "min_length": 3,
                "max_length": 3,
                "avg_length": 3.0,
            },
        },
    }
    # A materialized view never refreshed cannot be read: no count, no sample, no error.
    assert stats["public.never_refreshed"] == {"row_count": None, "row_count_estimated": False}


def test_without_stats_only_cheap_counts_are_made(engine_: Engine) -> None:
    tables = list_tables(engine_, ["public"], "src")
    stats = profile_tables(
        engine_, tables, [], source="src", include_stats=False, sample_size=10, exact_count_threshold=10**9
    )
    assert stats["public.events"]["row_count_estimated"] is True  # > 8 MB: never counted without stats
    assert stats["public.tiny"]["row_count"] == 2 and "columns" not in stats["public.tiny"]


def test_keys_and_foreign_keys_across_schemas(engine_: Engine) -> None:
    only_public = list_tables(engine_, ["public"], "src")
    columns = list_columns(engine_, only_public, "src")
    pk_map, _ = keys_and_constraints(engine_, only_public, columns, source="src")
    assert pk_map["public.events"] == {"columns": ["id"], "name": "events_pkey", "inferred": False}
    assert "public.tiny" not in pk_map  # no key, no unique NOT NULL column: nothing invented
    relationships, external = foreign_keys(engine_, only_public, source="src")
    assert relationships == []
    assert [(r["child_table"], r["parent_schema"], r["parent_table"]) for r in external] == [
        ("events", "ref", "countries")
    ]
    both = list_tables(engine_, ["public", "ref"], "src")
    relationships, external = foreign_keys(engine_, both, source="src")
    assert external == []
    assert relationships[0]["parent_columns"] == ["code"] and relationships[0]["child_columns"] == ["country"]
    snapshot = build_snapshot(both, list_columns(engine_, both, "src"), relationships=relationships)
    assert {(t["schema"], t["name"]) for t in snapshot["tables"]} >= {
        ("ref", "countries"),
        ("public", "events"),
    }
