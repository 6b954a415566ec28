"""Masking benchmark: 10 million rows, 4 masked columns (email, hash, FPE card, fake name).

    uv run python bench/bench_mask.py [--rows 10000000] [--naive-rows 200000]

S3 is SeaweedFS started here (the test suite's helper) unless MINIO_ENDPOINT names one. The data is a
dataset version of one table `people` (id bigint, email, ssn, card, name, city), generated here:
distinct emails, SSN-like strings, 16-digit Luhn-valid card numbers with one BIN, names from 5,000
distinct values -- so the masking works on 10M, 10M, 10M and 5k distinct values.

Measured in the same run, each in a child process (its CPU time and peak RSS are its own):
- floor: every batch of the table read from Parquet and written back unchanged through the dataset
  store (`read_table` + `write_table`): what any masking must at least do;
- masked: `mask_dataset` with the four rules (`resolve_rules` on the table's schema), integrity
  fingerprints included;
- naive: a per-row Python loop over the same data (rows as dicts, one call per cell: `hmac.digest` for
  email and hash, the reference `FF1.encrypt` for the card, a keyed pick for the name) on the first
  --naive-rows rows (extrapolated per cell: the loop is linear).
Cells/s per core = masked cells / CPU seconds of the process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
BATCH = 500_000
RULES = {
    "people.email": "mask.email_deterministic",
    "people.ssn": {"type": "mask.hash", "params": {"alphabet": "digits", "length": 9}},
    "people.card": "mask.fpe_pan",
    "people.name": {"type": "mask.fake_name", "params": {"part": "full"}},
}
SNAPSHOT = {
    "tables": [
        {
            "name": "people",
            "constraints": [{"type": "primary_key", "columns": ["id"]}],
            "columns": [
                {"name": "id", "data_type": "bigint", "nullable": False},
                {"name": "email", "data_type": "text"},
                {"name": "ssn", "data_type": "character varying(11)"},
                {"name": "card", "data_type": "character varying(19)"},
                {"name": "name", "data_type": "text"},
                {"name": "city", "data_type": "text"},
            ],
        }
    ]
}


def _usage() -> dict[str, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024}


def generate(rows: int) -> str:
    """The source dataset version; returns its id."""
    import numpy as np
    import pyarrow as pa
    from tdm_dataset_store import DatasetStore

    store = DatasetStore.load()
    store.ensure_bucket()
    version = str(uuid.uuid4())
    schema = pa.schema(
        [
            ("id", pa.int64()),
            ("email", pa.string()),
            ("ssn", pa.string()),
            ("card", pa.string()),
            ("name", pa.string()),
            ("city", pa.string()),
        ]
    )
    rng = np.random.default_rng(7)

    def batches() -> Any:
        for start in range(0, rows, BATCH):
            n = min(BATCH, rows - start)
            ids = np.arange(start, start + n, dtype=np.int64)
            digits = rng.integers(0, 10, size=(n, 9), dtype=np.uint8)
            body = np.concatenate([np.tile(np.array([4, 5, 3, 2, 7, 8], np.uint8), (n, 1)), digits], axis=1)
            doubled = (np.arange(15)[::-1] % 2) == 0
            weighted = np.where(doubled, body * 2, body)
            weighted = np.where(weighted > 9, weighted - 9, weighted)
            check = ((10 - weighted.sum(axis=1) % 10) % 10).astype(np.uint8)
            cards = (np.concatenate([body, check[:, None]], axis=1) + 48).astype(np.uint8)
            yield pa.RecordBatch.from_arrays(
                [
                    pa.array(ids),
                    pa.array([f"user{i}@mail.example.org" for i in ids.tolist()]),
                    pa.array(
                        [f"{i % 900 + 100:03d}-{i % 90 + 10:02d}-{i % 9000 + 1000:04d}" for i in ids.tolist()]
                    ),
                    pa.array(cards.view("S16").ravel().astype("U16").tolist()),
                    pa.array([f"Person {i % 5000}" for i in ids.tolist()]),
                    pa.array([f"city {i % 300}" for i in ids.tolist()]),
                ],
                schema=schema,
            )

    with store.open_version(version) as writer:
        writer.write_table("people", batches(), schema)
    store.close()
    return version


def floor_child(source: str) -> dict[str, Any]:
    from tdm_dataset_store import DatasetStore

    store = DatasetStore.load()
    before = _usage()
    started = time.monotonic()
    target = str(uuid.uuid4())
    with store.open_version(target) as writer:
        schema = store.table_schema(source, "people")
        writer.write_table("people", store.read_table(source, "people"), schema)
    wall = time.monotonic() - started
    store.purge_version(target)
    after = _usage()
    return {"wall": wall, "cpu": after["cpu"] - before["cpu"], "rss_mib": after["rss_mib"]}


def masked_child(source: str) -> dict[str, Any]:
    from tdm_agents.masking.engine import mask_dataset
    from tdm_agents.masking.keys import MaskingKey
    from tdm_agents.masking.rules import resolve_rules
    from tdm_agents.masking.transformers.base import MaskContext
    from tdm_core.schema_model import normalize_snapshot
    from tdm_dataset_store import DatasetStore

    store = DatasetStore.load()
    plan = resolve_rules(RULES, normalize_snapshot(SNAPSHOT))
    ctx = MaskContext(key=MaskingKey("bench", bytes(range(32))))
    before = _usage()
    started = time.monotonic()
    target = str(uuid.uuid4())
    with store.open_version(target) as writer:
        outcome = mask_dataset(store, source, writer, plan, ctx, table_names={"people": "people"})
    wall = time.monotonic() - started
    store.purge_version(target)
    after = _usage()
    rows = outcome.row_counts["people"]
    return {
        "wall": wall,
        "cpu": after["cpu"] - before["cpu"],
        "rss_mib": after["rss_mib"],
        "rows": rows,
        "problems": outcome.problems,
    }


PER_TRANSFORMER = [
    ("mask.email_deterministic", "email"),
    ("mask.hash", "ssn"),
    ("mask.null", "email"),
    ("mask.redact", "email"),
    ("mask.fpe_pan", "card"),
    ("mask.fake_name", "email"),
    ("mask.tokenize (no vault)", "email"),
]


def transformers_child(source: str, rows: int) -> dict[str, Any]:
    """Each transformer alone on `rows` distinct values of a column: cells per CPU second."""
    from tdm_agents.masking.keys import MaskingKey
    from tdm_agents.masking.transformers.base import ColumnSpec, MaskContext
    from tdm_agents.masking.transformers.registry import resolve_rule
    from tdm_dataset_store import DatasetStore

    store = DatasetStore.load()
    columns: dict[str, list[Any]] = {"email": [], "ssn": [], "card": []}
    for batch in store.read_table(source, "people", columns=list(columns)):
        for name, values in columns.items():
            values.extend(batch.column(name).to_pylist())
        if len(columns["email"]) >= rows:
            break

    def candidates(_namespace: str, texts: list[str], factory: Any) -> dict[str, str]:
        return {text: factory(text) for text in texts}

    ctx = MaskContext(key=MaskingKey("bench", bytes(range(32))), tokenize=candidates)
    rates = {}
    for rule, column in PER_TRANSFORMER:
        transformer, params = resolve_rule(rule.split(" ")[0])
        values = columns[column][:rows]
        before = _usage()["cpu"]
        transformer.mask(values, params, ColumnSpec("people", column, "text"), ctx)
        rates[rule] = len(values) / max(1e-9, _usage()["cpu"] - before)
    return {"rates": rates, "rows": rows}


def naive_child(source: str, rows: int) -> dict[str, Any]:
    import hmac

    from tdm_agents.masking.ff1 import FF1
    from tdm_agents.masking.transformers.fakes_data import FIRST_NAMES, LAST_NAMES
    from tdm_agents.masking.transformers.fpe_pan import luhn_digit
    from tdm_dataset_store import DatasetStore

    store = DatasetStore.load()
    key = bytes(range(32))
    ff1 = FF1(key, 10)
    done = 0
    before = _usage()
    started = time.monotonic()
    for batch in store.read_table(source, "people"):
        for row in batch.slice(0, rows - done).to_pylist():
            row["email"] = (
                hmac.digest(key, row["email"].lower().encode(), "sha256").hex()[:16] + "@example.com"
            )
            row["ssn"] = str(int.from_bytes(hmac.digest(key, row["ssn"].encode(), "sha256")[:8], "big"))[:9]
            digits = [int(c) for c in row["card"]]
            middle = ff1.encrypt(digits[6:15], row["card"][:6].encode())
            body = digits[:6] + middle
            row["card"] = "".join(map(str, [*body, luhn_digit(body)]))
            raw = hmac.digest(key, row["name"].encode(), "sha256")
            row["name"] = f"{FIRST_NAMES['en'][raw[0] % 50]} {LAST_NAMES['en'][raw[1] % 40]}"
            done += 1
        if done >= rows:
            break
    wall = time.monotonic() - started
    after = _usage()
    return {"wall": wall, "cpu": after["cpu"] - before["cpu"], "rows": done, "rss_mib": after["rss_mib"]}


def run_child(kind: str, source: str, env: dict[str, str], extra: str = "") -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, source, extra],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{kind} child failed:\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--naive-rows", type=int, default=200_000)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, source, extra = args.child
        if kind == "naive":
            result = naive_child(source, int(extra))
        elif kind == "transformers":
            result = transformers_child(source, int(extra))
        else:
            result = {"floor": floor_child, "masked": masked_child}[kind](source)
        print(json.dumps(result), flush=True)
        return
    env = dict(os.environ)
    stop = None
    if not env.get("MINIO_ENDPOINT"):
        sys.path.insert(0, str(HERE.parent))
        from tests.support.services import resolve_services

        os.environ.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
        os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
        endpoints, stop = resolve_services()
        env.update(
            MINIO_ENDPOINT=endpoints.s3_endpoint,
            MINIO_ACCESS_KEY=endpoints.s3_access_key,
            MINIO_SECRET_KEY=endpoints.s3_secret_key,
            MINIO_BUCKET=f"bench-mask-{uuid.uuid4().hex[:8]}",
        )
        os.environ.update(
            {k: env[k] for k in ("MINIO_ENDPOINT", "MINIO_ACCESS_KEY", "MINIO_SECRET_KEY", "MINIO_BUCKET")}
        )
    try:
        started = time.monotonic()
        source = generate(args.rows)
        print(f"generated {args.rows:,} rows in {time.monotonic() - started:.1f} s", flush=True)
        floor = run_child("floor", source, env)
        masked = run_child("masked", source, env)
        naive = run_child("naive", source, env, str(args.naive_rows))
        alone = run_child("transformers", source, env, str(min(args.rows, 1_000_000)))
    finally:
        if stop is not None:
            stop()
    cells = masked["rows"] * 4
    naive_cells = naive["rows"] * 4

    def timing(run: dict[str, Any]) -> str:
        return f"{run['wall']:.1f} s wall, {run['cpu']:.1f} s CPU, peak RSS {run['rss_mib']:.0f} MiB"

    print(f"\nfloor  (read + write unchanged): {timing(floor)}")
    print(f"masked (4 columns):              {timing(masked)}, problems {masked['problems']}")
    print(f"naive  ({naive['rows']:,} rows):        {naive['wall']:.1f} s wall, {naive['cpu']:.1f} s CPU")
    print("\n| measure | floor | masked | naive per-row loop |")
    print("|---|---:|---:|---:|")
    extrapolated = naive["wall"] * args.rows / naive["rows"]
    print(
        f"| wall s ({args.rows:,} rows) | {floor['wall']:.1f} | {masked['wall']:.1f} | "
        f"{extrapolated:.0f} (extrapolated) |"
    )
    for label, key in (("CPU s (per core)", "cpu"), ("wall s", "wall")):
        print(
            f"| masked cells / {label} | | {cells / masked[key] / 1e6:.2f} M | "
            f"{naive_cells / naive[key] / 1e6:.3f} M |"
        )
    print(f"| peak RSS MiB | {floor['rss_mib']:.0f} | {masked['rss_mib']:.0f} | {naive['rss_mib']:.0f} |")
    print(f"\neach transformer alone on {alone['rows']:,} distinct values (cells per CPU second):")
    print("| transformer | cells/s per core |")
    print("|---|---:|")
    for rule, rate in alone["rates"].items():
        print(f"| {rule} | {rate / 1e6:.2f} M |")
    print(
        f"\nmasked / floor wall: {masked['wall'] / floor['wall']:.2f}; masked / naive per cell: "
        f"{(naive['wall'] / naive_cells) / (masked['wall'] / cells):.1f}x faster"
    )


if __name__ == "__main__":
    main()
