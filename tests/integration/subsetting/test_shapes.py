"""Subsets of the shapes the known subsetters get wrong (shapes.sql): two-table cycles (nullable, and
with one NOT NULL key), self-references, a composite FK in another column order, an FK to a unique
non-PK column, two FKs between the same tables on a natural varchar key, a virtual FK, a keyless table,
a partitioned child -- and columns of every odd type, which must load back exactly."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tdm_dataset_store import DatasetStore
from tdm_metadata_store.repositories.jobs import JobRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository

from tests.integration.conftest import discover, run_job, subset
from tests.support.subsets import (
    ForeignKey,
    all_rows,
    expected_text,
    foreign_keys,
    reference_closure,
    rows_as_text,
)

SQL = (Path(__file__).parent / "shapes.sql").read_text()
TABLES_SQL, _, REST = SQL.partition("-- @keys")
KEYS_SQL, _, DATA_SQL = REST.partition("-- @data")
VIRTUAL = ForeignKey("shop.audit", ("subject_id",), "shop.customers", ("id",))


@pytest.fixture(scope="module")
def shapes(source_db: Callable[[str, str], str], engine: Engine) -> Iterator[tuple[str, str]]:
    url = source_db("shapes", SQL.replace("-- @keys", "").replace("-- @data", ""))
    version = discover(url)
    with Session(engine) as session:
        SchemaRepository(session).add_relationship(
            uuid.UUID(version),
            parent_schema="shop",
            parent_table="customers",
            parent_columns=["id"],
            child_schema="shop",
            child_table="audit",
            child_columns=["subject_id"],
            name="audit_subject_virtual",
        )
        session.commit()
    yield url, version


def _check(
    url: str,
    result: dict[str, object],
    store: DatasetStore,
    targets: Callable[..., str],
    **closure: object,
) -> dict[str, list[str]]:
    rows = all_rows(url)
    kept = reference_closure(rows, [*foreign_keys(url), VIRTUAL], **closure)  # type: ignore[arg-type]
    expected = expected_text(rows, kept)
    assert result["row_counts"] == {table: len(texts) for table, texts in expected.items()}
    target = targets(store, str(result["dataset_version_id"]), [TABLES_SQL], [KEYS_SQL])
    for table, texts in expected.items():
        assert sorted(rows_as_text(target, table)) == texts, f"rows of {table} differ"
    return expected


def test_odd_types_cycles_and_natural_keys_round_trip(
    shapes: tuple[str, str], dataset_store: DatasetStore, targets: Callable[..., str]
) -> None:
    url, version = shapes
    result = subset(
        {
            "schema_version_id": version,
            "connection_string": url,
            "root_table": "shop.customers",
            "filters": {"shop.customers": {"mood": {"in": ["busy", "weird 'one'"]}, "id": {"lte": 30}}},
        }
    )
    expected = _check(
        url,
        result,
        dataset_store,
        targets,
        root="shop.customers",
        entry={"shop.customers": lambda r: r["mood"] in ("busy", "weird 'one'") and r["id"] <= 30},
    )
    # A generated column is not in the dataset (the target computes it).
    schema = dataset_store.table_schema(str(result["dataset_version_id"]), "shop.customers")
    assert "shouty" not in schema.names and "note" in schema.names
    # Every odd value made it (infinity, BC dates, NaN, newlines, quotes, empty vs NULL strings).
    texts = "\n".join(expected["shop.customers"])
    assert "infinity" in texts and " BC" in texts and "NaN" in texts and "-Infinity" in texts
    # The virtual key brought the audit rows of kept customers (the keyless table's duplicates too).
    assert result["row_counts"]["shop.audit"] > 0  # type: ignore[index]
    # Orders came down with their lines (composite FK in another column order), then staff and the
    # depts/staff cycle (one NOT NULL side) closed upwards, the airports twice-referenced by flights
    # stayed out (flights are not reached), the accounts by their unique code came up.
    counts = result["row_counts"]
    assert counts["shop.lines"] == 3 * counts["shop.orders"] > 0  # type: ignore[index,operator]
    assert counts["shop.depts"] == 2 and counts["shop.staff"] == 4  # type: ignore[index]
    assert counts["shop.flights"] == 0 and counts["ref.airports"] > 0  # type: ignore[index]


def test_cycles_both_ways_from_a_team(
    shapes: tuple[str, str], dataset_store: DatasetStore, targets: Callable[..., str]
) -> None:
    url, version = shapes
    result = subset(
        {
            "schema_version_id": version,
            "connection_string": url,
            "root_table": "shop.teams",
            "filters": {"shop.teams": {"name": "red"}},
            "passthrough_tables": ["ref.airports"],
        }
    )
    _check(
        url,
        result,
        dataset_store,
        targets,
        root="shop.teams",
        entry={"shop.teams": lambda r: r["name"] == "red"},
        passthrough=["ref.airports"],
    )
    counts = result["row_counts"]
    assert counts["shop.teams"] >= 1 and counts["ref.airports"] == 4  # type: ignore[index]


def test_two_fks_between_the_same_tables_and_follow_children(
    shapes: tuple[str, str], dataset_store: DatasetStore, targets: Callable[..., str]
) -> None:
    """Airports kept as parents of a flight bring their children too (follow_children_of): the
    customers living there (other flights would have to meet the flights' own filter, the root's)."""
    url, version = shapes
    result = subset(
        {
            "schema_version_id": version,
            "connection_string": url,
            "root_table": "shop.flights",
            "filters": {"shop.flights": {"id": 2}},
            "follow_children_of": ["ref.airports"],
            "exclude_tables": ["shop.audit"],
        }
    )
    _check(
        url,
        result,
        dataset_store,
        targets,
        root="shop.flights",
        entry={"shop.flights": lambda r: r["id"] == 2},
        follow_children=["ref.airports"],
        excluded=["shop.audit"],
    )
    counts = result["row_counts"]
    assert counts["shop.flights"] == 1 and counts["ref.airports"] >= 2  # type: ignore[index]
    assert counts["shop.customers"] >= 20  # type: ignore[index]  # JFK and NRT residents
    assert "shop.audit" not in result["row_counts"]  # type: ignore[operator]


def test_filter_values_are_data_not_sql(shapes: tuple[str, str]) -> None:
    url, version = shapes
    hostile = "x'; drop table shop.customers; --"
    result = subset(
        {
            "schema_version_id": version,
            "connection_string": url,
            "root_table": "shop.customers",
            "filters": {"shop.customers": {"note": hostile}, "shop.orders": {"region": {"like": "%'--"}}},
        }
    )
    assert result["row_counts"]["shop.customers"] == 0  # type: ignore[index]
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM shop.customers").fetchone() == (40,)
        conn.execute("INSERT INTO shop.accounts VALUES (999, %s, NULL)", (hostile,))
        conn.commit()
    try:
        matched = subset(
            {
                "schema_version_id": version,
                "connection_string": url,
                "root_table": "shop.accounts",
                "filters": {"shop.accounts": {"code": hostile}},
            }
        )
        assert matched["row_counts"]["shop.accounts"] == 1  # type: ignore[index]
    finally:
        with psycopg.connect(url) as conn:
            conn.execute("DELETE FROM shop.accounts WHERE id = 999")
            conn.commit()


def test_a_changed_source_fails_clearly(
    shapes: tuple[str, str], source_db: Callable[[str, str], str], engine: Engine
) -> None:
    """A column dropped since discovery: the job fails naming it, and leaves no dataset."""
    _, version = shapes
    other = source_db("drifted", SQL.replace("-- @keys", "").replace("-- @data", ""))
    with psycopg.connect(other, autocommit=True) as conn:
        conn.execute("ALTER TABLE shop.customers DROP COLUMN note CASCADE")
    outcome = run_job(
        {
            "subset": {
                "schema_version_id": version,
                "connection_string": other,
                "root_table": "shop.customers",
                "filters": {"shop.customers": {"note": "x"}},
            }
        }
    )
    assert outcome.status == "failed"
    assert "note" in (outcome.error or "")
    with Session(engine) as session:
        repo = JobRepository(session)
        job = uuid.UUID(outcome.job_id)
        assert not repo.dataset_versions_in_status(job, "writing")
        assert not repo.dataset_versions_in_status(job, "active")
