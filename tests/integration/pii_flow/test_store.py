"""What rediscovery keeps, at the repository level: user-declared relationships (while their columns
exist) and people's PII labels (copied onto later versions, never onto earlier ones)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session
from tdm_metadata_store.repositories.pii import PIIRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository


def snapshot(*, with_note: bool = True) -> dict[str, Any]:
    items = [
        {"name": "order_id", "data_type": "integer"},
        {"name": "line_no", "data_type": "integer"},
    ]
    if with_note:
        items.append({"name": "note", "data_type": "text"})
    return {
        "tables": [
            {
                "schema": "sales",
                "name": "orders",
                "columns": [
                    {"name": "id", "data_type": "integer", "is_primary_key": True},
                    {"name": "line_count", "data_type": "integer"},
                    {"name": "note", "data_type": "text"},
                ],
            },
            {"schema": "sales", "name": "items", "columns": items},
        ],
        "relationships": [],
    }


def _user(repo: SchemaRepository, version_id: uuid.UUID) -> dict[str, dict[str, Any]]:
    return {rel["name"]: rel for rel in repo.user_relationships(version_id)}


def test_rediscovery_carries_user_relationships_whose_columns_still_exist(db_session: Session) -> None:
    repo = SchemaRepository(db_session)
    schema = repo.get_or_create(name=f"carry-rel-{uuid.uuid4().hex[:8]}")
    v1 = repo.add_version(schema.id, snapshot())
    common = {
        "parent_schema": "sales",
        "child_schema": "sales",
        "parent_table": "orders",
        "child_table": "items",
    }
    repo.add_relationship(
        v1.id,
        **common,
        parent_columns=["id", "line_count"],
        child_columns=["order_id", "line_no"],
        name="items_order",
        created_by="ann",
    )
    repo.add_relationship(
        v1.id, **common, parent_columns=["note"], child_columns=["note"], name="items_note", created_by="bob"
    )

    v2 = repo.add_version(schema.id, snapshot(with_note=False))
    carried = _user(repo, v2.id)
    assert set(carried) == {"items_order"}  # items.note was dropped: that one is left behind
    assert carried["items_order"]["parent_columns"] == ["id", "line_count"]
    assert carried["items_order"]["child_columns"] == ["order_id", "line_no"]
    assert carried["items_order"]["created_by"] == "ann"
    assert v2.fingerprint != v1.fingerprint  # a column was dropped
    loaded = repo.load_version(v2.id).to_dict()["relationships"]
    assert [(r["name"], r["is_user_defined"]) for r in loaded] == [("items_order", True)]

    # It keeps going version after version, and v1 still has both.
    v3 = repo.add_version(schema.id, snapshot())
    assert set(_user(repo, v3.id)) == {"items_order"}
    assert v3.fingerprint == v1.fingerprint  # carried user relationships are not drift
    assert set(_user(repo, v1.id)) == {"items_order", "items_note"}


def test_manual_labels_are_copied_forward_only_for_existing_columns(db_session: Session) -> None:
    schemas = SchemaRepository(db_session)
    schema = schemas.get_or_create(name=f"carry-pii-{uuid.uuid4().hex[:8]}")
    v1 = schemas.add_version(schema.id, snapshot())
    v2 = schemas.add_version(schema.id, snapshot())
    v3 = schemas.add_version(schema.id, snapshot(with_note=False))
    repo = PIIRepository(db_session)
    first = repo.set_manual_label(
        v1.id, table="sales.orders", column="note", pii_type="other", reviewed_by="ann"
    )
    repo.set_manual_label(v1.id, table="sales.items", column="note", pii_type="other", reviewed_by="ann")
    repo.set_manual_label(
        v2.id, table="sales.orders", column="line_count", pii_type="none", reviewed_by="bob"
    )
    # v3 has an automatic label for orders.note, and its own review of orders.line_count.
    repo.upsert_map(
        v3.id, [{"table": "sales.orders", "column": "note", "pii_type": "none", "technique": "regex"}]
    )
    repo.set_manual_label(v3.id, table="sales.orders", column="line_count", pii_type="ssn", reviewed_by="cy")

    present = {("sales.orders", "id"), ("sales.orders", "line_count"), ("sales.orders", "note")}
    copied = repo.carry_over_manual_labels(v3.id, columns=present)
    assert [(c["table"], c["column"], c["from_version"]) for c in copied] == [("sales.orders", "note", 1)]
    labels = {(e["table"], e["column"]): e for e in repo.get_map(v3.id)}
    note = labels[("sales.orders", "note")]
    assert (note["pii_type"], note["technique"], note["reviewed_by"]) == ("other", "manual", "ann")
    assert note["reviewed_at"] == first["reviewed_at"]
    assert note["evidence"]["carried_over_from"]["version_number"] == 1
    assert labels[("sales.orders", "line_count")]["reviewed_by"] == "cy"  # reviewed here: kept
    assert ("sales.items", "note") not in labels  # that column is gone in v3

    # Automatic results never replace a carried label; an older version inherits nothing newer.
    repo.upsert_map(
        v3.id, [{"table": "sales.orders", "column": "note", "pii_type": "none", "technique": "regex"}]
    )
    assert {(e["table"], e["column"]): e["pii_type"] for e in repo.get_map(v3.id)}[
        ("sales.orders", "note")
    ] == "other"
    assert repo.carry_over_manual_labels(v1.id) == []
    assert [lab["column"] for lab in repo.manual_labels(schema.id, before_version=2)] == ["note", "note"]
    assert repo.carry_over_manual_labels(v3.id, columns=present) == []  # idempotent
