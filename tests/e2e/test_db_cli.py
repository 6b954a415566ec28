"""`tdm db upgrade|downgrade|current|check` against a real, freshly created PostgreSQL database."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from tdm_cli.main import app
from tdm_metadata_store.migrations import head_revision
from tdm_metadata_store.settings import libpq_url
from typer.testing import CliRunner

from tests.support.services import ServiceEndpoints

runner = CliRunner()


@pytest.fixture
def fresh_database(services: ServiceEndpoints) -> Iterator[str]:
    base = libpq_url(services.postgres_url).rpartition("/")[0]
    name = f"tdm_cli_db_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _tables(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
    return {row[0] for row in rows}


def test_upgrade_current_check_downgrade(fresh_database: str) -> None:
    url = fresh_database
    current = runner.invoke(app, ["db", "current", "--database-url", url, "--json"])
    assert current.exit_code == 0, current.output
    assert json.loads(current.output)["current"] is None

    upgraded = runner.invoke(app, ["db", "upgrade", "--database-url", url])
    assert upgraded.exit_code == 0, upgraded.output
    assert f"-> {head_revision()}" in upgraded.output
    assert {"jobs", "alembic_version"} <= _tables(url)

    status = json.loads(runner.invoke(app, ["db", "current", "--database-url", url, "--json"]).output)
    assert (status["current"], status["up_to_date"]) == (head_revision(), True)

    check = runner.invoke(app, ["db", "check", "--database-url", url])
    assert check.exit_code == 0, check.output
    assert "models and database match" in check.output

    # Drift the database away from the models: `check` must notice and fail.
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ALTER TABLE jobs ADD COLUMN drift_probe integer")
    drift = runner.invoke(app, ["db", "check", "--database-url", url, "--json"])
    assert drift.exit_code == 1
    report = json.loads(drift.output)
    assert report["match"] is False
    assert any("drift_probe" in line for line in report["differences"])
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ALTER TABLE jobs DROP COLUMN drift_probe")

    down = runner.invoke(app, ["db", "downgrade", "--to", "base", "--yes", "--database-url", url])
    assert down.exit_code == 0, down.output
    assert "jobs" not in _tables(url)


def test_unreachable_database_is_a_clear_error_without_password() -> None:
    url = "postgresql://tdm:s3cr3t-pw@127.0.0.1:1/tdm_metadata"
    result = runner.invoke(app, ["db", "current", "--database-url", url])
    assert result.exit_code == 1
    assert (
        "error: cannot use the metadata database at postgresql://tdm:***@127.0.0.1:1/tdm_metadata"
        in result.output
    )
    assert "s3cr3t-pw" not in result.output
