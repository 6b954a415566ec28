"""Subsetting benchmark: 5% of the customers of an 11-million-row database, beside the raw COPY floor.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
        uv run python bench/bench_subset.py [--scale 1.0] [--quarter] [--repeat 3] [--keep]

The data is `bench/subset-11m/` (a copy of the shared generator): categories 500, products 50k,
addresses 1M, customers 1M (30% with a nullable self-reference `referred_by`, kept), orders 3M,
order_items 6M. `--scale` multiplies the four big tables (the generator's constants are scaled, so the
shape stays the same); `--quarter` also runs scale 0.25 to show that memory does not grow with the
data. Databases are created on the DATABASE_URL server (`bench_subset11m_<scale>`) and kept with `--keep`
(generating the full size takes about a minute).

What is measured, in the same run (DESIGN.md section 5: a ratio against a baseline):
- floor: `COPY (SELECT * FROM t) TO STDOUT` of all six tables, read and discarded by `psql` (> /dev/null),
  the least any tool that reads the data must do (best of --repeat);
- subset: the agent -- `parse_request`, then `extract_subset`: the closure in the source (temporary key
  tables, set-based steps), the verification of every foreign key, and the extraction of the kept rows
  through COPY into Parquet files in S3 (SeaweedFS started here when MINIO_ENDPOINT is not set) -- in a
  child process, so its peak RSS (ru_maxrss) is its own. The request: root `customers`, sampling_pct 5,
  seed 1; every foreign key followed, the self-reference included.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg

HERE = Path(__file__).parent
DATA = HERE / "subset-11m"
TABLES = ("categories", "products", "addresses", "customers", "orders", "order_items")
REQUEST = {"root_table": "customers", "sampling_pct": 5, "seed": 1}


def _url(base: str, dbname: str) -> str:
    return f"{base.rsplit('/', 1)[0]}/{dbname}"


def generator_sql(scale: float) -> str:
    """generate.sql with its includes inlined and the big tables' sizes scaled."""
    text = (DATA / "generate.sql").read_text()
    text = text.replace("\\i schema.sql", (DATA / "schema.sql").read_text())
    text = text.replace("\\i constraints.sql", (DATA / "constraints.sql").read_text())
    if scale != 1.0:
        for size in (6_000_000, 3_000_000, 1_000_000):
            text = re.sub(rf"\b{size}\b", str(int(size * scale)), text)
    return text


def ensure_database(base: str, scale: float) -> str:
    name = f"bench_subset11m_{str(scale).replace('.', '_')}"
    url = _url(base, name)
    with psycopg.connect(_url(base, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(url, autocommit=True) as conn:
        ready = conn.execute("SELECT to_regclass('public.order_items') IS NOT NULL").fetchone()
        if ready and ready[0]:
            count = conn.execute("SELECT count(*) FROM order_items").fetchone()
            if count and count[0] == int(6_000_000 * scale):
                return url
        started = time.monotonic()
        conn.execute("DROP TABLE IF EXISTS order_items, orders, customers, addresses, products, categories")
        conn.execute(generator_sql(scale).encode())
        print(f"generated scale {scale} in {time.monotonic() - started:.1f} s", flush=True)
    return url


def floor(url: str, repeat: int) -> float:
    psql = shutil.which("psql")
    times = []
    for _ in range(repeat):
        started = time.monotonic()
        for table in TABLES:
            copy = f"COPY (SELECT * FROM public.{table}) TO STDOUT"
            if psql:
                subprocess.run(
                    [psql, "-X", "-q", "-d", url, "-c", copy], stdout=subprocess.DEVNULL, check=True
                )
            else:  # no client tools: psycopg reads the same stream
                with psycopg.connect(url) as conn, conn.cursor() as cur, cur.copy(copy) as stream:
                    for _chunk in stream:
                        pass
        times.append(time.monotonic() - started)
    return min(times)


def child(url: str) -> None:
    """One subset, measured from inside: prints a JSON line with times, counts and peak RSS."""
    from tdm_agents.common.sources import source_engine
    from tdm_agents.schema_discovery import discover
    from tdm_agents.subsetting.extractor import extract_subset
    from tdm_agents.subsetting.subset_parser import parse_request
    from tdm_core.schema_model import normalize_snapshot
    from tdm_dataset_store import DatasetStore

    engine = source_engine(url)
    snapshot = normalize_snapshot(discover(engine, source="bench", include_stats=False).snapshot)
    store = DatasetStore.load()
    store.ensure_bucket()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    plan = parse_request(REQUEST, snapshot)
    version = str(uuid.uuid4())
    with store.open_version(version) as writer:
        outcome = extract_subset(engine, plan, snapshot, writer)
    wall = time.monotonic() - started
    closure = sum(t.seconds for t in outcome.timings)
    size = sum(f.size_bytes for files in outcome.files.values() for f in files)
    store.purge_version(version)
    print(
        json.dumps(
            {
                "wall": wall,
                "closure": closure,
                "rows": outcome.row_counts,
                "statements": outcome.statements,
                "parquet_bytes": size,
                "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "rss_before_mib": rss_before / 1024,
                "slowest": [
                    (t.label, round(t.seconds, 2), t.rows)
                    for t in sorted(outcome.timings, key=lambda t: -t.seconds)[:6]
                ],
            }
        ),
        flush=True,
    )


def run_child(url: str, env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", url], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"subset child failed:\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--quarter", action="store_true", help="also run scale 0.25 (memory vs data size)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the generated databases")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    base = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    env = dict(os.environ)
    stop = None
    if not env.get("MINIO_ENDPOINT"):
        # The test suite's helper: what the environment names is used, the rest (S3 here) is started.
        sys.path.insert(0, str(HERE.parent))
        from tests.support.services import resolve_services

        os.environ.setdefault("DATABASE_URL", base)
        os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
        endpoints, stop = resolve_services()
        env.update(
            MINIO_ENDPOINT=endpoints.s3_endpoint,
            MINIO_ACCESS_KEY=endpoints.s3_access_key,
            MINIO_SECRET_KEY=endpoints.s3_secret_key,
            MINIO_BUCKET=f"bench-subset-{uuid.uuid4().hex[:8]}",
        )
    env["DATABASE_URL"] = base
    scales = [args.scale] + ([0.25] if args.quarter and args.scale != 0.25 else [])
    print(f"machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}")
    rows_out: list[tuple[float, float, dict[str, Any]]] = []
    created = []
    try:
        for scale in scales:
            url = ensure_database(base, scale)
            created.append(url)
            floor_s = floor(url, args.repeat)
            runs = [run_child(url, env) for _ in range(args.repeat)]
            best = min(runs, key=lambda r: r["wall"])
            rows_out.append((scale, floor_s, best))
            total = sum(best["rows"].values())
            walls = ", ".join(f"{r['wall']:.2f}" for r in runs)
            print(f"\nscale {scale}: floor (COPY of all 6 tables to /dev/null) {floor_s:.2f} s")
            print(
                f"  subset: {best['wall']:.2f} s (closure {best['closure']:.2f} s), {total:,} rows, "
                f"{best['statements']} statements, Parquet {best['parquet_bytes'] / 2**20:.1f} MiB, "
                f"peak RSS {best['peak_rss_mib']:.0f} MiB (after imports {best['rss_before_mib']:.0f}); "
                f"runs: {walls}"
            )
            print(f"  rows: {best['rows']}")
            print(f"  slowest steps: {best['slowest']}")
            print(f"  ratio subset / floor: {best['wall'] / floor_s:.2f}")
    finally:
        if stop is not None:
            stop()
        if not args.keep:
            with psycopg.connect(_url(base, "postgres"), autocommit=True) as conn:
                for url in created:
                    conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    print("\n| scale | source rows | floor s | subset s | ratio | subset rows | peak RSS MiB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for scale, floor_s, best in rows_out:
        source_rows = int(11_050_500 * scale) if scale != 1.0 else 11_050_500
        print(
            f"| {scale} | {source_rows:,} | {floor_s:.2f} | {best['wall']:.2f} | "
            f"{best['wall'] / floor_s:.2f} | {sum(best['rows'].values()):,} | {best['peak_rss_mib']:.0f} |"
        )


if __name__ == "__main__":
    main()
