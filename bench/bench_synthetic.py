"""Synthetic generation benchmark: 10 million rows across the 8 related tables of the ecommerce pack.

    uv run --group sdv python bench/bench_synthetic.py [--rows 10000000] [--small-rows 1000000]

Measured in the same run, each in a child process (its CPU time and peak RSS are its own):
- tdm: the default engine (`FkGenerator`) on the ecommerce domain pack (category, customer, address,
  product, orders, order_item, payment, product_review: 9 foreign keys, a self-reference, a unique
  two-column key), every batch written to local Parquet files (zstd) as the job streams them to S3.
  Run at --small-rows and at --rows: peak memory should not grow with the rows.
- sdv: SDV's HMASynthesizer on the pair it can model here (customer -> orders), fitted on a 2,000 /
  6,000-row sample made by the tdm engine, then sampling about as many rows again (fit + sample
  timed; rows/s = sampled rows / total seconds). Skipped with a note when SDV is not installed
  (`uv sync --group sdv`).
Rows/s per run = rows written / wall seconds (one core: the engine is single-threaded).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PACK = "ecommerce"


def _usage() -> dict[str, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def run_tdm(rows: int, out: Path) -> dict[str, Any]:
    import pyarrow.parquet as pq
    from tdm_agents.synthetic.domain_packs import load_pack
    from tdm_agents.synthetic.generator import FkGenerator, GenerationOptions
    from tdm_core.schema_model import normalize_snapshot

    pack = load_pack(PACK)
    base = sum(pack.default_row_counts().values())
    snapshot = normalize_snapshot(pack.to_snapshot())
    generator = FkGenerator(GenerationOptions(seed=1, scale=rows / base))
    started = time.perf_counter()
    counts = generator.fit(snapshot)
    written = 0
    for plan in generator.tables():
        schema = None
        writer = None
        for batch in generator.batches(plan.name):
            if writer is None:
                schema = batch.schema
                writer = pq.ParquetWriter(out / f"{plan.name}.parquet", schema, compression="zstd")
            writer.write_batch(batch)
            written += batch.num_rows
        if writer is not None:
            writer.close()
    seconds = time.perf_counter() - started
    return {"engine": "tdm", "rows": written, "tables": len(counts), "seconds": seconds, **_usage()}


def run_sdv(parents: int) -> dict[str, Any]:
    try:
        import sdv  # noqa: F401
    except ImportError:
        return {"engine": "sdv", "skipped": "SDV is not installed: uv sync --group sdv"}
    import pyarrow as pa
    from tdm_agents.synthetic.domain_packs import load_pack
    from tdm_agents.synthetic.generator import FkGenerator, GenerationOptions
    from tdm_agents.synthetic.sdv_runner import SdvEngine
    from tdm_core.schema_model import normalize_snapshot

    pack = load_pack(PACK)
    snapshot = normalize_snapshot(pack.to_snapshot())
    # The "real" sample: customer and orders made by the tdm engine (orders keep only their customer
    # reference: the pair is all SDV models here).
    generator = FkGenerator(GenerationOptions(seed=2))
    generator.fit(snapshot, row_counts={"customer": parents, "orders": parents * 3})
    real = {}
    for name in ("customer", "orders"):
        real[name] = pa.Table.from_batches(list(generator.batches(name))).to_pandas()
    pair = normalize_snapshot(
        {
            "tables": [t.to_dict() for t in snapshot.tables if t.name in real],
            "relationships": [
                r.to_dict()
                for r in snapshot.relationships
                if r.child_table in real and r.parent_table in real
            ],
        }
    )
    real["orders"] = real["orders"][[c.name for c in pair.table(("public", "orders")).columns]]
    engine = SdvEngine(seed=3)
    started = time.perf_counter()
    engine.fit(pair, real)
    fitted = time.perf_counter()
    sampled = engine.sample(1.0)
    ended = time.perf_counter()
    rows = sum(t.num_rows for t in sampled.values())
    return {
        "engine": "sdv",
        "rows": rows,
        "tables": len(sampled),
        "seconds": ended - started,
        "fit_seconds": fitted - started,
        "sample_seconds": ended - fitted,
        **_usage(),
    }


def _child(args: list[str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--small-rows", type=int, default=1_000_000)
    parser.add_argument("--sdv-parents", type=int, default=2_000)
    parser.add_argument("--child", nargs="*")
    args = parser.parse_args()
    if args.child is not None:
        kind, value = args.child[0], int(args.child[1])
        if kind == "tdm":
            with tempfile.TemporaryDirectory() as tmp:
                print(json.dumps(run_tdm(value, Path(tmp))))
        else:
            print(json.dumps(run_sdv(value)))
        return
    results = [
        _child(["tdm", str(args.small_rows)]),
        _child(["tdm", str(args.rows)]),
        _child(["sdv", str(args.sdv_parents)]),
    ]
    print(f"{'engine':<6} {'tables':>6} {'rows':>12} {'seconds':>9} {'rows/s':>12} {'peak MB':>9}")
    for r in results:
        if "skipped" in r:
            print(f"{r['engine']:<6} {r['skipped']}")
            continue
        rate = r["rows"] / r["seconds"]
        r["rows_per_s"] = rate
        print(
            f"{r['engine']:<6} {r['tables']:>6} {r['rows']:>12,} {r['seconds']:>9.1f} {rate:>12,.0f} "
            f"{r['peak_mb']:>9.0f}"
        )
    big, sdv = results[1], results[2]
    if "skipped" not in sdv:
        print(
            f"tdm / sdv rows/s: {big['rows_per_s'] / sdv['rows_per_s']:,.0f}x "
            f"(sdv fit {sdv['fit_seconds']:.1f} s, sample {sdv['sample_seconds']:.1f} s)"
        )
    print(
        f"peak memory {results[0]['rows']:,} rows: {results[0]['peak_mb']:.0f} MB; "
        f"{big['rows']:,} rows: {big['peak_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
