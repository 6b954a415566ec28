"""The same kind of request on a MariaDB/MySQL source: the subset's rows are those of an independent
closure (computed here over every source row), every foreign key resolves inside the dataset, and
values come back as the source holds them."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pymysql
import pytest
from tdm_agents.common.sources import dispose_source_engines
from tdm_dataset_store import DatasetStore

from tests.integration.conftest import discover, subset
from tests.support.mysql import database_url, mysql_server
from tests.support.subsets import ForeignKey, reference_closure

SEED = 11
SQL = [
    "CREATE TABLE products (sku VARCHAR(20) NOT NULL PRIMARY KEY, name TEXT NOT NULL, "
    "price DECIMAL(10,2) NOT NULL)",
    "CREATE TABLE customers (id INT NOT NULL PRIMARY KEY, referred_by INT NULL, email VARCHAR(80) NOT NULL, "
    "tier ENUM('bronze','silver','gold') NOT NULL, created DATETIME(6) NOT NULL, seen TIMESTAMP NULL, "
    "balance DECIMAL(12,2), prefs JSON, photo BLOB, flags SET('a','b','c'), wakes TIME, born YEAR, "
    "note TEXT, big BIGINT UNSIGNED, UNIQUE KEY customers_email (email), "
    "CONSTRAINT customers_referrer FOREIGN KEY (referred_by) REFERENCES customers (id))",
    "CREATE TABLE orders (region CHAR(2) NOT NULL, order_no INT NOT NULL, "
    "customer_email VARCHAR(80) NOT NULL, placed DATETIME NOT NULL, PRIMARY KEY (region, order_no), "
    "UNIQUE KEY orders_no_region (order_no, region), "
    "CONSTRAINT orders_customer FOREIGN KEY (customer_email) REFERENCES customers (email))",
    "CREATE TABLE order_lines (order_no INT NOT NULL, region CHAR(2) NOT NULL, line_no INT NOT NULL, "
    "sku VARCHAR(20) NOT NULL, qty INT NOT NULL, PRIMARY KEY (region, order_no, line_no), "
    "CONSTRAINT lines_order FOREIGN KEY (order_no, region) REFERENCES orders (order_no, region), "
    "CONSTRAINT lines_product FOREIGN KEY (sku) REFERENCES products (sku))",
    "INSERT INTO products SELECT CONCAT('SKU-', seq), CONCAT('product ', seq), seq * 1.5 FROM seq_1_to_20",
    "INSERT INTO customers SELECT seq, IF(seq % 3 = 0, seq - 1, NULL), CONCAT('u', seq, '@example.com'), "
    "ELT(1 + seq % 3, 'bronze', 'silver', 'gold'), "
    "TIMESTAMP('2024-01-01 10:00:00.123456') + INTERVAL seq DAY, "
    "IF(seq % 4 = 0, NULL, TIMESTAMP('2024-02-01') + INTERVAL seq HOUR), seq * 10.25, "
    "JSON_OBJECT('n', seq, 's', 'quote\"d'), UNHEX(CONCAT('00FF', LPAD(HEX(seq), 4, '0'))), "
    "IF(seq % 2 = 0, 'a,c', ''), SEC_TO_TIME(seq * 61), 1990 + seq, "
    "ELT(1 + seq % 4, NULL, '', 'line\\nbreak, \"quoted\"', 'ünïcode 🚀'), 18446744073709551000 + seq "
    "FROM seq_1_to_60",
    "INSERT INTO orders SELECT IF(seq % 2 = 0, 'EU', 'US'), seq, CONCAT('u', 1 + seq % 60, '@example.com'), "
    "TIMESTAMP('2024-03-01') + INTERVAL seq DAY FROM seq_1_to_120",
    "INSERT INTO order_lines SELECT o.order_no, o.region, l.seq, "
    "CONCAT('SKU-', 1 + (o.order_no + l.seq) % 20), l.seq FROM orders o JOIN seq_1_to_3 l",
]
FKS = [
    ForeignKey("customers", ("referred_by",), "customers", ("id",)),
    ForeignKey("orders", ("customer_email",), "customers", ("email",)),
    ForeignKey("order_lines", ("order_no", "region"), "orders", ("order_no", "region")),
    ForeignKey("order_lines", ("sku",), "products", ("sku",)),
]
KEYS = {
    "products": ("sku",),
    "customers": ("id",),
    "orders": ("region", "order_no"),
    "order_lines": ("region", "order_no", "line_no"),
}


@pytest.fixture(scope="module")
def mariadb(subset_env: dict[str, str]) -> Iterator[tuple[str, str]]:
    server = mysql_server()
    dbname = f"tdm_sub_{uuid.uuid4().hex[:10]}"
    try:
        with server.cursor() as cur:
            cur.execute(f"CREATE DATABASE {dbname}")
            cur.execute(f"USE {dbname}")
            for statement in SQL:
                cur.execute(statement)
        url = database_url(dbname)
        yield url, discover(url)
    finally:
        dispose_source_engines()
        with server.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {dbname}")
        server.close()


def _rows(url: str) -> dict[str, list[dict[str, Any]]]:
    parts = urlsplit(url)
    conn = pymysql.connect(
        host=parts.hostname,
        port=parts.port or 3306,
        user=parts.username or "root",
        password=parts.password or "",
        database=parts.path.lstrip("/"),
        cursorclass=pymysql.cursors.DictCursor,
        init_command="SET time_zone = '+00:00'",
    )
    try:
        with conn.cursor() as cur:
            found = {}
            for table in KEYS:
                cur.execute(f"SELECT * FROM {table}")
                found[table] = list(cur.fetchall())
            return found
    finally:
        conn.close()


def _sample_hash(key: int) -> int:
    """The documented MySQL sampling rule, written out: MD5 of "seed,key", first 15 hex digits."""
    return int(hashlib.md5(f"{SEED},{key}".encode()).hexdigest()[:15], 16) % 1_000_000


def test_mariadb_subset_matches_an_independent_closure(
    mariadb: tuple[str, str], dataset_store: DatasetStore
) -> None:
    url, version = mariadb
    result = subset(
        {
            "schema_version_id": version,
            "connection_string": url,
            "root_table": "customers",
            "filters": {"customers": {"tier": {"in": ["silver", "gold"]}}},
            "date_range": {"table": "orders", "column": "placed", "start": "2024-03-10", "end": "2024-05-31"},
            "sampling_pct": 60,
            "seed": SEED,
        }
    )
    database = urlsplit(url).path.lstrip("/")
    # Tables are named in the result as in the PII map: schema (the database) and table.
    result["row_counts"] = {name.removeprefix(f"{database}."): n for name, n in result["row_counts"].items()}
    rows = _rows(url)
    kept = reference_closure(
        rows,
        FKS,
        root="customers",
        entry={
            "customers": lambda r: r["tier"] in ("silver", "gold") and _sample_hash(r["id"]) < 600_000,
            "orders": lambda r: "2024-03-10" <= r["placed"].isoformat() < "2024-06-01",
        },
    )
    assert result["row_counts"] == {table: len(indexes) for table, indexes in kept.items()}
    assert 0 < result["row_counts"]["customers"] < 60

    version_id = result["dataset_version_id"]
    dataset = {
        table: [
            row
            for batch in dataset_store.read_table(version_id, f"{database}.{table}")
            for row in batch.to_pylist()
        ]
        for table in KEYS
    }
    for table, key in KEYS.items():
        expected = {tuple(rows[table][i][c] for c in key) for i in kept[table]}
        assert {tuple(r[c] for c in key) for r in dataset[table]} == expected, table
    for fk in FKS:  # every reference resolves inside the dataset
        parents = {tuple(r[c] for c in fk.parent_columns) for r in dataset[fk.parent]}
        for row in dataset[fk.child]:
            value = tuple(row[c] for c in fk.child_columns)
            assert None in value or value in parents, (fk, value)

    by_id = {r["id"]: r for r in rows["customers"]}
    for row in dataset["customers"]:
        source = by_id[row["id"]]
        assert row["created"] == source["created"] and row["balance"] == Decimal(source["balance"])
        assert row["photo"] == source["photo"] and row["big"] == source["big"]
        assert row["note"] == source["note"] and row["email"] == source["email"]
        assert row["wakes"] == _time_text(source["wakes"]) and row["born"] == str(source["born"])
        assert (row["seen"] is None) == (source["seen"] is None)
        if source["seen"] is not None:
            assert row["seen"].replace(tzinfo=None) == source["seen"]


def _time_text(value: Any) -> str:
    total = int(value.total_seconds())
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"
