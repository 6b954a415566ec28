"""Acceptance on Pagila: FULL_TDM_PIPELINE (discover -> PII -> subset -> mask with auto rules ->
provision) into an empty QA database. Afterwards the environment holds every primary key, unique
constraint and foreign key of the source (validated), the dataset's row counts, no original value in
a masked column, sequences past the loaded keys; the lineage runs source schema -> subset -> masked ->
QA."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from tdm_dataset_store import DatasetStore
from tdm_metadata_store.repositories.lineage import LineageRepository
from tdm_orchestrator.runtime import get_runtime

from tests.integration.conftest import run_job
from tests.integration.provisioning.conftest import Env

# Keys as (table, kind, columns): partitions' own keys count as their partitioned table's.
KEYS_SQL = """
SELECT coalesce(pg_partition_root(c.oid), c.oid)::regclass::text, k.contype::text,
       ARRAY(SELECT a.attname::text FROM unnest(k.conkey) u(n) JOIN pg_attribute a
             ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY a.attname),
       coalesce(coalesce(pg_partition_root(p.oid), p.oid)::regclass::text, '')
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid LEFT JOIN pg_class p ON p.oid = k.confrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE k.contype IN ('p', 'u', 'f') AND n.nspname = 'public' AND c.relkind IN ('r', 'p')
UNION
SELECT coalesce(pg_partition_root(c.oid), c.oid)::regclass::text, 'u',
       ARRAY(SELECT a.attname::text FROM unnest(i.indkey) u(n) JOIN pg_attribute a
             ON a.attrelid = i.indrelid AND a.attnum = u.n ORDER BY a.attname), ''
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE i.indisunique AND NOT i.indisprimary AND n.nspname = 'public' AND c.relkind IN ('r', 'p')
"""
DEFAULT_KEYS_SQL = """
SELECT c.relname, a.attname, pg_get_serial_sequence(quote_ident(c.relname), a.attname),
       pg_get_expr((SELECT d.adbin FROM pg_attrdef d WHERE d.adrelid = c.oid AND d.adnum = a.attnum), c.oid)
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'p' AND k.conkey = ARRAY[a.attnum]
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND (a.attidentity <> '' OR pg_get_expr((SELECT d.adbin FROM pg_attrdef d WHERE d.adrelid = c.oid
       AND d.adnum = a.attnum), c.oid) LIKE 'nextval%')
"""


def _rows(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return list(conn.execute(sql, params or None).fetchall())


def _keys(url: str) -> set[tuple[str, str, tuple[str, ...], str]]:
    return {(t, kind, tuple(cols), parent) for t, kind, cols, parent in _rows(url, KEYS_SQL)}


@pytest.fixture(scope="module")
def pipeline_outcome(
    pagila: tuple[str, str], environment_module: Callable[..., Env]
) -> tuple[Env, dict[str, Any]]:
    url, _ = pagila
    env = environment_module()
    outcome = run_job(
        {
            "full_pipeline": True,
            "discover": {"connection_string": url},
            "subset": {
                "root_table": "customer",
                "filters": {"customer": {"store_id": 1}},
                "sampling_pct": 40,
                "seed": 11,
            },
            "mask": {"rules": "auto"},
            "provision": {
                "target_env": env.name,
                "smoke_checks": [
                    {
                        "name": "customers of store 1",
                        "sql": "SELECT count(DISTINCT store_id) FROM customer",
                        "expect": 1,
                    },
                ],
            },
        }
    )
    assert outcome.status == "completed", outcome.error
    return env, outcome.result["steps"]


def test_full_pipeline_provisions_pagila_with_every_key(
    pagila: tuple[str, str], pipeline_outcome: tuple[Env, dict[str, Any]]
) -> None:
    url, _ = pagila
    env, steps = pipeline_outcome
    assert set(steps) == {"discover", "pii", "subset", "mask", "provision"}
    provision = steps["provision"]
    assert provision["environment"] == env.name
    assert provision["dataset_version_id"] == steps["mask"]["dataset_version_id"]
    assert provision["smoke_test_results"]["passed"] is True
    assert {c["name"] for c in provision["smoke_test_results"]["checks"]} >= {
        "row count customer",
        "foreign keys",
        "customers of store 1",
    }
    # Every primary key, unique constraint (or unique index) and foreign key of the source exists ...
    source_keys, target_keys = _keys(url), _keys(env.url)
    assert source_keys and source_keys <= target_keys, source_keys - target_keys
    # ... and holds: nothing left unvalidated.
    assert _rows(env.url, "SELECT count(*) FROM pg_constraint WHERE NOT convalidated")[0][0] == 0
    # The rows are the dataset's.
    masked_counts = steps["mask"]["row_counts"]
    for table, count in masked_counts.items():
        assert _rows(env.url, f'SELECT count(*) FROM "{table}"')[0][0] == count, table
    assert provision["row_counts"] == masked_counts
    assert sum(masked_counts.values()) > 1000


def test_no_original_value_of_a_masked_column_remains(
    pagila: tuple[str, str], pipeline_outcome: tuple[Env, dict[str, Any]], dataset_store: DatasetStore
) -> None:
    """No masked column of the environment holds a value the subset had in that column; columns masked
    with keyed output of many bits (emails, full hashes) hold no value of the whole source column
    either. (Made-up names and short hashes such as 5-digit postal codes come from small spaces: they
    avoid the dataset's own values, not every value of the source.)"""
    url, _ = pagila
    env, steps = pipeline_outcome
    applied = steps["mask"]["rules_applied"]
    assert {"customer.email", "customer.first_name", "customer.last_name", "address.phone"} <= set(applied)
    subset_version = steps["subset"]["dataset_version_id"]
    checked = 0
    for target in applied:
        table, column = target.split(".")
        query = f'SELECT DISTINCT "{column}"::text FROM "{table}" WHERE "{column}" IS NOT NULL'
        after = {r[0] for r in _rows(env.url, query)}
        if applied[target]["type"] == "mask.null":
            assert not after, target
        batches = dataset_store.read_table(subset_version, table, columns=[column])
        subset_values = {str(v) for b in batches for v in b.column(0).to_pylist() if v is not None}
        assert not (subset_values & after), (target, sorted(subset_values & after)[:5])
        rule = applied[target]
        if rule["type"] == "mask.email_deterministic" or (
            rule["type"] == "mask.hash" and "length" not in rule["params"]
        ):
            source_values = {r[0] for r in _rows(url, query)}
            assert not (source_values & after), (target, sorted(source_values & after)[:5])
        checked += bool(after)
    assert checked >= 6  # masked columns that hold values in the environment


def test_default_keys_insert_after_the_loaded_rows(pipeline_outcome: tuple[Env, dict[str, Any]]) -> None:
    env, _ = pipeline_outcome
    default_keys = _rows(env.url, DEFAULT_KEYS_SQL)
    assert {"customer", "rental", "inventory", "film"} <= {row[0] for row in default_keys}
    with psycopg.connect(env.url) as conn:
        for table, column, sequence, default in default_keys:
            top = conn.execute(f'SELECT max("{column}") FROM "{table}"').fetchone()
            # The value the next INSERT would get: the column's default, or its identity's sequence.
            next_key = f"SELECT {default}" if default else f"SELECT nextval('{sequence}')"
            following = conn.execute(next_key.encode()).fetchone()
            assert top is not None and following is not None
            assert top[0] is None or following[0] > top[0], table
        # A real INSERT relying on the default key: a new actor and a new category.
        conn.execute("INSERT INTO actor (first_name, last_name) VALUES ('NEW', 'ACTOR')")
        conn.execute("INSERT INTO category (name) VALUES ('new category')")
        conn.rollback()


def test_lineage_links_source_subset_masked_and_environment(
    pipeline_outcome: tuple[Env, dict[str, Any]],
) -> None:
    env, steps = pipeline_outcome
    masked = steps["mask"]["dataset_version_id"]
    with get_runtime().session() as session:
        graph = LineageRepository(session).graph("environment", env.id, depth=10)
    edges = {(e["source_type"], e["operation"], e["target_type"]) for e in graph["edges"]}
    assert ("dataset_version", "provisioned_to", "environment") in edges
    assert ("dataset_version", "derived_from", "dataset_version") in edges
    assert ("schema_version", "subset", "dataset_version") in edges
    nodes = {(n["type"], n["id"]) for n in graph["nodes"]}
    assert ("dataset_version", masked) in nodes
    assert ("dataset_version", steps["subset"]["dataset_version_id"]) in nodes
    assert ("schema_version", steps["discover"]["schema_version_id"]) in nodes


def test_provisioning_again_with_a_reset_empties_partitions_and_reloads(
    pipeline_outcome: tuple[Env, dict[str, Any]],
) -> None:
    """Pagila declares its payment keys on each partition: a truncate reset must see them as payment's."""
    env, steps = pipeline_outcome
    again = run_job(
        {
            "provision": {
                "dataset_version_id": steps["mask"]["dataset_version_id"],
                "target_env": env.name,
                "reset_env": True,
            }
        }
    )
    assert again.status == "completed", again.error
    assert again.result["steps"]["provision"]["row_counts"] == steps["mask"]["row_counts"]
    assert _rows(env.url, "SELECT count(*) FROM payment")[0][0] == steps["mask"]["row_counts"]["payment"]
