"""Alembic migrations on a brand-new database: the spec's tables, a clean downgrade, no model drift."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from tdm_core.errors import DependencyUnavailableError, InvalidInputError
from tdm_metadata_store import migrations
from tdm_metadata_store.cli import db_check, db_current, main

# Spec section 11.2 DDL: every column of the fourteen tables with its PostgreSQL type
# (information_schema.columns.data_type). Relationships' `name` and masking_rules' dataset_version_id
# come from the table in 11.1.
TS = "timestamp with time zone"
VC = "character varying"
SPEC_COLUMNS: dict[str, dict[str, str]] = {
    "schemas": {
        "id": "uuid",
        "name": VC,
        "description": "text",
        "source_connection_id": "uuid",
        "created_at": TS,
    },
    "schema_versions": {
        "id": "uuid",
        "schema_id": "uuid",
        "version_number": "integer",
        "discovered_at": TS,
        "status": VC,
    },
    "tables": {
        "id": "uuid",
        "schema_version_id": "uuid",
        "name": VC,
        "schema_name": VC,
        "row_count": "bigint",
    },
    "columns": {
        "id": "uuid",
        "table_id": "uuid",
        "name": VC,
        "data_type": VC,
        "inferred_type": VC,
        "nullable": "boolean",
        "ordinal_position": "integer",
    },
    "relationships": {
        "id": "uuid",
        "parent_table_id": "uuid",
        "child_table_id": "uuid",
        "parent_column_id": "uuid",
        "child_column_id": "uuid",
        "name": VC,
    },
    "pii_classification": {
        "id": "uuid",
        "schema_version_id": "uuid",
        "table_name": VC,
        "column_name": VC,
        "pii_type": VC,
        "technique": VC,
        "confidence": "numeric",
        "created_at": TS,
    },
    "dataset_versions": {
        "id": "uuid",
        "name": VC,
        "schema_version_id": "uuid",
        "source_type": VC,
        "status": VC,
        "path_prefix": VC,
        "created_at": TS,
    },
    "dataset_metadata": {
        "id": "uuid",
        "dataset_version_id": "uuid",
        "meta_key": VC,
        "meta_value": "jsonb",
        "created_at": TS,
    },
    "lineage": {
        "id": "uuid",
        "source_type": VC,
        "source_id": VC,
        "target_type": VC,
        "target_id": VC,
        "operation": VC,
        "job_id": "uuid",
        "created_at": TS,
    },
    "masking_rules": {
        "id": "uuid",
        "name": VC,
        "schema_version_id": "uuid",
        "dataset_version_id": "uuid",
        "rules_json": "jsonb",
        "created_at": TS,
    },
    "jobs": {
        "id": "uuid",
        "operation": VC,
        "status": VC,
        "request_json": "jsonb",
        "result_json": "jsonb",
        "started_at": TS,
        "finished_at": TS,
        "user_id": VC,
    },
    "job_logs": {"id": "uuid", "job_id": "uuid", "level": VC, "message": "text", "created_at": TS},
    "environments": {
        "id": "uuid",
        "name": VC,
        "connection_string_encrypted": "text",
        "config_json": "jsonb",
        "created_at": TS,
    },
    "connections": {
        "id": "uuid",
        "name": VC,
        "connection_string_encrypted": "text",
        "type": VC,
        "created_at": TS,
    },
}
# NOT NULL columns of the spec DDL (primary keys aside).
SPEC_NOT_NULL = {
    ("schemas", "name"),
    ("schema_versions", "schema_id"),
    ("schema_versions", "version_number"),
    ("tables", "schema_version_id"),
    ("tables", "name"),
    ("columns", "table_id"),
    ("columns", "name"),
    ("relationships", "parent_table_id"),
    ("relationships", "child_table_id"),
    ("relationships", "parent_column_id"),
    ("relationships", "child_column_id"),
    ("pii_classification", "schema_version_id"),
    ("pii_classification", "table_name"),
    ("pii_classification", "column_name"),
    ("pii_classification", "pii_type"),
    ("dataset_versions", "source_type"),
    ("dataset_versions", "path_prefix"),
    ("dataset_metadata", "dataset_version_id"),
    ("dataset_metadata", "meta_key"),
    ("lineage", "source_type"),
    ("lineage", "source_id"),
    ("lineage", "target_type"),
    ("lineage", "target_id"),
    ("masking_rules", "rules_json"),
    ("jobs", "operation"),
    ("jobs", "status"),
    ("job_logs", "job_id"),
    ("environments", "name"),
    ("connections", "name"),
}
# UNIQUE constraints of the spec DDL.
SPEC_UNIQUE = {
    ("schema_versions", ("schema_id", "version_number")),
    ("tables", ("name", "schema_name", "schema_version_id")),
    ("columns", ("name", "table_id")),
    ("pii_classification", ("column_name", "schema_version_id", "table_name")),
    ("dataset_metadata", ("dataset_version_id", "meta_key")),
    ("environments", ("name",)),
}


# The newest migration: 0001 the initial schema, 0002 the audit events.
HEAD = "0002"


def _query(url: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()  # type: ignore[arg-type]


def _tables(url: str) -> set[str]:
    rows = _query(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
    return {str(r[0]) for r in rows}


def test_upgrade_on_an_empty_database_creates_the_spec_tables_and_columns(empty_database_url: str) -> None:
    url = empty_database_url
    assert migrations.current_revision(url) is None
    assert _tables(url) == set()

    revision = migrations.upgrade_to_head(url)

    assert revision == migrations.head_revision() == HEAD
    assert set(SPEC_COLUMNS) <= _tables(url)
    columns = _query(
        url,
        "SELECT table_name, column_name, data_type, is_nullable, column_default "
        "FROM information_schema.columns WHERE table_schema = 'public'",
    )
    actual = {(str(t), str(c)): (str(d), str(n), d2) for t, c, d, n, d2 in columns}
    for table, spec_columns in SPEC_COLUMNS.items():
        for column, data_type in spec_columns.items():
            assert (table, column) in actual, f"{table}.{column} missing"
            assert actual[(table, column)][0] == data_type, f"{table}.{column}: {actual[(table, column)][0]}"
        # Every spec table has a UUID key generated by the database itself.
        assert actual[(table, "id")][1] == "NO"
        assert actual[(table, "id")][2] == "gen_random_uuid()"
    for table, column in SPEC_NOT_NULL:
        assert actual[(table, column)][1] == "NO", f"{table}.{column} should be NOT NULL"
    assert actual[("pii_classification", "confidence")][0] == "numeric"
    precision = _query(
        url,
        "SELECT numeric_precision, numeric_scale FROM information_schema.columns "
        "WHERE table_name = 'pii_classification' AND column_name = 'confidence'",
    )
    assert precision == [(3, 2)]
    assert actual[("schema_versions", "status")][2] == "'active'::character varying"
    assert actual[("tables", "schema_name")][2] == "'public'::character varying"

    unique = _query(
        url,
        """
        SELECT c.conrelid::regclass::text, array_agg(a.attname::text ORDER BY a.attname), c.conname
        FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
        WHERE c.contype = 'u' GROUP BY c.conrelid, c.conname
        """,
    )
    found_unique = {(str(t), tuple(cols)) for t, cols, _ in unique}  # type: ignore[arg-type]
    assert found_unique >= SPEC_UNIQUE
    # Constraint names come from the naming convention, so later migrations can drop them by name.
    assert "uq_schema_versions_schema_id_version_number" in {str(name) for _, _, name in unique}
    fks = {str(r[0]) for r in _query(url, "SELECT conname FROM pg_constraint WHERE contype = 'f'")}
    assert "fk_schema_versions_schema_id_schemas" in fks
    assert "fk_relationships_parent_column_id_columns" in fks


def test_downgrade_leaves_nothing_and_upgrade_works_again(empty_database_url: str) -> None:
    url = empty_database_url
    migrations.upgrade_to_head(url)
    migrations.downgrade_to_base(url)

    assert _tables(url) <= {"alembic_version"}
    assert migrations.current_revision(url) is None
    # No leftover indexes, sequences or types either.
    leftovers = _query(
        url,
        "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND relname NOT LIKE 'alembic_version%'",
    )
    assert leftovers == []

    assert migrations.upgrade_to_head(url) == HEAD
    assert set(SPEC_COLUMNS) <= _tables(url)
    assert migrations.pending_model_diff(url) == []


def test_models_and_migrations_agree(empty_database_url: str) -> None:
    url = empty_database_url
    # Before migrating, autogenerate sees every table as missing.
    missing = migrations.describe_diff(migrations.pending_model_diff(url))
    assert "add_table: connections" in missing and len(missing) >= 17
    migrations.upgrade_to_head(url)
    assert migrations.pending_model_diff(url) == []
    assert db_check(url) == []


def test_check_reports_drift_and_ignores_checkpoint_tables(empty_database_url: str) -> None:
    url = empty_database_url
    migrations.upgrade_to_head(url)
    with psycopg.connect(url, autocommit=True) as conn:
        # LangGraph's checkpointer keeps its own tables in the same database: not drift.
        conn.execute("CREATE TABLE checkpoints (thread_id text PRIMARY KEY)")
        assert db_check(url) == []
        conn.execute("ALTER TABLE connections DROP COLUMN display_url")
        conn.execute("ALTER TABLE jobs ALTER COLUMN attempts SET DEFAULT 5")
        conn.execute("CREATE TABLE stray (id int)")
    differences = db_check(url)
    assert "add_column: connections.display_url" in differences
    assert "modify_default: jobs.attempts '5' -> '0'" in differences
    assert "remove_table: stray" in differences


def _tdm_db(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("tdm-db")
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [str(script), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_tdm_db_console_script(empty_database_url: str) -> None:
    url = empty_database_url
    before = _tdm_db(url, "current")
    assert before.returncode == 0
    assert "not migrated" in before.stdout and "pending migrations" in before.stdout

    not_migrated = _tdm_db(url, "check")
    assert not_migrated.returncode == 1
    assert "add_table: schemas" in not_migrated.stdout

    up = _tdm_db(url, "upgrade")
    assert up.returncode == 0, up.stderr
    assert f"upgrade: base -> {HEAD}" in up.stdout

    check = _tdm_db(url, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "models and database match" in check.stdout

    down = _tdm_db(url, "downgrade", "--to", "base")
    assert down.returncode == 0, down.stderr
    assert f"downgrade: {HEAD} -> base" in down.stdout
    assert _tables(url) <= {"alembic_version"}


def test_two_processes_upgrading_at_once_both_succeed(empty_database_url: str) -> None:
    """The API and a worker starting together: the advisory lock makes the second wait, then no-op."""
    script = Path(sys.executable).with_name("tdm-db")
    env = {**os.environ, "DATABASE_URL": empty_database_url}
    procs = [
        subprocess.Popen(
            [str(script), "upgrade"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    results = [proc.communicate(timeout=120) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0, 0], results
    assert migrations.current_revision(empty_database_url) == HEAD


def test_unreachable_database_is_a_clear_error_without_the_password() -> None:
    url = "postgresql://tdm:Hunter2-Secret@127.0.0.1:1/none"
    with pytest.raises(DependencyUnavailableError) as caught:
        migrations.current_revision(url)
    assert "Hunter2-Secret" not in str(caught.value)
    assert "127.0.0.1:1" in str(caught.value)


def test_bad_revision_is_invalid_input(empty_database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InvalidInputError, match="nonsense"):
        migrations.upgrade(empty_database_url, "nonsense")
    assert main(["--database-url", empty_database_url, "downgrade", "--to", "nonsense"]) == 1
    assert "nonsense" in capsys.readouterr().err


def test_current_reports_head_after_upgrade(empty_database_url: str) -> None:
    migrations.upgrade_to_head(empty_database_url)
    status = db_current(empty_database_url)
    assert status.current == status.head == HEAD and status.up_to_date
    assert migrations.is_up_to_date(empty_database_url)
