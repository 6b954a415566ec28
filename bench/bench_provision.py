"""Provisioning benchmark: a 5.5-million-row dataset version loaded into an empty PostgreSQL database,
keys included, beside a raw `COPY FROM` of the same rows into the same kind of database.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        uv run python bench/bench_provision.py [--scale 0.5] [--repeat 2] [--keep]

The data is `bench/subset-11m/` at `--scale` (0.5: categories 500, products 50k, addresses 500k,
customers 500k with a self-reference, orders 1.5M, order_items 3M), made into a dataset version by the
subsetting agent (root customers, every customer; the other tables passed through whole), in S3
(SeaweedFS started here unless MINIO_ENDPOINT is set). Not timed.

Measured in the same run, into a fresh database each time, best of --repeat:
- floor: the six tables created without keys, each table's rows (CSV written to local files before the
  clock starts, so the floor reads no Parquet and no S3) sent to `COPY ... FROM STDIN` through psycopg,
  then `constraints.sql` (six primary keys, six foreign keys, five indexes) -- the least a tool that
  loads this data with its keys must do;
- provision: the agent's phases on one transaction -- `apply_schema` (tables from the schema version),
  `load` (Parquet from S3 -> CSV -> COPY ... FREEZE), `add_keys` (the same keys and indexes, from the
  schema version), `set_sequences`, the built-in smoke tests (row counts) -- and the commit.
Rows/s = dataset rows / wall seconds; the goal is provision >= 0.9x the floor's rows/s.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_subset import DATA, TABLES, ensure_database  # noqa: E402

from tests.support.subsets import create_empty, drop_database  # noqa: E402

CHUNK = 1 << 20


def make_dataset(source_url: str) -> tuple[str, Any]:
    """(dataset version id, snapshot) of every row of the source, through the subsetting agent."""
    from tdm_agents.common.sources import source_engine
    from tdm_agents.schema_discovery import discover
    from tdm_agents.subsetting.extractor import extract_subset
    from tdm_agents.subsetting.subset_parser import parse_request
    from tdm_core.schema_model import normalize_snapshot
    from tdm_dataset_store import DatasetStore

    engine = source_engine(source_url)
    snapshot = normalize_snapshot(discover(engine, source="bench", include_stats=False).snapshot)
    store = DatasetStore.load()
    store.ensure_bucket()
    others = [table for table in TABLES if table != "customers"]
    plan = parse_request({"root_table": "customers", "passthrough_tables": others}, snapshot)
    version = str(uuid.uuid4())
    started = time.monotonic()
    with store.open_version(version) as writer:
        outcome = extract_subset(engine, plan, snapshot, writer)
    store.close()
    engine.dispose()
    print(
        f"dataset: {sum(outcome.row_counts.values()):,} rows in {time.monotonic() - started:.1f} s (untimed)"
    )
    return version, snapshot


def export_csv(source_url: str, folder: Path) -> dict[str, Path]:
    files = {}
    with psycopg.connect(source_url) as conn:
        for table in TABLES:
            path = folder / f"{table}.csv"
            statement = f"COPY public.{table} TO STDOUT (FORMAT csv)"
            with path.open("wb") as out, conn.cursor() as cur, cur.copy(statement) as copy:
                for chunk in copy:
                    out.write(chunk)
            files[table] = path
    return files


def floor(base: str, files: dict[str, Path]) -> dict[str, float]:
    url = create_empty(base, "bench_prov_floor")
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute((DATA / "schema.sql").read_text().encode())
            started = time.monotonic()
            for table, path in files.items():
                statement = f"COPY public.{table} FROM STDIN (FORMAT csv)"
                with conn.cursor() as cur, cur.copy(statement) as copy, path.open("rb") as data:
                    while chunk := data.read(CHUNK):
                        copy.write(chunk)
            copied = time.monotonic()
            conn.execute((DATA / "constraints.sql").read_text().encode())
            done = time.monotonic()
        return {"copy": copied - started, "keys": done - copied, "wall": done - started}
    finally:
        drop_database(url)


def provision(base: str, version: str, snapshot: Any) -> dict[str, Any]:
    from tdm_agents.provisioning.postgres_target import PostgresProvisioner, dataset_tables
    from tdm_dataset_store import DatasetStore

    url = create_empty(base, "bench_prov_env")
    store = DatasetStore.load()
    try:
        tables = dataset_tables(store, version)
        with psycopg.connect(url) as conn:
            started = time.monotonic()
            provisioner = PostgresProvisioner(conn, snapshot, tables)
            provisioner.apply_schema()
            provisioner.load(store, version, lambda _table, _rows: None)
            loaded = time.monotonic()
            provisioner.add_keys()
            provisioner.set_sequences()
            keyed = time.monotonic()
            results = provisioner.smoke_tests([])
            conn.commit()
            done = time.monotonic()
        assert all(r["passed"] for r in results), results
        return {
            "copy": loaded - started,
            "keys": keyed - loaded,
            "wall": done - started,
            "rows": sum(provisioner.report.row_counts.values()),
            "changes": len(provisioner.report.changes),
        }
    finally:
        store.close()
        drop_database(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.5)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the generated source database")
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    stop = None
    if not os.environ.get("MINIO_ENDPOINT"):
        from tests.support.services import resolve_services

        os.environ.setdefault("DATABASE_URL", base)
        os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
        endpoints, stop = resolve_services()
        os.environ.update(
            MINIO_ENDPOINT=endpoints.s3_endpoint,
            MINIO_ACCESS_KEY=endpoints.s3_access_key,
            MINIO_SECRET_KEY=endpoints.s3_secret_key,
            MINIO_BUCKET=f"bench-provision-{uuid.uuid4().hex[:8]}",
        )
    print(f"machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}")
    source = ensure_database(base, args.scale)
    try:
        version, snapshot = make_dataset(source)
        with tempfile.TemporaryDirectory(prefix="bench-provision-") as folder:
            files = export_csv(source, Path(folder))
            floors, runs = [], []
            for _ in range(args.repeat):
                floors.append(floor(base, files))
                runs.append(provision(base, version, snapshot))
        best_floor = min(floors, key=lambda r: r["wall"])
        best = min(runs, key=lambda r: r["wall"])
        rows = best["rows"]

        def walls(measured: list[dict[str, Any]]) -> str:
            return ", ".join(f"{r['wall']:.2f}" for r in measured)

        print(f"\nfloor runs: {walls(floors)} s")
        print(f"provision runs: {walls(runs)} s ({best['changes']} schema changes)")
        print("\n| measure | floor (COPY FROM + constraints.sql) | provision (agent) |")
        print("|---|---:|---:|")
        print(f"| rows | {rows:,} | {rows:,} |")
        print(f"| COPY s | {best_floor['copy']:.2f} | {best['copy']:.2f} |")
        print(f"| keys and indexes s | {best_floor['keys']:.2f} | {best['keys']:.2f} |")
        print(f"| total s | {best_floor['wall']:.2f} | {best['wall']:.2f} |")
        print(f"| rows/s | {rows / best_floor['wall']:,.0f} | {rows / best['wall']:,.0f} |")
        print(f"\nprovision rows/s / floor rows/s: {best_floor['wall'] / best['wall']:.2f} (goal >= 0.9)")
    finally:
        if stop is not None:
            stop()
        if not args.keep:
            drop_database(source)


if __name__ == "__main__":
    main()
