"""Tables larger than one file and one multipart part: part layout, exact round trip, integrity."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pyarrow as pa
import pytest
from tdm_dataset_store import DatasetStore
from tdm_dataset_store import store as store_module
from tdm_dataset_store.settings import MIB

ROWS = 600_000
BATCH = 40_000
SCHEMA = pa.schema([("id", pa.int64()), ("blob", pa.binary(64)), ("label", pa.string())])


def random_batches() -> list[pa.RecordBatch]:
    """~40 MB of incompressible rows: every Parquet file needs several 5 MiB multipart parts."""
    batches = []
    for start in range(0, ROWS, BATCH):
        n = min(BATCH, ROWS - start)
        blob = pa.FixedSizeBinaryArray.from_buffers(
            pa.binary(64), n, [None, pa.py_buffer(os.urandom(64 * n))]
        )
        label = pa.array([None if i % 13 == 0 else f"row-{i}" for i in range(start, start + n)])
        batches.append(
            pa.record_batch([pa.array(range(start, start + n), pa.int64()), blob, label], schema=SCHEMA)
        )
    return batches


@pytest.fixture(scope="module")
def big_input() -> list[pa.RecordBatch]:
    return random_batches()


def multipart_count(store: DatasetStore, key: str) -> int:
    """S3 marks a multipart object's ETag with '-<number of parts>'."""
    etag = store.client.head_object(Bucket=store.bucket, Key=key)["ETag"].strip('"')
    return int(etag.rsplit("-", 1)[1]) if "-" in etag else 1


def test_table_over_the_row_limit_uses_the_part_layout(
    small_files_store: DatasetStore, version_id: str, big_input: list[pa.RecordBatch]
) -> None:
    store = small_files_store
    with store.open_version(version_id) as writer:
        files = writer.write_table("ledger.entries", iter(big_input), SCHEMA)

    prefix = f"datasets/{version_id}/ledger.entries/"
    assert [f.key for f in files] == [f"{prefix}part-{n:05d}.parquet" for n in range(3)]
    assert [f.row_count for f in files] == [250_000, 250_000, 100_000]
    assert [f.part_number for f in files] == [0, 1, 2]
    # The single-file name used before the table rolled over is gone.
    assert {o.key for o in store.list_objects(version_id)} == {f.key for f in files} | {
        f"datasets/{version_id}/_manifest.json"
    }
    assert store.manifest(version_id).table("ledger.entries").layout == "parts"

    # Each full file spans several multipart parts (5 MiB each), i.e. it was streamed, not PUT whole.
    assert files[0].size_bytes > 3 * 5 * MIB
    assert multipart_count(store, files[0].key) >= 3
    assert multipart_count(store, files[1].key) >= 3

    got = pa.Table.from_batches(list(store.read_table(version_id, "ledger.entries")), schema=SCHEMA)
    assert got.equals(pa.Table.from_batches(big_input))
    report = store.verify_version(version_id)
    assert report.ok, report
    assert [c.actual_rows for c in report.files] == [250_000, 250_000, 100_000]


def test_reads_stream_row_group_by_row_group(
    small_files_store: DatasetStore, version_id: str, big_input: list[pa.RecordBatch]
) -> None:
    store = small_files_store
    with store.open_version(version_id) as writer:
        writer.write_table("t", iter(big_input[:5]), SCHEMA)  # 200,000 rows: one file, 4 row groups
    seen: Iterator[pa.RecordBatch] = store.read_table(version_id, "t", batch_size=50_000)
    first = next(seen)
    assert first.num_rows == 50_000
    assert sum(b.num_rows for b in seen) == 150_000


def test_large_first_file_is_moved_with_a_multipart_copy(
    small_files_store: DatasetStore,
    version_id: str,
    big_input: list[pa.RecordBatch],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Files above CopyObject's 5 GiB limit are renamed with UploadPartCopy; lower the limit to run it."""
    store = small_files_store
    monkeypatch.setattr(store_module, "COPY_OBJECT_LIMIT", 1 * MIB)
    with store.open_version(version_id) as writer:
        files = writer.write_table("ledger.entries", iter(big_input[:10]), SCHEMA)  # 400,000 rows -> 2 files
    assert [f.key.rsplit("/", 1)[1] for f in files] == ["part-00000.parquet", "part-00001.parquet"]
    assert multipart_count(store, files[0].key) >= 2
    report = store.verify_version(version_id)
    assert report.ok, report
    got = pa.Table.from_batches(list(store.read_table(version_id, "ledger.entries")), schema=SCHEMA)
    assert got.equals(pa.Table.from_batches(big_input[:10]))


def test_exactly_full_file_stays_single(small_files_store: DatasetStore, version_id: str) -> None:
    """The layout follows the real row count: max_rows_per_file rows is still one file."""
    store = small_files_store
    n = store.settings.tdm_dataset_max_rows_per_file
    batch = pa.record_batch({"id": pa.array(range(n), pa.int64())})
    with store.open_version(version_id) as writer:
        files = writer.write_table("exact", [batch], batch.schema)
    assert [f.key for f in files] == [f"datasets/{version_id}/exact.parquet"]
    assert files[0].row_count == n


@pytest.mark.parametrize("rows", [0, 1, 299, 999, 1000, 1001, 2000, 2001, 3299])
@pytest.mark.parametrize("batch_rows", [7, 300, 1000, 2500])
def test_every_row_lands_in_exactly_one_file(
    store: DatasetStore, version_id: str, rows: int, batch_rows: int
) -> None:
    """Roll-over boundaries: files hold max_rows_per_file rows each, the last one the rest, none lost."""
    tiny = DatasetStore(
        store.settings.model_copy(
            update={"tdm_dataset_max_rows_per_file": 1000, "tdm_dataset_row_group_rows": 300}
        ),
        client=store.client,
    )
    table = pa.table({"id": pa.array(range(rows), pa.int64())})
    with tiny.open_version(version_id) as writer:
        files = writer.write_table("t", table.to_batches(max_chunksize=batch_rows), table.schema)

    expected_files = max(1, -(-rows // 1000))
    assert len(files) == expected_files
    assert [f.row_count for f in files] == [min(1000, rows - 1000 * i) for i in range(expected_files)]
    single = f"datasets/{version_id}/t.parquet"
    assert ([f.key for f in files] == [single]) == (expected_files == 1)
    got = pa.Table.from_batches(list(tiny.read_table(version_id, "t")), schema=table.schema)
    assert got.equals(table)
