"""The hard shapes (tests/integration/subsetting/shapes.sql: two schemas, cycles with a NOT NULL side,
self-references, a composite key in another column order, a key to a unique non-PK column, natural
varchar keys, a keyless table with duplicates, a partitioned child, a generated column, an enum with a
quote, columns of every odd type) provisioned into an empty database whose schema only apply_schema
builds: every row reads back exactly as in the source (`t::text`), and every key of the source exists."""

from __future__ import annotations

from collections.abc import Callable

from tests.integration.conftest import discover, run_job, subset
from tests.integration.provisioning.conftest import Env
from tests.integration.subsetting.test_shapes import SQL
from tests.support.subsets import all_rows, expected_text, foreign_keys, reference_closure, rows_as_text

KEYS_SQL = """
SELECT coalesce(pg_partition_root(c.oid), c.oid)::regclass::text, k.contype::text,
       ARRAY(SELECT a.attname::text FROM unnest(k.conkey) u(n) JOIN pg_attribute a
             ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY a.attname)
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE k.contype IN ('p', 'u', 'f') AND n.nspname IN ('shop', 'ref')
"""


def _keys(url: str) -> set[tuple[str, str, tuple[str, ...]]]:
    import psycopg

    with psycopg.connect(url) as conn:
        return {(t, kind, tuple(cols)) for t, kind, cols in conn.execute(KEYS_SQL).fetchall()}


def test_hard_shapes_provision_exactly(
    source_db: Callable[[str, str], str], environment: Callable[..., Env]
) -> None:
    url = source_db("prov_shapes", SQL.replace("-- @keys", "").replace("-- @data", ""))
    version = discover(url)
    request = {
        "schema_version_id": version,
        "connection_string": url,
        "root_table": "shop.customers",
        "filters": {"shop.customers": {"id": {"lte": 40}}},
    }
    result = subset(request)
    env = environment()
    outcome = run_job(
        {"provision": {"dataset_version_id": result["dataset_version_id"], "target_env": env.name}}
    )
    assert outcome.status == "completed", outcome.error
    provision = outcome.result["steps"]["provision"]
    assert provision["row_counts"] == result["row_counts"]
    rows = all_rows(url)
    kept = reference_closure(
        rows, foreign_keys(url), root="shop.customers", entry={"shop.customers": lambda r: r["id"] <= 40}
    )
    for table, texts in expected_text(rows, kept).items():
        # The generated column is computed again by the environment: the rows read back whole.
        assert sorted(rows_as_text(env.url, table)) == texts, f"rows of {table} differ"
    assert _keys(url) <= _keys(env.url), _keys(url) - _keys(env.url)
