"""A failed write leaves nothing behind; broken endpoints and credentials give clear, secret-free errors."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pydantic import SecretStr
from tdm_core.errors import ConfigurationError, DependencyUnavailableError, NotFoundError
from tdm_dataset_store import DatasetStore, DatasetStoreSettings

SCHEMA = pa.schema([("id", pa.int64()), ("payload", pa.string())])


class SourceBroke(RuntimeError):
    pass


def batches_then_failure(batches: int, rows: int = 50_000) -> Iterator[pa.RecordBatch]:
    """Enough data to have open multipart uploads in flight when the source fails."""
    for b in range(batches):
        start = b * rows
        yield pa.record_batch(
            [
                pa.array(range(start, start + rows)),
                pa.array([f"{i:032x}{i * 7919:032x}" for i in range(start, start + rows)]),
            ],
            schema=SCHEMA,
        )
    raise SourceBroke("source database went away")


def assert_nothing_left(store: DatasetStore, version_id: str) -> None:
    assert store.list_objects(version_id) == []
    assert store.list_uploads(f"datasets/{version_id}/") == []
    assert store.exists(version_id) is False
    with pytest.raises(NotFoundError):
        store.manifest(version_id)


def test_exception_inside_the_block_leaves_zero_objects_and_uploads(
    small_files_store: DatasetStore, version_id: str
) -> None:
    store = small_files_store
    with pytest.raises(SourceBroke), store.open_version(version_id) as writer:
        writer.write_table("done_table", [next(batches_then_failure(1))], SCHEMA)
        # 8 x 50,000 rows: the table has rolled to part files and multipart uploads are open.
        writer.write_table("failing_table", batches_then_failure(8), SCHEMA)
    assert writer.state == "aborted"
    assert_nothing_left(store, version_id)


def test_failure_after_write_but_before_commit_aborts(store: DatasetStore, version_id: str) -> None:
    with pytest.raises(KeyError), store.open_version(version_id) as writer:
        writer.write_table("t", [next(batches_then_failure(1))], SCHEMA)
        assert store.list_objects(version_id) != []
        raise KeyError("job crashed after writing")
    assert_nothing_left(store, version_id)


def test_a_failed_table_is_removed_and_the_version_can_still_commit(
    small_files_store: DatasetStore, version_id: str
) -> None:
    store = small_files_store
    writer = store.open_version(version_id)
    writer.write_table("good", [next(batches_then_failure(1))], SCHEMA)
    with pytest.raises(SourceBroke):
        writer.write_table("bad", batches_then_failure(7), SCHEMA)
    assert [o.key.rsplit("/", 1)[1] for o in store.list_objects(version_id)] == ["good.parquet"]
    assert store.list_uploads(f"datasets/{version_id}/") == []
    writer.commit()
    assert store.list_tables(version_id) == ["good"]


def test_explicit_abort_deletes_what_was_written(store: DatasetStore, version_id: str) -> None:
    writer = store.open_version(version_id)
    writer.write_table("t", [next(batches_then_failure(1))], SCHEMA)
    assert writer.abort() == 1
    assert_nothing_left(store, version_id)


def test_leftovers_of_a_killed_attempt_are_cleared_on_retry(store: DatasetStore, version_id: str) -> None:
    """A worker killed mid-write cannot abort; the retried job (same version id) starts clean."""
    prefix = f"datasets/{version_id}/"
    store.client.put_object(Bucket=store.bucket, Key=f"{prefix}orders.parquet", Body=b"half a file")
    store.client.create_multipart_upload(Bucket=store.bucket, Key=f"{prefix}big/part-00003.parquet")
    assert store.list_uploads(prefix) != []

    with store.open_version(version_id) as writer:
        writer.write_table("customers", [next(batches_then_failure(1)).slice(0, 10)], SCHEMA)

    assert [o.key for o in store.list_objects(version_id)] == [
        f"{prefix}_manifest.json",
        f"{prefix}customers.parquet",
    ]
    assert store.list_uploads(prefix) == []


def test_verify_detects_a_tampered_file(store: DatasetStore, version_id: str) -> None:
    with store.open_version(version_id) as writer:
        (info,) = writer.write_table("t", [next(batches_then_failure(1)).slice(0, 100)], SCHEMA)
    other = pa.record_batch({"id": pa.array([1, 2], pa.int64()), "payload": pa.array(["a", "b"])})
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_batches([other]), sink)
    store.client.put_object(Bucket=store.bucket, Key=info.key, Body=sink.getvalue().to_pybytes())
    store.client.put_object(Bucket=store.bucket, Key=f"datasets/{version_id}/stray.parquet", Body=b"?")

    report = store.verify_version(version_id)
    assert not report.ok
    (check,) = report.files
    assert "sha256 differs from the manifest" in check.problems
    assert "row count 2 != manifest 100" in check.problems
    assert report.unexpected_keys == [f"datasets/{version_id}/stray.parquet"]


def test_unreachable_endpoint_is_a_retryable_503_without_secrets(
    store_settings: DatasetStoreSettings,
) -> None:
    settings = store_settings.model_copy(
        update={"minio_endpoint": "127.0.0.1:1", "s3_max_attempts": 1, "s3_connect_timeout_seconds": 2.0}
    )
    down = DatasetStore(settings)
    with pytest.raises(DependencyUnavailableError) as caught:
        down.manifest("0f0e0d0c-0000-4000-8000-000000000001")
    error = caught.value
    assert error.status_code == 503 and error.retryable
    assert "http://127.0.0.1:1" in error.detail
    secret = store_settings.secret_access_key
    assert secret is not None and secret.get_secret_value() not in error.detail


def test_wrong_secret_is_a_configuration_error_without_the_secret(
    store_settings: DatasetStoreSettings,
) -> None:
    wrong = "definitely-Wrong-secret-42"
    settings = store_settings.model_copy(update={"minio_secret_key": SecretStr(wrong)})
    with pytest.raises(ConfigurationError, match="refused the credentials") as caught:
        DatasetStore(settings).list_objects("0f0e0d0c-0000-4000-8000-000000000002")
    assert wrong not in caught.value.detail
    assert wrong not in repr(caught.value.__cause__)


def test_missing_bucket_says_so(store_settings: DatasetStoreSettings) -> None:
    settings = store_settings.model_copy(update={"minio_bucket": "tdm-no-such-bucket-for-tests"})
    with pytest.raises(ConfigurationError, match="bucket 'tdm-no-such-bucket-for-tests' does not exist"):
        DatasetStore(settings).list_objects("0f0e0d0c-0000-4000-8000-000000000003")
