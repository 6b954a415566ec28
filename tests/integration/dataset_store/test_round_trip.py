"""What goes in comes back: several tables, awkward types, nulls, through real S3."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pyarrow as pa
import pytest
from tdm_core.errors import ConflictError, InvalidInputError, NotFoundError
from tdm_dataset_store import DatasetStore

CUSTOMERS_SCHEMA = pa.schema(
    [
        pa.field("customer_id", pa.int64(), nullable=False),
        pa.field("full_name", pa.string()),
        pa.field("balance", pa.decimal128(12, 2)),
        pa.field("opened_at", pa.timestamp("us", tz="Europe/Paris")),
        pa.field("birth_date", pa.date32()),
        pa.field("tags", pa.list_(pa.string())),
        pa.field("score", pa.float64()),
        pa.field("active", pa.bool_()),
        pa.field("photo", pa.binary()),
        pa.field("notes", pa.large_string()),
    ]
)


def customers(n: int, start: int = 0) -> pa.RecordBatch:
    ids = range(start, start + n)
    return pa.record_batch(
        [
            pa.array(list(ids), pa.int64()),
            pa.array([None if i % 7 == 0 else f"Zoë O'Brien-{i} 東京" for i in ids]),
            pa.array(
                [None if i % 5 == 0 else Decimal(f"{i * 13 % 100000}.{i % 100:02d}") for i in ids],
                pa.decimal128(12, 2),
            ),
            pa.array(
                [
                    None
                    if i % 11 == 0
                    else dt.datetime(2024, 3, 31, 1, 30, tzinfo=dt.UTC) + dt.timedelta(minutes=i)
                    for i in ids
                ],
                pa.timestamp("us", tz="Europe/Paris"),
            ),
            pa.array(
                [None if i % 3 == 0 else dt.date(1950, 1, 1) + dt.timedelta(days=i) for i in ids], pa.date32()
            ),
            pa.array(
                [None if i % 4 == 0 else [] if i % 4 == 1 else ["vip", None, f"t{i}"] for i in ids],
                pa.list_(pa.string()),
            ),
            pa.array([None if i % 6 == 0 else i / 3 for i in ids], pa.float64()),
            pa.array([None if i % 9 == 0 else i % 2 == 0 for i in ids], pa.bool_()),
            pa.array([None if i % 8 == 0 else bytes([i % 256]) * (i % 17) for i in ids], pa.binary()),
            pa.array([None if i % 10 == 0 else "x" * (i % 50) for i in ids], pa.large_string()),
        ],
        schema=CUSTOMERS_SCHEMA,
    )


ORDERS_SCHEMA = pa.schema(
    [("order_id", pa.int32()), ("customer_id", pa.int64()), ("total", pa.decimal128(10, 2))]
)


def orders(n: int) -> pa.RecordBatch:
    return pa.record_batch(
        [
            pa.array(range(n), pa.int32()),
            pa.array([i % 97 for i in range(n)], pa.int64()),
            pa.array([Decimal(i) / 4 for i in range(n)], pa.decimal128(10, 2)),
        ],
        schema=ORDERS_SCHEMA,
    )


def read_back(store: DatasetStore, version_id: str, table: str) -> pa.Table:
    return pa.Table.from_batches(
        list(store.read_table(version_id, table)), schema=store.table_schema(version_id, table)
    )


def test_multi_table_round_trip_is_exact(store: DatasetStore, version_id: str) -> None:
    customer_batches = [customers(1000, 0), customers(1, 1000), customers(2500, 1001)]
    order_batches = [orders(3000)]
    with store.open_version(version_id) as writer:
        customer_files = writer.write_table("crm.customers", iter(customer_batches), CUSTOMERS_SCHEMA)
        order_files = writer.write_table("sales.orders", order_batches, ORDERS_SCHEMA)
        writer.write_table("audit_log", [], pa.schema([("event", pa.string())]))

    assert [f.key for f in customer_files] == [f"datasets/{version_id}/crm.customers.parquet"]
    assert [f.key for f in order_files] == [f"datasets/{version_id}/sales.orders.parquet"]
    assert customer_files[0].row_count == 3501

    assert store.list_tables(version_id) == ["crm.customers", "sales.orders", "audit_log"]
    expected = pa.Table.from_batches(customer_batches)
    got = read_back(store, version_id, "crm.customers")
    assert got.schema.equals(CUSTOMERS_SCHEMA)
    assert got.equals(expected)
    assert got.column("opened_at").type.tz == "Europe/Paris"
    assert got.column("full_name").null_count == expected.column("full_name").null_count > 0
    assert read_back(store, version_id, "sales.orders").equals(pa.Table.from_batches(order_batches))

    empty = read_back(store, version_id, "audit_log")
    assert empty.num_rows == 0
    assert empty.schema.names == ["event"]


def test_manifest_records_files_rows_checksums_and_schema(store: DatasetStore, version_id: str) -> None:
    with store.open_version(version_id) as writer:
        files = writer.write_table("sales.orders", [orders(500)], ORDERS_SCHEMA)

    manifest_object = store.client.get_object(
        Bucket=store.bucket, Key=f"datasets/{version_id}/_manifest.json"
    )
    raw = json.loads(manifest_object["Body"].read())
    assert raw["dataset_version_id"] == version_id
    assert raw["row_count"] == 500
    (table,) = raw["tables"]
    assert table["name"] == "sales.orders"
    assert table["layout"] == "single"
    assert [f["sha256"] for f in table["files"]] == [files[0].sha256]
    assert table["files"][0]["size_bytes"] == files[0].size_bytes
    assert {"name": "total", "type": "decimal128(10, 2)", "nullable": True} in table["fields"]

    listed = {o.key: o.size_bytes for o in store.list_objects(version_id)}
    assert listed[files[0].key] == files[0].size_bytes
    report = store.verify_version(version_id)
    assert report.ok, report


def test_columns_can_be_projected_and_batches_are_bounded(store: DatasetStore, version_id: str) -> None:
    with store.open_version(version_id) as writer:
        writer.write_table("sales.orders", [orders(5000)], ORDERS_SCHEMA)
    batches = list(store.read_table(version_id, "sales.orders", columns=["total"], batch_size=1000))
    assert all(b.num_rows <= 1000 for b in batches)
    assert (
        pa.Table.from_batches(batches)
        .column("total")
        .equals(pa.Table.from_batches([orders(5000)]).column("total"))
    )
    with pytest.raises(InvalidInputError, match=r"no column\(s\) \['nope'\]"):
        store.read_table(version_id, "sales.orders", columns=["nope"])


def test_losslessly_castable_batches_are_accepted(store: DatasetStore, version_id: str) -> None:
    narrow = pa.record_batch(
        {
            "order_id": pa.array([1, 2], pa.int8()),
            "customer_id": pa.array([3, 4], pa.int32()),
            "total": pa.array([Decimal("1.50"), None], pa.decimal128(10, 2)),
        }
    )
    with store.open_version(version_id) as writer:
        writer.write_table("orders", [narrow], ORDERS_SCHEMA)
    got = read_back(store, version_id, "orders")
    assert got.schema.equals(ORDERS_SCHEMA)
    assert got.column("order_id").to_pylist() == [1, 2]


def test_batches_that_do_not_match_the_schema_are_refused(store: DatasetStore, version_id: str) -> None:
    wrong_columns = pa.record_batch({"order_id": pa.array([1], pa.int32())})
    lossy = pa.record_batch(
        {
            "order_id": pa.array([2**40], pa.int64()),
            "customer_id": pa.array([1], pa.int64()),
            "total": pa.array([Decimal("1.00")], pa.decimal128(10, 2)),
        }
    )
    with store.open_version(version_id) as writer:
        with pytest.raises(InvalidInputError, match=r"missing \['customer_id', 'total'\]"):
            writer.write_table("orders", [wrong_columns], ORDERS_SCHEMA)
        with pytest.raises(InvalidInputError, match="order_id: int64 -> int32") as caught:
            writer.write_table("orders", [lossy], ORDERS_SCHEMA)
        assert str(2**40) not in caught.value.detail  # values never leak into errors
        writer.write_table("orders", [orders(3)], ORDERS_SCHEMA)  # the name is still free
        with pytest.raises(ConflictError, match="already written"):
            writer.write_table("orders", [orders(3)], ORDERS_SCHEMA)
    assert store.manifest(version_id).table("orders").row_count == 3


def test_a_committed_version_is_immutable(store: DatasetStore, version_id: str) -> None:
    with store.open_version(version_id) as writer:
        writer.write_table("orders", [orders(10)], ORDERS_SCHEMA)
    assert writer.state == "committed"
    with pytest.raises(ConflictError, match="already exists"):
        store.open_version(version_id)
    with pytest.raises(ConflictError, match="committed"):
        writer.write_table("more", [orders(1)], ORDERS_SCHEMA)


def test_missing_version_and_table_are_not_found(store: DatasetStore, version_id: str) -> None:
    with pytest.raises(NotFoundError, match=f"dataset version {version_id} not found") as caught:
        store.read_table(version_id, "orders")
    assert caught.value.status_code == 404
    with pytest.raises(NotFoundError):
        store.list_tables(version_id)
    assert store.exists(version_id) is False

    with store.open_version(version_id) as writer:
        writer.write_table("orders", [orders(1)], ORDERS_SCHEMA)
    with pytest.raises(NotFoundError, match=r"has no table 'customers' \(tables: 'orders'\)"):
        store.read_table(version_id, "customers")


def test_bad_names_are_rejected_before_anything_is_written(store: DatasetStore, version_id: str) -> None:
    with store.open_version(version_id) as writer:
        with pytest.raises(InvalidInputError, match=r"invalid table name 'sales/orders': '/' is not allowed"):
            writer.write_table("sales/orders", [orders(1)], ORDERS_SCHEMA)
        with pytest.raises(InvalidInputError, match=r"'\.\.' is not allowed"):
            writer.write_table("..", [orders(1)], ORDERS_SCHEMA)
    assert store.list_tables(version_id) == []
    with pytest.raises(InvalidInputError, match="invalid dataset version id"):
        store.open_version("../other")
    with pytest.raises(InvalidInputError, match="invalid table name"):
        store.read_table(version_id, "a/b")
