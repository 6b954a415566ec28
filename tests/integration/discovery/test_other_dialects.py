"""MariaDB/MySQL and SQLite through the dialect-neutral inspector path: a small schema with a composite
foreign key discovered, profiled and saved correctly."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import Engine
from tdm_agents.common.sources import dispose_source_engines, source_engine
from tdm_agents.schema_discovery import Discovery, discover
from tdm_core.errors import InvalidInputError
from tdm_orchestrator import enqueue_job

from tests.integration.discovery.conftest import save_and_load
from tests.integration.orchestrator.support import create_job, run_burst_worker, wait_for_status
from tests.support.mysql import MYSQL_URL, mysql_server

MYSQL_SQL = [
    "CREATE TABLE regions (country CHAR(2) NOT NULL, code CHAR(2) NOT NULL, name VARCHAR(40), "
    "PRIMARY KEY (country, code), UNIQUE KEY regions_code_country (code, country)) "
    "COMMENT = 'sales regions'",
    "CREATE TABLE shops (id INT AUTO_INCREMENT PRIMARY KEY, country CHAR(2) NOT NULL, "
    "region CHAR(2) NOT NULL, kind ENUM('kiosk', 'store', 'mall') NOT NULL COMMENT 'shop format', "
    "qty INT, CONSTRAINT qty_positive CHECK (qty > 0), "
    "CONSTRAINT shops_region_fk FOREIGN KEY (region, country) REFERENCES regions (code, country) "
    "ON DELETE CASCADE)",
    "CREATE INDEX shops_kind ON shops (kind)",
    "CREATE VIEW shop_kinds AS SELECT kind, count(*) AS n FROM shops GROUP BY kind",
    "INSERT INTO regions VALUES ('US', 'CA', 'California'), ('US', 'NY', 'New York')",
    "INSERT INTO shops (country, region, kind, qty) SELECT 'US', IF(seq % 2 = 0, 'CA', 'NY'), "
    "ELT(1 + seq % 3, 'kiosk', 'store', 'mall'), seq FROM seq_1_to_30",
]

SQLITE_SQL = """
CREATE TABLE regions (country TEXT NOT NULL, code TEXT NOT NULL, name TEXT, PRIMARY KEY (country, code));
CREATE TABLE shops (
    id INTEGER PRIMARY KEY,
    country TEXT NOT NULL,
    region TEXT NOT NULL,
    qty INTEGER CONSTRAINT qty_positive CHECK (qty > 0),
    CONSTRAINT shops_region_fk FOREIGN KEY (region, country) REFERENCES regions (code, country)
        ON DELETE CASCADE
);
CREATE INDEX shops_big ON shops (region) WHERE qty > 20;
CREATE VIEW shop_regions AS SELECT region, count(*) AS n FROM shops GROUP BY region;
INSERT INTO regions VALUES ('US', 'CA', 'California'), ('US', 'NY', 'New York');
"""


@pytest.fixture(scope="module")
def mysql_url() -> Iterator[str]:
    server = mysql_server()
    dbname = f"tdm_disc_{uuid.uuid4().hex[:10]}"
    parts = urlsplit(MYSQL_URL)
    try:
        with server.cursor() as cur:
            cur.execute(f"CREATE DATABASE {dbname}")
            cur.execute(f"USE {dbname}")
            for statement in MYSQL_SQL:
                cur.execute(statement)
        yield parts._replace(path=f"/{dbname}").geturl()
    finally:
        dispose_source_engines()
        with server.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {dbname}")
        server.close()


@pytest.fixture(scope="module")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("sqlite") / "shops.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(SQLITE_SQL)
        conn.executemany(
            "INSERT INTO shops (country, region, qty) VALUES ('US', ?, ?)",
            [("CA" if i % 2 == 0 else "NY", i) for i in range(1, 31)],
        )
    conn.close()
    # SQLite sources are off unless their folder is allowed (they are files on the worker host).
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TDM_SOURCE_SQLITE_DIRS", str(path.parent))
        yield f"sqlite:///{path}"
    dispose_source_engines()


def _check_composite_key(found: Discovery, loaded: dict[str, Any], schema: str) -> None:
    tables = {t["name"]: t for t in loaded["tables"]}
    assert {name: t["kind"] for name, t in tables.items()} == {
        "regions": "table",
        "shops": "table",
        next(n for n in tables if n.startswith("shop_")): "view",
    }
    assert all(t["schema"] == schema for t in tables.values())
    regions_pk = next(c for c in tables["regions"]["constraints"] if c["type"] == "primary_key")
    assert regions_pk["columns"] == ["country", "code"]
    [fk] = loaded["relationships"]
    assert (fk["child_table"], fk["parent_table"], fk["on_delete"]) == ("shops", "regions", "CASCADE")
    # Declared (region, country) -> (code, country): each pair, in that order.
    assert list(zip(fk["child_columns"], fk["parent_columns"], strict=True)) == [
        ("region", "code"),
        ("country", "country"),
    ]
    shops = {c["name"]: c for c in tables["shops"]["columns"]}
    assert [c["name"] for c in tables["shops"]["columns"]][:3] == ["id", "country", "region"]
    assert shops["id"]["is_primary_key"] and not shops["region"]["nullable"] and shops["qty"]["nullable"]
    checks = [c for c in tables["shops"]["constraints"] if c["type"] == "check"]
    assert [c["name"] for c in checks] == ["qty_positive"] and "qty" in checks[0]["definition"]
    assert tables["shops"]["row_count"] == 30 and tables["shops"]["row_count_estimated"] is False
    region = shops["region"]["stats"]
    assert region["distinct_count"] == 2
    assert {v["value"]: v["count"] for v in region["top_values"]} == {"CA": 15, "NY": 15}
    assert shops["qty"]["stats"]["min"] == "1" and shops["qty"]["stats"]["max"] == "30"
    assert found.external_references == []


def test_mariadb_composite_foreign_key(mysql_url: str, engine: Engine) -> None:
    found = discover(source_engine(mysql_url), source="mariadb")
    database = urlsplit(mysql_url).path.lstrip("/")
    assert found.info["dialect"] == "mysql" and found.info["schemas"] == [database]
    loaded, saved = save_and_load(engine, found, "mariadb")
    _check_composite_key(found, loaded, database)
    tables = {t["name"]: t for t in loaded["tables"]}
    kind = next(c for c in tables["shops"]["columns"] if c["name"] == "kind")
    assert kind["type_details"]["enum_labels"] == ["kiosk", "store", "mall"]
    assert kind["comment"] == "shop format" and tables["regions"]["comment"] == "sales regions"
    assert sorted(v["value"] for v in kind["stats"]["top_values"]) == ["kiosk", "mall", "store"]
    shop_id = next(c for c in tables["shops"]["columns"] if c["name"] == "id")
    assert shop_id["type_details"]["auto_increment"] is True
    indexes = {i["name"]: i for i in tables["shops"]["indexes"]}
    assert indexes["shops_kind"]["columns"] == ["kind"]
    assert saved["relationships"][0]["deferrable"] is False and "on_update" not in saved["relationships"][0]


def test_mariadb_unknown_database_is_named(mysql_url: str) -> None:
    missing = mysql_url.rsplit("/", 1)[0] + "/no_such_db_here"
    with pytest.raises(InvalidInputError, match="the database 'no_such_db_here' does not exist"):
        discover(source_engine(missing), source=missing)


def test_sqlite_composite_foreign_key_partial_index_and_capped_counts(
    sqlite_url: str, engine: Engine
) -> None:
    found = discover(source_engine(sqlite_url), source="sqlite")
    assert found.info["dialect"] == "sqlite" and found.info["schemas"] == ["main"]
    loaded, _ = save_and_load(engine, found, "sqlite")
    _check_composite_key(found, loaded, "main")
    shops = next(t for t in loaded["tables"] if t["name"] == "shops")
    assert shops["indexes"] == [
        {"name": "shops_big", "columns": ["region"], "unique": False, "predicate": "qty > 20"}
    ]
    # No catalog estimate outside PostgreSQL: counting stops at the threshold (bounded time).
    capped = discover(source_engine(sqlite_url), exact_count_threshold=10, include_stats=False)
    assert capped.stats["main.shops"] == {
        "row_count": 11,
        "row_count_estimated": True,
        "row_count_lower_bound": True,
    }
    assert capped.stats["main.regions"] == {"row_count": 2, "row_count_estimated": False}


def test_sqlite_file_that_does_not_exist_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TDM_SOURCE_SQLITE_DIRS", str(tmp_path))
    missing = tmp_path / "nope.db"
    with pytest.raises(InvalidInputError, match="does not exist"):
        source_engine(f"sqlite:///{missing}")
    assert not missing.exists()  # and none was created


def test_mariadb_through_a_discovery_job(
    discovery_env: dict[str, str], mysql_url: str, engine: Engine, tmp_path: Path
) -> None:
    # The request's default schemas (["public"]) mean the URL's database on MySQL/MariaDB.
    job_id = create_job(engine, {"discover": {"connection_string": mysql_url}})
    assert enqueue_job(job_id) is True
    log = run_burst_worker(tmp_path)
    job = wait_for_status(engine, job_id, {"completed", "failed"}, timeout=10)
    assert job.status == "completed", f"{job.error}\n{log[-3000:]}"
    discover_result = (job.result_json or {})["steps"]["discover"]
    database = urlsplit(mysql_url).path.lstrip("/")
    assert discover_result["schemas"] == [database]
    assert discover_result["counts"] == {"tables": 3, "columns": 10, "relationships": 1}
    assert "(" not in discover_result["schema_name"]
