"""Schema versions: numbering under a lock, bulk insert of snapshots, round trip, user relationships."""

from __future__ import annotations

import copy
import threading
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm import Session
from tdm_core.errors import ConflictError, InvalidInputError, NotFoundError
from tdm_core.schema_model import normalize_snapshot
from tdm_metadata_store.repositories.schemas import SchemaRepository


def shop_snapshot() -> dict[str, Any]:
    """Orders keyed by (id, region); order_items points at it with a composite foreign key."""
    return {
        "tables": [
            {
                "schema": "sales",
                "name": "orders",
                "kind": "partitioned_table",
                "row_count": 1200,
                "row_count_estimated": True,
                "partitions": ["orders_2024", "orders_2025"],
                "constraints": [{"type": "primary_key", "columns": ["id", "region"]}],
                "indexes": [{"name": "orders_pkey", "columns": ["id", "region"], "unique": True}],
                "stats": {"total_bytes": 81920},
                "comment": "customer orders",
                "columns": [
                    {
                        "name": "id",
                        "data_type": "bigint",
                        "inferred_type": "integer",
                        "nullable": False,
                        "ordinal_position": 1,
                        "default": "nextval('orders_id_seq'::regclass)",
                        "is_primary_key": True,
                        "type_details": {"sequence": "orders_id_seq"},
                        "stats": {"distinct": 1200},
                        "comment": None,
                    },
                    {
                        "name": "region",
                        "data_type": "text",
                        "inferred_type": "category",
                        "nullable": False,
                        "ordinal_position": 2,
                        "default": None,
                        "is_primary_key": True,
                        "type_details": None,
                        "stats": {"distinct": 4},
                        "comment": "sales region",
                    },
                ],
            },
            {
                "schema": "sales",
                "name": "order_items",
                "kind": "table",
                "row_count": 5000,
                "row_count_estimated": False,
                "partitions": [],
                "constraints": [],
                "indexes": [],
                "stats": {},
                "comment": None,
                "columns": [
                    {
                        "name": name,
                        "data_type": dtype,
                        "inferred_type": None,
                        "nullable": name == "note",
                        "ordinal_position": pos,
                        "default": None,
                        "is_primary_key": name == "line_no",
                        "type_details": None,
                        "stats": None,
                        "comment": None,
                    }
                    for pos, (name, dtype) in enumerate(
                        [
                            ("line_no", "integer"),
                            ("order_id", "bigint"),
                            ("order_region", "text"),
                            ("note", "text"),
                        ],
                        start=1,
                    )
                ],
            },
        ],
        "relationships": [
            {
                "name": "order_items_order_fkey",
                "parent_schema": "sales",
                "parent_table": "orders",
                "parent_columns": ["id", "region"],
                "child_schema": "sales",
                "child_table": "order_items",
                "child_columns": ["order_id", "order_region"],
                "on_delete": "CASCADE",
                "is_user_defined": False,
            }
        ],
    }


def _by_name(snapshot: dict[str, Any]) -> dict[str, Any]:
    return {**snapshot, "tables": sorted(snapshot["tables"], key=lambda t: (t["schema"], t["name"]))}


def test_versions_are_numbered_and_the_snapshot_round_trips(db_session: Session, uid: str) -> None:
    repo = SchemaRepository(db_session)
    schema = repo.get_or_create(name=f"shop-{uid}", description="web shop")
    assert repo.get_or_create(name=f"shop-{uid}").id == schema.id  # second discovery: same schema

    v1 = repo.add_version(schema.id, shop_snapshot())
    changed = shop_snapshot()
    changed["tables"][1]["columns"][3]["data_type"] = "varchar(200)"
    v2 = repo.add_version(schema.id, changed)
    only_stats = copy.deepcopy(changed)
    only_stats["tables"][0]["row_count"] = 1300
    only_stats["tables"][0]["columns"][0]["stats"] = {"distinct": 1300}
    v3 = repo.add_version(schema.id, only_stats)

    assert [v1.version_number, v2.version_number, v3.version_number] == [1, 2, 3]
    assert v1.fingerprint != v2.fingerprint  # a type changed: drift
    assert v2.fingerprint == v3.fingerprint  # only counts/stats changed: no drift
    assert v1.snapshot_json == shop_snapshot()

    loaded = repo.load_version(v1.id).to_dict()
    assert loaded == _by_name(shop_snapshot())
    assert repo.counts(v1.id) == {"tables": 2, "columns": 6, "relationships": 1}

    latest = repo.latest_version(schema.id)
    assert latest is not None and latest.id == v3.id
    versions, total = repo.list_versions(schema.id, limit=2)
    assert total == 3 and [v.version_number for v in versions] == [3, 2]


def test_composite_foreign_key_is_stored_as_ordered_column_pairs(db_session: Session, uid: str) -> None:
    repo = SchemaRepository(db_session)
    schema = repo.get_or_create(name=f"fk-{uid}")
    version = repo.add_version(schema.id, shop_snapshot())
    pairs = db_session.execute(
        text(
            """
            SELECT r.name, r.column_position, pt.name, pc.name, ct.name, cc.name, r.on_delete
            FROM relationships r
            JOIN tables pt ON pt.id = r.parent_table_id JOIN columns pc ON pc.id = r.parent_column_id
            JOIN tables ct ON ct.id = r.child_table_id JOIN columns cc ON cc.id = r.child_column_id
            WHERE ct.schema_version_id = :v ORDER BY r.column_position
            """
        ),
        {"v": version.id},
    ).all()
    assert [tuple(p) for p in pairs] == [
        ("order_items_order_fkey", 0, "orders", "id", "order_items", "order_id", "CASCADE"),
        ("order_items_order_fkey", 1, "orders", "region", "order_items", "order_region", "CASCADE"),
    ]
    # Each column pair points at the column of its own table (no cross-wiring).
    wrong = db_session.execute(
        text(
            "SELECT count(*) FROM relationships r JOIN columns c ON c.id = r.child_column_id "
            "WHERE r.child_table_id <> c.table_id"
        )
    ).scalar_one()
    assert wrong == 0


def test_a_large_schema_is_written_in_bulk(db_session: Session, uid: str) -> None:
    """1,200 tables with 10 columns each and an FK per table: a few dozen statements, not 13,000."""
    tables = [
        {
            "schema": "big",
            "name": f"t{i:04d}",
            "columns": [{"name": "id", "data_type": "bigint", "is_primary_key": True, "nullable": False}]
            + [{"name": f"c{j}", "data_type": "text"} for j in range(1, 9)]
            + [{"name": "parent_id", "data_type": "bigint"}],
        }
        for i in range(1200)
    ]
    relationships = [
        {
            "parent_schema": "big",
            "parent_table": f"t{i - 1:04d}",
            "parent_columns": ["id"],
            "child_schema": "big",
            "child_table": f"t{i:04d}",
            "child_columns": ["parent_id"],
        }
        for i in range(1, 1200)
    ]
    repo = SchemaRepository(db_session)
    schema = repo.get_or_create(name=f"big-{uid}")
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    bind = db_session.connection()
    event.listen(bind, "before_cursor_execute", count)
    try:
        version = repo.add_version(schema.id, {"tables": tables, "relationships": relationships})
    finally:
        event.remove(bind, "before_cursor_execute", count)

    assert repo.counts(version.id) == {"tables": 1200, "columns": 12_000, "relationships": 1199}
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT")]
    assert len(statements) < 60, f"{len(statements)} statements"
    assert any("INSERT INTO columns" in s for s in inserts)
    loaded = repo.load_version(version.id).to_dict()
    assert len(loaded["tables"]) == 1200 and len(loaded["relationships"]) == 1199
    assert loaded["relationships"][0]["parent_columns"] == ["id"]


def test_concurrent_discoveries_get_distinct_version_numbers(
    committing_session: Callable[[], Session], uid: str
) -> None:
    setup = committing_session()
    schema = SchemaRepository(setup).get_or_create(name=f"race-{uid}")
    setup.commit()
    barrier = threading.Barrier(4)
    numbers: list[int] = []
    errors: list[BaseException] = []

    def discover() -> None:
        session = committing_session()
        try:
            barrier.wait()
            numbers.append(SchemaRepository(session).add_version(schema.id, shop_snapshot()).version_number)
            session.commit()
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=discover) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(numbers) == [1, 2, 3, 4]


def test_invalid_snapshot_writes_nothing(db_session: Session, uid: str) -> None:
    repo = SchemaRepository(db_session)
    schema = repo.get_or_create(name=f"bad-{uid}")
    broken = shop_snapshot()
    broken["relationships"][0]["parent_columns"] = ["id", "region_code"]
    with pytest.raises(InvalidInputError, match=r"parent table sales\.orders has no column 'region_code'"):
        repo.add_version(schema.id, broken)
    assert repo.latest_version(schema.id) is None
    with pytest.raises(NotFoundError):
        repo.add_version(uuid.uuid4(), shop_snapshot())


def test_user_defined_relationship(db_session: Session, uid: str) -> None:
    repo = SchemaRepository(db_session)
    schema = repo.get_or_create(name=f"user-fk-{uid}")
    version = repo.add_version(schema.id, shop_snapshot())
    added = repo.add_relationship(
        version.id,
        parent_schema="sales",
        parent_table="order_items",
        parent_columns=["line_no"],
        child_schema="sales",
        child_table="orders",
        child_columns=["id"],
        created_by="bob",
    )
    assert added["is_user_defined"] is True
    loaded = repo.load_version(version.id).to_dict()
    user = [r for r in loaded["relationships"] if r["is_user_defined"]]
    assert user == [
        {
            "name": "user_orders_id_fkey",
            "parent_schema": "sales",
            "parent_table": "order_items",
            "parent_columns": ["line_no"],
            "child_schema": "sales",
            "child_table": "orders",
            "child_columns": ["id"],
            "on_delete": None,
            "is_user_defined": True,
        }
    ]
    # The loaded version (with its user relationship) has the same structural fingerprint.
    from tdm_core.schema_model import fingerprint

    assert fingerprint(loaded) == version.fingerprint

    with pytest.raises(ConflictError):
        repo.add_relationship(
            version.id,
            parent_schema="sales",
            parent_table="order_items",
            parent_columns=["line_no"],
            child_schema="sales",
            child_table="orders",
            child_columns=["id"],
        )
    with pytest.raises(InvalidInputError, match="no column 'nope'"):
        repo.add_relationship(
            version.id,
            parent_schema="sales",
            parent_table="orders",
            parent_columns=["nope"],
            child_schema="sales",
            child_table="order_items",
            child_columns=["order_id"],
        )
    # Discovered relationships cannot be removed, user ones can.
    with pytest.raises(NotFoundError):
        repo.remove_user_relationship(version.id, "order_items_order_fkey")
    assert repo.remove_user_relationship(version.id, "user_orders_id_fkey") == 1
    assert all(not r["is_user_defined"] for r in repo.load_version(version.id).to_dict()["relationships"])


def test_list_schemas_is_paginated_and_filtered_by_connection(db_session: Session, uid: str) -> None:
    from tdm_metadata_store.repositories.connections import ConnectionRepository

    conn = ConnectionRepository(db_session).create(name=f"src-{uid}", connection_string="postgresql://h/db")
    repo = SchemaRepository(db_session)
    names = [f"{uid}-{i}" for i in range(3)]
    for name in names:
        repo.get_or_create(name=name, source_connection_id=conn.id)
    # Same name without the connection is a different schema.
    loose = repo.get_or_create(name=names[0])
    page, total = repo.list(source_connection_id=conn.id, limit=2)
    assert total == 3 and [s.name for s in page] == names[:2]
    page2, _ = repo.list(source_connection_id=conn.id, limit=2, offset=2)
    assert [s.name for s in page2] == names[2:]
    assert loose.id not in {s.id for s in page + page2}


def test_snapshot_with_non_json_stats_is_stored(db_session: Session, uid: str) -> None:
    import datetime
    import decimal

    repo = SchemaRepository(db_session)
    schema = repo.get_or_create(name=f"stats-{uid}")
    snapshot = shop_snapshot()
    snapshot["tables"][0]["stats"] = {"max_created": datetime.date(2024, 5, 1), "avg": decimal.Decimal("1.5")}
    version = repo.add_version(schema.id, snapshot)
    assert repo.load_version(version.id).to_dict()["tables"][1]["stats"] == {
        "max_created": "2024-05-01",
        "avg": "1.5",
    }
    assert normalize_snapshot(snapshot).to_dict()["tables"][0]["stats"]["avg"] == "1.5"


def test_rediscovering_the_same_structure_reuses_the_version_with_fresh_statistics(
    db_session: Session, uid: str
) -> None:
    from tdm_agents.schema_discovery.metadata_writer import save_schema_version

    def discovered(orders_rows: int, note_type: str = "text") -> dict[str, Any]:
        snapshot = shop_snapshot()
        snapshot["tables"][0]["row_count"] = orders_rows
        snapshot["tables"][0]["columns"][0]["stats"] = {"distinct": orders_rows}
        snapshot["tables"][1]["columns"][3]["data_type"] = note_type
        return snapshot

    name = f"shop-{uid}"
    first = save_schema_version(
        db_session, snapshot=discovered(1200), schema_name=name, connection_id=None, job_id=None
    )
    again = save_schema_version(
        db_session, snapshot=discovered(1500), schema_name=name, connection_id=None, job_id=None
    )
    assert again["schema_version_id"] == first["schema_version_id"] and again["version_number"] == 1
    assert again["changed_since_previous"] is False and again["new_version"] is False
    repo = SchemaRepository(db_session)
    orders = next(
        t for t in repo.load_version(uuid.UUID(first["schema_version_id"])).tables if t.name == "orders"
    )
    assert orders.row_count == 1500 and orders.columns[0].stats == {"distinct": 1500}

    drifted = save_schema_version(
        db_session,
        snapshot=discovered(1500, "varchar(80)"),
        schema_name=name,
        connection_id=None,
        job_id=None,
    )
    assert drifted["version_number"] == 2 and drifted["changed_since_previous"] is True
    assert drifted["new_version"] is True
