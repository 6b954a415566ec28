"""Presigned downloads and version purge, checked from the outside (plain HTTP, bucket listings)."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from collections.abc import Callable

import pyarrow as pa
import pytest
from tdm_core.errors import BadRequestError, InvalidInputError, NotFoundError
from tdm_dataset_store import DatasetStore

from tests.support.polling import wait_until


def http_get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        data: bytes = response.read()
    return data


def write_sample(store: DatasetStore, version_id: str, rows: int = 20_000) -> None:
    schema = pa.schema([("id", pa.int64()), ("email", pa.string())])
    batch = pa.record_batch(
        [pa.array(range(rows)), pa.array([f"user{i}@example.test" for i in range(rows)])], schema=schema
    )
    with store.open_version(version_id) as writer:
        writer.write_table("crm.contacts", [batch], schema)
        writer.write_table("crm.notes", [batch.slice(0, 10)], schema)


def test_presigned_url_downloads_exactly_the_object(store: DatasetStore, version_id: str) -> None:
    write_sample(store, version_id)
    info = store.table(version_id, "crm.contacts").files[0]

    url = store.presigned_url((version_id, "crm.contacts"), expires_in=300)
    downloaded = http_get(url)

    stored = store.client.get_object(Bucket=store.bucket, Key=info.key)["Body"].read()
    assert downloaded == stored
    assert len(downloaded) == info.size_bytes
    assert hashlib.sha256(downloaded).hexdigest() == info.sha256

    by_key = http_get(store.presigned_url(info.key, expires_in=300))
    assert hashlib.sha256(by_key).hexdigest() == info.sha256


def http_error_code(url: str) -> int | None:
    """The HTTP error status a GET of `url` answers with, or None when it downloads."""
    try:
        http_get(url)
    except urllib.error.HTTPError as error:
        error.close()
        return error.code
    return None


def test_presigned_url_expires(store: DatasetStore, version_id: str) -> None:
    write_sample(store, version_id, rows=10)
    url = store.presigned_url((version_id, "crm.notes"), expires_in=1)
    # S3 checks the expiry by its own clock: ask until it refuses (any refusal ends the wait).
    code = wait_until(
        lambda: http_error_code(url), timeout=30, interval=0.25, message="a 1 s presigned URL still downloads"
    )
    assert code == 403


def test_presign_errors_are_clear(
    store: DatasetStore, small_files_store: DatasetStore, version_id: str
) -> None:
    with pytest.raises(NotFoundError):
        store.presigned_url((version_id, "crm.contacts"))
    with pytest.raises(NotFoundError, match="not found"):
        store.presigned_url(f"datasets/{version_id}/nothing.parquet")
    with pytest.raises(InvalidInputError, match="not a dataset-store key"):
        store.presigned_url("other-app/secret.txt")
    write_sample(store, version_id, rows=10)
    with pytest.raises(InvalidInputError, match="expires_in"):
        store.presigned_url((version_id, "crm.notes"), expires_in=8 * 24 * 3600)


def test_part_tables_get_one_url_per_part(small_files_store: DatasetStore, version_id: str) -> None:
    store = small_files_store
    rows = store.settings.tdm_dataset_max_rows_per_file + 5
    batch = pa.record_batch({"id": pa.array(range(rows), pa.int64())})
    with store.open_version(version_id) as writer:
        writer.write_table("big", [batch], batch.schema)
    with pytest.raises(BadRequestError, match="has 2 part files; use presigned_urls"):
        store.presigned_url((version_id, "big"))
    pairs = store.presigned_urls(version_id, "big")
    assert [info.part_number for info, _ in pairs] == [0, 1]
    for info, url in pairs:
        assert hashlib.sha256(http_get(url)).hexdigest() == info.sha256


def test_purge_removes_every_object_of_one_version_only(
    small_files_store: DatasetStore, new_version_id: Callable[[], str]
) -> None:
    store = small_files_store
    doomed, kept = new_version_id(), new_version_id()
    rows = 2 * store.settings.tdm_dataset_max_rows_per_file + 1
    batch = pa.record_batch({"id": pa.array(range(rows), pa.int64())})
    for vid in (doomed, kept):
        with store.open_version(vid) as writer:
            writer.write_table("big", [batch], batch.schema)
            writer.write_table("small", [batch.slice(0, 3)], batch.schema)
    before = store.list_objects(doomed)
    assert len(before) == 5  # 3 parts + 1 single file + manifest
    kept_before = store.list_objects(kept)

    assert store.purge_version(doomed) == 5

    assert store.list_objects(doomed) == []
    listing = store.client.list_objects_v2(Bucket=store.bucket, Prefix=f"datasets/{doomed}")
    assert listing.get("KeyCount", 0) == 0
    assert store.exists(doomed) is False
    with pytest.raises(NotFoundError):
        store.read_table(doomed, "big")
    assert store.list_objects(kept) == kept_before
    assert store.verify_version(kept).ok
    assert store.purge_version(doomed) == 0  # idempotent: a retried purge is harmless


def test_purge_pages_through_more_than_one_listing_page(store: DatasetStore, version_id: str) -> None:
    """More than 1000 objects: the listing is paginated and deletes go in batches of 1000."""
    for i in range(1005):
        store.client.put_object(Bucket=store.bucket, Key=f"datasets/{version_id}/junk/{i:05d}", Body=b"x")
    assert len(store.list_objects(version_id)) == 1005
    assert store.purge_version(version_id) == 1005
    assert store.list_objects(version_id) == []
