"""Dataset store benchmark: streamed Parquet write/read through S3 vs materialise-then-upload.

    MINIO_ENDPOINT=http://127.0.0.1:8333 MINIO_ACCESS_KEY=tdmdev MINIO_SECRET_KEY=tdmdevsecret \
        uv run python bench/bench_dataset_store.py [--rows 2000000]

What it shows (DESIGN.md section 5: a ratio against a baseline measured in the same run):
- streamed write: rows generated batch by batch (never the whole table in memory) -> DatasetStore
  writer -> multipart upload. Peak RSS growth of the writing process vs the data size.
- baseline: the same rows materialised as one pa.Table, pq.write_table to a local file, then one
  boto3 upload_file. Time and peak RSS growth.
- read-back: read_table streamed and compared with the regenerated rows, slice by slice.
- presigned download of every file (sha256 checked against the manifest) vs boto3 get_object, and purge.

Each write/read runs in a fresh child process, so each peak RSS (ru_maxrss) belongs to that step alone;
growth = peak minus the RSS the child had after imports and setup.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing as mp
import os
import platform
import resource
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psutil
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from tdm_dataset_store import DatasetStore, DatasetStoreSettings

TABLE = "bench.events"
MIB = 1024 * 1024

SCHEMA = pa.schema(
    [
        pa.field("event_id", pa.int64(), nullable=False),
        pa.field("customer_id", pa.int64()),
        pa.field("amount", pa.decimal128(12, 2)),
        pa.field("created_at", pa.timestamp("us", tz="UTC")),
        pa.field("full_name", pa.string()),
        pa.field("email", pa.string()),
        pa.field("country", pa.string()),
        pa.field("note", pa.string()),
        pa.field("active", pa.bool_()),
        pa.field("score", pa.float64()),
        pa.field("tags", pa.list_(pa.string())),
    ]
)

_FIRST = pa.array(
    [
        "Anna",
        "Bruno",
        "Chloé",
        "Dmitri",
        "Emeka",
        "Fatima",
        "Giulia",
        "Hiro",
        "Ines",
        "Jonas",
        "Kofi",
        "Lena",
        "Mateo",
        "Nora",
        "Olu",
        "Priya",
        "Quentin",
        "Rosa",
        "Sven",
        "Tariq",
    ]
)
_LAST = pa.array(
    [
        "Andersen",
        "Bianchi",
        "Costa",
        "Dubois",
        "Eriksen",
        "Fischer",
        "García",
        "Horvat",
        "Ivanova",
        "Jensen",
        "Kowalski",
        "Lefèvre",
        "Moreau",
        "Novak",
        "Okafor",
        "Petrov",
        "Quispe",
        "Rossi",
    ]
)
_DOMAINS = pa.array(["example.com", "mail.test", "bank.example", "shop.example", "corp.test"])
_COUNTRIES = pa.array(
    ["FR", "DE", "IT", "ES", "NL", "BE", "PL", "SE", "GB", "US", "CA", "BR", "IN", "JP", "NG"]
)
_WORDS = pa.array(
    [
        "refund",
        "requested",
        "card",
        "payment",
        "declined",
        "delivery",
        "late",
        "customer",
        "called",
        "address",
        "updated",
        "loyalty",
        "points",
        "credited",
        "invoice",
        "sent",
        "twice",
        "account",
        "review",
        "pending",
        "transfer",
        "limit",
        "raised",
        "fraud",
        "check",
        "cleared",
    ]
)
_TAGS = pa.array(["vip", "new", "churn-risk", "b2b", "promo", "support", "mobile", "web"])


def _ints(n: int, seed: int, upper: float) -> pa.Array:
    """n seeded pseudo-random integers in [0, upper)."""
    return pc.cast(pc.floor(pc.multiply(pc.random(n, initializer=seed), upper)), pa.int64())


def _pick(values: pa.Array, n: int, seed: int) -> pa.Array:
    return values.take(_ints(n, seed, len(values)))


def make_batch(index: int, start: int, n: int) -> pa.RecordBatch:
    """Batch `index` of the data set: deterministic, so it can be regenerated to check the read-back."""
    seed = 1_000_003 * (index + 1)
    first, last = _pick(_FIRST, n, seed + 1), _pick(_LAST, n, seed + 2)
    name = pc.binary_join_element_wise(first, last, " ")
    email = pc.binary_join_element_wise(
        pc.utf8_lower(first),
        pc.cast(_ints(n, seed + 3, 1e5), pa.string()),
        pc.binary_join_element_wise(pa.scalar("@"), _pick(_DOMAINS, n, seed + 4), ""),
        "",
    )
    note = pc.binary_join_element_wise(*[_pick(_WORDS, n, seed + 10 + k) for k in range(6)], " ")
    tag_values = _pick(_TAGS, 2 * n, seed + 5)
    tags = pa.ListArray.from_arrays(pa.array(range(0, 2 * n + 1, 2), pa.int32()), tag_values)
    r_amount = pc.random(n, initializer=seed + 6)
    amount = pc.cast(pc.round(pc.multiply(r_amount, 100_000), 2), pa.decimal128(12, 2), safe=False)
    # ~5% nulls in a few columns, as real extracts have.
    nulls = pc.less(pc.random(n, initializer=seed + 7), 0.05)
    base = int(datetime(2024, 1, 1, tzinfo=UTC).timestamp() * 1_000_000)
    created = pc.add(_ints(n, seed + 8, 365 * 86400 * 1e6), base)
    return pa.record_batch(
        [
            pa.array(range(start, start + n), pa.int64()),
            _ints(n, seed + 9, 1e6),
            pc.if_else(nulls, pa.scalar(None, pa.decimal128(12, 2)), amount),
            pc.cast(created, pa.timestamp("us", tz="UTC")),
            name,
            pc.if_else(nulls, pa.scalar(None, pa.string()), email),
            _pick(_COUNTRIES, n, seed + 11),
            note,
            pc.less(pc.random(n, initializer=seed + 12), 0.8),
            pc.random(n, initializer=seed + 13),
            tags,
        ],
        schema=SCHEMA,
    )


def generate(rows: int, batch_rows: int) -> Iterator[pa.RecordBatch]:
    for index, start in enumerate(range(0, rows, batch_rows)):
        yield make_batch(index, start, min(batch_rows, rows - start))


def compare_streams(left: Iterable[pa.RecordBatch], right: Iterable[pa.RecordBatch]) -> int:
    """Exact equality of two batch streams whose batch boundaries differ; memory = two batches."""
    it_l, it_r = iter(left), iter(right)
    cur_l: pa.RecordBatch | None = None
    cur_r: pa.RecordBatch | None = None
    off_l = off_r = rows = 0
    while True:
        while cur_l is None or off_l == cur_l.num_rows:
            cur_l, off_l = next(it_l, None), 0
            if cur_l is None:
                break
        while cur_r is None or off_r == cur_r.num_rows:
            cur_r, off_r = next(it_r, None), 0
            if cur_r is None:
                break
        if cur_l is None or cur_r is None:
            if cur_l is not None or cur_r is not None:
                raise AssertionError(f"streams differ in length after {rows} rows")
            return rows
        n = min(cur_l.num_rows - off_l, cur_r.num_rows - off_r)
        if not cur_l.slice(off_l, n).equals(cur_r.slice(off_r, n)):
            raise AssertionError(f"rows {rows}..{rows + n} differ")
        off_l += n
        off_r += n
        rows += n


# --- child processes -----------------------------------------------------------------------------


def _rss() -> int:
    return int(psutil.Process().memory_info().rss)


def _peak_rss() -> int:
    # Linux reports ru_maxrss in KiB.
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


def _warm_up() -> None:
    # Load pyarrow's compute kernels, Parquet and boto3 code before the baseline RSS is taken.
    batch = make_batch(0, 0, 1000)
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_batches([batch]), sink, compression="zstd")
    pq.read_table(pa.BufferReader(sink.getvalue()))


def child_streamed_write(
    settings: DatasetStoreSettings, version_id: str, rows: int, batch_rows: int
) -> dict[str, Any]:
    store = DatasetStore(settings)
    _warm_up()
    rss0 = _rss()
    arrow_bytes = 0

    def counted() -> Iterator[pa.RecordBatch]:
        nonlocal arrow_bytes
        for batch in generate(rows, batch_rows):
            arrow_bytes += batch.nbytes
            yield batch

    t0 = time.perf_counter()
    with store.open_version(version_id) as writer:
        files = writer.write_table(TABLE, counted(), SCHEMA)
    elapsed = time.perf_counter() - t0
    return {
        "seconds": elapsed,
        "rss_before": rss0,
        "peak_growth": _peak_rss() - rss0,
        "arrow_bytes": arrow_bytes,
        "parquet_bytes": sum(f.size_bytes for f in files),
        "files": [(f.key, f.row_count, f.size_bytes) for f in files],
    }


def child_baseline(settings: DatasetStoreSettings, key: str, rows: int, batch_rows: int) -> dict[str, Any]:
    store = DatasetStore(settings)
    _warm_up()
    rss0 = _rss()
    t0 = time.perf_counter()
    table = pa.Table.from_batches(list(generate(rows, batch_rows)), schema=SCHEMA)
    arrow_bytes = table.nbytes
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "events.parquet")
        pq.write_table(table, path, compression="zstd", row_group_size=settings.tdm_dataset_row_group_rows)
        t_local = time.perf_counter() - t0
        size = os.path.getsize(path)
        store.client.upload_file(path, store.bucket, key)
    elapsed = time.perf_counter() - t0
    return {
        "seconds": elapsed,
        "local_write_seconds": t_local,
        "rss_before": rss0,
        "peak_growth": _peak_rss() - rss0,
        "arrow_bytes": arrow_bytes,
        "parquet_bytes": size,
    }


def child_read(settings: DatasetStoreSettings, version_id: str, rows: int, batch_rows: int) -> dict[str, Any]:
    store = DatasetStore(settings)
    _warm_up()
    rss0 = _rss()
    t0 = time.perf_counter()
    checked = compare_streams(store.read_table(version_id, TABLE), generate(rows, batch_rows))
    elapsed = time.perf_counter() - t0
    return {"seconds": elapsed, "rows": checked, "rss_before": rss0, "peak_growth": _peak_rss() - rss0}


def _child_entry(queue: Any, fn_name: str, args: tuple[Any, ...]) -> None:
    try:
        queue.put(("ok", globals()[fn_name](*args)))
    except BaseException as exc:  # report to the parent instead of dying silently
        queue.put(("error", f"{type(exc).__name__}: {exc}"))


def run_child(fn_name: str, *args: Any) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child_entry, args=(queue, fn_name, args))
    proc.start()
    status, payload = queue.get()
    proc.join()
    if status != "ok":
        raise SystemExit(f"{fn_name} failed: {payload}")
    result: dict[str, Any] = payload
    return result


# --- parent ----------------------------------------------------------------------------------------


@dataclass
class Timed:
    seconds: float
    nbytes: int


def download_presigned(urls: list[tuple[str, str]]) -> Timed:
    t0 = time.perf_counter()
    total = 0
    for url, sha in urls:
        digest = hashlib.sha256()
        with urllib.request.urlopen(url, timeout=120) as response:
            while chunk := response.read(MIB):
                digest.update(chunk)
                total += len(chunk)
        if digest.hexdigest() != sha:
            raise AssertionError("presigned download does not match the manifest sha256")
    return Timed(time.perf_counter() - t0, total)


def download_boto3(store: DatasetStore, keys: list[str]) -> Timed:
    t0 = time.perf_counter()
    total = 0
    for key in keys:
        body = store.client.get_object(Bucket=store.bucket, Key=key)["Body"]
        digest = hashlib.sha256()
        for chunk in body.iter_chunks(MIB):
            digest.update(chunk)
            total += len(chunk)
    return Timed(time.perf_counter() - t0, total)


def mib(n: float) -> str:
    return f"{n / MIB:,.1f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--batch-rows", type=int, default=50_000, help="rows per generated record batch")
    parser.add_argument(
        "--max-rows-per-file", type=int, default=1_000_000, help="roll to part files above this"
    )
    parser.add_argument("--bucket", default=None, help="bucket to use (default: a fresh tdm-bench-* bucket)")
    args = parser.parse_args()

    bucket = args.bucket or f"tdm-bench-{uuid.uuid4().hex[:8]}"
    settings = DatasetStoreSettings.load().model_copy(
        update={
            "minio_bucket": bucket,
            "s3_bucket": None,
            "tdm_dataset_max_rows_per_file": args.max_rows_per_file,
        }
    )
    store = DatasetStore(settings)
    created = store.ensure_bucket()
    version_id = str(uuid.uuid4())
    baseline_key = f"datasets/{uuid.uuid4()}/baseline.parquet"
    print(
        f"dataset-store bench: {args.rows:,} rows, batches of {args.batch_rows:,}, "
        f"endpoint {store.endpoint}, bucket {bucket}"
    )
    print(
        f"settings: part {mib(settings.tdm_dataset_part_size_bytes)}, upload concurrency "
        f"{settings.tdm_dataset_upload_concurrency}, row group {settings.tdm_dataset_row_group_rows:,} rows, "
        f"max rows/file {settings.tdm_dataset_max_rows_per_file:,}, "
        f"compression {settings.tdm_dataset_compression}"
    )
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cpus, python {platform.python_version()}, "
        f"pyarrow {pa.__version__}"
    )
    try:
        streamed = run_child("child_streamed_write", settings, version_id, args.rows, args.batch_rows)
        baseline = run_child("child_baseline", settings, baseline_key, args.rows, args.batch_rows)
        read = run_child("child_read", settings, version_id, args.rows, args.batch_rows)

        manifest = store.manifest(version_id)
        entry = manifest.table(TABLE)
        pairs = store.presigned_urls(version_id, TABLE, expires_in=900)
        presigned = download_presigned([(url, info.sha256) for info, url in pairs])
        via_boto = download_boto3(store, [info.key for info, _ in pairs])
        verify_t0 = time.perf_counter()
        report = store.verify_version(version_id)
        verify_s = time.perf_counter() - verify_t0
        if not report.ok:
            raise AssertionError(f"verify_version failed: {report}")
        purge_t0 = time.perf_counter()
        purged = store.purge_version(version_id)
        purge_s = time.perf_counter() - purge_t0
        if store.list_objects(version_id):
            raise AssertionError("purge left objects behind")
    finally:
        store.purge_version(version_id)
        store.delete_keys([baseline_key])
        if created:
            store.client.delete_bucket(Bucket=bucket)

    arrow = streamed["arrow_bytes"]
    rows = args.rows
    print()
    print(
        f"data: {rows:,} rows, Arrow in memory {mib(arrow)} ({arrow / rows:.0f} B/row), "
        f"Parquet {mib(streamed['parquet_bytes'])} in {len(entry.files)} file(s): "
        + ", ".join(
            f"{k.rsplit('/', 2)[-2] + '/' + k.rsplit('/', 1)[-1]} {r:,} rows" for k, r, _ in streamed["files"]
        )
    )
    print()
    print(f"{'step':<42}{'time s':>9}{'rows/s':>12}{'peak RSS growth':>18}")
    for label, res in (
        ("streamed write (DatasetStore)", streamed),
        ("baseline: pa.Table + pq.write_table + upload", baseline),
        ("streamed read + equality check", read),
    ):
        print(
            f"{label:<42}{res['seconds']:>9.2f}{rows / res['seconds']:>12,.0f}{mib(res['peak_growth']):>18}"
        )
    print(f"{'  (baseline local Parquet write part)':<42}{baseline['local_write_seconds']:>9.2f}")
    print(
        f"{'presigned download (' + mib(presigned.nbytes) + ', sha256 ok)':<42}{presigned.seconds:>9.2f}"
        f"{presigned.nbytes / MIB / presigned.seconds:>10.0f} MiB/s"
    )
    print(
        f"{'boto3 get_object download (same bytes)':<42}{via_boto.seconds:>9.2f}"
        f"{via_boto.nbytes / MIB / via_boto.seconds:>10.0f} MiB/s"
    )
    print(f"{'verify_version (sha256 + footers)':<42}{verify_s:>9.2f}")
    print(f"{'purge_version (' + str(purged) + ' objects)':<42}{purge_s:>9.2f}")
    print()
    print("ratios:")
    print(f"  streamed peak / Arrow data size      {streamed['peak_growth'] / arrow:.3f}")
    print(f"  streamed peak / Parquet size         {streamed['peak_growth'] / streamed['parquet_bytes']:.3f}")
    print(f"  baseline peak / Arrow data size      {baseline['peak_growth'] / arrow:.3f}")
    print(f"  streamed peak / baseline peak        {streamed['peak_growth'] / baseline['peak_growth']:.3f}")
    print(f"  streamed time / baseline time        {streamed['seconds'] / baseline['seconds']:.3f}")
    print(f"  read peak / Arrow data size          {read['peak_growth'] / arrow:.3f}")
    print(f"  presigned time / boto3 get time      {presigned.seconds / via_boto.seconds:.3f}")


if __name__ == "__main__":
    main()
