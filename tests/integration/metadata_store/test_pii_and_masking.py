"""PII maps (upsert, a person's label wins and carries over) and versioned masking rule sets."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from tdm_core.errors import InvalidInputError, NotFoundError
from tdm_metadata_store.models import SchemaVersion
from tdm_metadata_store.repositories.masking_rules import MaskingRuleRepository
from tdm_metadata_store.repositories.pii import PIIRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository

from .test_schemas import shop_snapshot


def _version(session: Session, name: str) -> SchemaVersion:
    repo = SchemaRepository(session)
    return repo.add_version(repo.get_or_create(name=name).id, shop_snapshot())


def test_pii_map_upsert_and_manual_label(db_session: Session, uid: str) -> None:
    version = _version(db_session, f"pii-{uid}")
    repo = PIIRepository(db_session)
    written = repo.upsert_map(
        version.id,
        [
            {
                "table": "sales.orders",
                "column": "region",
                "pii_type": "address",
                "confidence": 0.41,
                "technique": "column_name",
                "evidence": {"matched": "region"},
            },
            {
                "table": "sales.order_items",
                "column": "note",
                "pii_type": "free_text",
                "confidence": 0.7,
                "technique": "pattern",
            },
        ],
    )
    assert written == 2
    # Rerun with a better classifier: the label is updated in place, not duplicated.
    assert (
        repo.upsert_map(
            version.id,
            [
                {
                    "table": "sales.orders",
                    "column": "region",
                    "pii_type": "none",
                    "confidence": 0.987,
                    "technique": "llm",
                    "evidence": {"reason": "sales territory code"},
                }
            ],
        )
        == 1
    )
    by_column = {(e["table"], e["column"]): e for e in repo.get_map(version.id)}
    assert len(by_column) == 2
    region = by_column[("sales.orders", "region")]
    assert (region["pii_type"], region["technique"], region["confidence"]) == ("none", "llm", 0.99)
    assert region["evidence"] == {"reason": "sales territory code"}

    label = repo.set_manual_label(
        version.id, table="sales.order_items", column="note", pii_type="person_name", reviewed_by="dpo@bank"
    )
    assert label["technique"] == "manual" and label["reviewed_by"] == "dpo@bank" and label["reviewed_at"]
    # An automatic rerun never overwrites what a person decided.
    assert (
        repo.upsert_map(
            version.id,
            [{"table": "sales.order_items", "column": "note", "pii_type": "free_text", "confidence": 0.9}],
        )
        == 0
    )
    note = {(e["table"], e["column"]): e for e in repo.get_map(version.id)}[("sales.order_items", "note")]
    assert (note["pii_type"], note["technique"], note["confidence"]) == ("person_name", "manual", 1.0)
    count = db_session.execute(
        text("SELECT count(*) FROM pii_classification WHERE schema_version_id = :v"), {"v": version.id}
    ).scalar_one()
    assert count == 2


def test_manual_labels_carry_over_across_versions(db_session: Session, uid: str) -> None:
    schemas = SchemaRepository(db_session)
    schema = schemas.get_or_create(name=f"carry-{uid}")
    v1 = schemas.add_version(schema.id, shop_snapshot())
    v2 = schemas.add_version(schema.id, shop_snapshot())
    other = _version(db_session, f"other-{uid}")
    repo = PIIRepository(db_session)
    repo.set_manual_label(v1.id, table="sales.orders", column="region", pii_type="address", reviewed_by="a")
    repo.set_manual_label(
        v1.id, table="sales.order_items", column="note", pii_type="free_text", reviewed_by="a"
    )
    # Reviewed again on the newer version: the newer decision wins.
    repo.set_manual_label(v2.id, table="sales.order_items", column="note", pii_type="none", reviewed_by="b")
    repo.upsert_map(v2.id, [{"table": "sales.orders", "column": "id", "pii_type": "account_number"}])
    repo.set_manual_label(other.id, table="sales.orders", column="id", pii_type="ssn", reviewed_by="c")

    labels = {(lab["table"], lab["column"]): lab for lab in repo.manual_labels(schema.id)}
    assert set(labels) == {("sales.orders", "region"), ("sales.order_items", "note")}
    assert labels[("sales.order_items", "note")]["pii_type"] == "none"
    assert labels[("sales.order_items", "note")]["reviewed_by"] == "b"
    assert labels[("sales.orders", "region")]["pii_type"] == "address"


def test_pii_input_is_validated(db_session: Session, uid: str) -> None:
    version = _version(db_session, f"pii-bad-{uid}")
    repo = PIIRepository(db_session)
    with pytest.raises(InvalidInputError, match="missing or empty pii_type"):
        repo.upsert_map(version.id, [{"table": "t", "column": "c"}])
    with pytest.raises(InvalidInputError, match="between 0 and 1"):
        repo.upsert_map(version.id, [{"table": "t", "column": "c", "pii_type": "email", "confidence": 1.5}])
    with pytest.raises(InvalidInputError, match="reviewed_by"):
        repo.set_manual_label(version.id, table="t", column="c", pii_type="email", reviewed_by="")
    assert repo.get_map(version.id) == []


def test_masking_rules_are_versioned_by_name(db_session: Session, uid: str) -> None:
    version = _version(db_session, f"mask-{uid}")
    repo = MaskingRuleRepository(db_session)
    name = f"pci-{uid}"
    v1 = repo.create(name=name, schema_version_id=version.id, rules_json={"customers.email": "mask.email"})
    v2 = repo.create(
        name=name,
        schema_version_id=version.id,
        rules_json={"customers.email": "mask.email", "customers.card": "mask.fpe"},
        created_by="carol",
    )
    other = repo.create(name=f"gdpr-{uid}", schema_version_id=version.id, rules_json={"a.b": "mask.null"})

    assert (v1.version, v2.version, other.version) == (1, 2, 1)
    latest = repo.latest(name)
    assert latest is not None and latest.id == v2.id and latest.created_by == "carol"
    assert repo.require(v1.id).rules_json == {"customers.email": "mask.email"}  # old versions stay
    assert [r.version for r in repo.versions(name)] == [1, 2]

    current, total = repo.list(schema_version_id=version.id)
    assert total == 2 and {(r.name, r.version) for r in current} == {(name, 2), (f"gdpr-{uid}", 1)}
    everything, total_all = repo.list(schema_version_id=version.id, latest_only=False)
    assert total_all == 3 and len(everything) == 3

    with pytest.raises(InvalidInputError, match="non-empty JSON object"):
        repo.create(name=name, rules_json={})
    with pytest.raises(NotFoundError):
        repo.require(version.id)


def test_concurrent_saves_of_one_rule_set_get_consecutive_versions(
    committing_session: Callable[[], Session], uid: str
) -> None:
    barrier = threading.Barrier(3)
    versions: list[int] = []
    errors: list[BaseException] = []

    def save(i: int) -> None:
        session = committing_session()
        try:
            barrier.wait()
            row = MaskingRuleRepository(session).create(name=f"race-{uid}", rules_json={"t.c": f"mask.{i}"})
            versions.append(row.version)
            session.commit()
        except BaseException as exc:  # asserted below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(versions) == [1, 2, 3]
