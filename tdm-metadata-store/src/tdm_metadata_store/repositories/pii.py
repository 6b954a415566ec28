"""PII map of a schema version: one label per column, automatic or reviewed by a person.

Automatic classification may run many times (rediscovery, a better model); a person's label always
wins: upserts never overwrite a reviewed row, and `manual_labels` lets a new schema version inherit the
labels people set on earlier ones.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session
from tdm_core.errors import InvalidInputError

from tdm_metadata_store.models import PIIClassification, SchemaVersion

MANUAL_TECHNIQUE = "manual"
# A person may also say "this column is not PII" (pii_type is NOT NULL in the spec).
NOT_PII = "none"
_REQUIRED = ("table", "column", "pii_type")
_TWO_PLACES = Decimal("0.01")


def _confidence(value: Any, where: str) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InvalidInputError(f"{where}: confidence must be a number between 0 and 1") from None
    if not Decimal(0) <= number <= Decimal(1):
        raise InvalidInputError(f"{where}: confidence must be between 0 and 1, not {value}")
    return number.quantize(_TWO_PLACES)  # spec: DECIMAL(3,2)


def _as_dict(row: PIIClassification) -> dict[str, Any]:
    return {
        "table": row.table_name,
        "column": row.column_name,
        "pii_type": row.pii_type,
        "confidence": float(row.confidence) if row.confidence is not None else None,
        "technique": row.technique,
        "evidence": row.evidence,
        "reviewed_by": row.reviewed_by,
        "reviewed_at": row.reviewed_at,
    }


class PIIRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def upsert_map(self, schema_version_id: uuid.UUID, entries: Iterable[Mapping[str, Any]]) -> int:
        """Insert or update automatic labels; returns how many rows were written.

        Entries: {"table", "column", "pii_type", "confidence", "technique", "evidence"}. Rows a
        person reviewed are left untouched. Within one call the last entry for a column wins.
        """
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for index, entry in enumerate(entries):
            where = f"pii map entry #{index}"
            missing = [k for k in _REQUIRED if not isinstance(entry.get(k), str) or not entry.get(k)]
            if missing:
                raise InvalidInputError(f"{where}: missing or empty {', '.join(missing)}")
            technique = entry.get("technique")
            if technique == MANUAL_TECHNIQUE:
                raise InvalidInputError(f"{where}: use set_manual_label for manual labels")
            rows[(entry["table"], entry["column"])] = {
                "id": uuid.uuid4(),
                "schema_version_id": schema_version_id,
                "table_name": entry["table"],
                "column_name": entry["column"],
                "pii_type": entry["pii_type"],
                "confidence": _confidence(entry.get("confidence"), where),
                "technique": technique,
                "evidence": entry.get("evidence"),
            }
        if not rows:
            return 0
        self._require_version(schema_version_id)
        base = insert(PIIClassification)
        stmt = base.on_conflict_do_update(
            index_elements=["schema_version_id", "table_name", "column_name"],
            set_={
                "pii_type": base.excluded.pii_type,
                "confidence": base.excluded.confidence,
                "technique": base.excluded.technique,
                "evidence": base.excluded.evidence,
                "updated_at": func.now(),
            },
            # A reviewed label is a decision, not a guess: automatic runs never replace it.
            where=PIIClassification.reviewed_at.is_(None),
        ).returning(PIIClassification.id)
        # RETURNING counts only rows really written (skipped reviewed rows return nothing); the
        # executemany is batched by SQLAlchemy's insertmanyvalues.
        return len(self.session.execute(stmt, list(rows.values())).all())

    def _require_version(self, schema_version_id: uuid.UUID) -> None:
        if self.session.get(SchemaVersion, schema_version_id) is None:
            raise InvalidInputError(f"schema version {schema_version_id} does not exist")

    def get_map(self, schema_version_id: uuid.UUID) -> list[dict[str, Any]]:
        rows = self.session.execute(
            select(PIIClassification)
            .where(PIIClassification.schema_version_id == schema_version_id)
            .order_by(PIIClassification.table_name, PIIClassification.column_name)
        ).scalars()
        return [_as_dict(row) for row in rows]

    def set_manual_label(
        self,
        schema_version_id: uuid.UUID,
        *,
        table: str,
        column: str,
        pii_type: str,
        reviewed_by: str,
        evidence: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A person's decision for one column (pii_type "none" means: not PII)."""
        if not table or not column or not pii_type:
            raise InvalidInputError("table, column and pii_type are required for a manual label")
        if not reviewed_by:
            raise InvalidInputError("a manual label needs the reviewer (reviewed_by)")
        self._require_version(schema_version_id)
        now = datetime.now(UTC)
        values = {
            "pii_type": pii_type,
            "technique": MANUAL_TECHNIQUE,
            "confidence": Decimal("1.00"),
            "evidence": dict(evidence) if evidence is not None else None,
            "reviewed_by": reviewed_by,
            "reviewed_at": now,
        }
        base = insert(PIIClassification).values(
            id=uuid.uuid4(),
            schema_version_id=schema_version_id,
            table_name=table,
            column_name=column,
            **values,
        )
        stmt = base.on_conflict_do_update(
            index_elements=["schema_version_id", "table_name", "column_name"],
            set_={**values, "updated_at": func.now()},
        ).returning(PIIClassification)
        row = self.session.execute(stmt).scalar_one()
        return _as_dict(row)

    def manual_labels(
        self, schema_id: uuid.UUID, *, before_version: int | None = None
    ) -> list[dict[str, Any]]:
        """The newest reviewed label per column across the versions of a schema, for carry-over.

        `before_version`: only versions numbered below it (what an older version may inherit)."""
        return [_as_dict(row) for row, _number in self._newest_reviewed(schema_id, before_version)]

    def _newest_reviewed(
        self, schema_id: uuid.UUID, before_version: int | None
    ) -> list[tuple[PIIClassification, int]]:
        conditions = [SchemaVersion.schema_id == schema_id, PIIClassification.reviewed_at.is_not(None)]
        if before_version is not None:
            conditions.append(SchemaVersion.version_number < before_version)
        ranked = (
            select(
                PIIClassification.id,
                func.row_number()
                .over(
                    partition_by=(PIIClassification.table_name, PIIClassification.column_name),
                    order_by=(SchemaVersion.version_number.desc(), PIIClassification.reviewed_at.desc()),
                )
                .label("rank"),
            )
            .join(SchemaVersion, PIIClassification.schema_version_id == SchemaVersion.id)
            .where(*conditions)
            .subquery()
        )
        stmt = (
            select(PIIClassification, SchemaVersion.version_number)
            .join(ranked, ranked.c.id == PIIClassification.id)
            .join(SchemaVersion, PIIClassification.schema_version_id == SchemaVersion.id)
            .where(ranked.c.rank == 1)
            .order_by(PIIClassification.table_name, PIIClassification.column_name)
        )
        return [(row, int(number)) for row, number in self.session.execute(stmt).all()]

    def carry_over_manual_labels(
        self, schema_version_id: uuid.UUID, *, columns: Collection[tuple[str, str]] | None = None
    ) -> list[dict[str, Any]]:
        """Give a version the labels people set on earlier versions of its schema; returns those copied.

        Only columns in `columns` ((table, column) pairs, tables named as in the PII map) when given,
        since a label for a dropped column means nothing. A label already reviewed on this version
        stays; an automatic one is replaced. Who reviewed and when are kept as they were.
        """
        version = self.session.get(SchemaVersion, schema_version_id)
        if version is None:
            raise InvalidInputError(f"schema version {schema_version_id} does not exist")
        reviewed_here = {
            (table, column)
            for table, column in self.session.execute(
                select(PIIClassification.table_name, PIIClassification.column_name).where(
                    PIIClassification.schema_version_id == schema_version_id,
                    PIIClassification.reviewed_at.is_not(None),
                )
            )
        }
        wanted = set(columns) if columns is not None else None
        rows: list[dict[str, Any]] = []
        for label, number in self._newest_reviewed(version.schema_id, version.version_number):
            key = (label.table_name, label.column_name)
            if key in reviewed_here or (wanted is not None and key not in wanted):
                continue
            evidence = dict(label.evidence or {})
            evidence["carried_over_from"] = {
                "schema_version_id": str(label.schema_version_id),
                "version_number": number,
            }
            rows.append(
                {
                    "id": uuid.uuid4(),
                    "schema_version_id": schema_version_id,
                    "table_name": label.table_name,
                    "column_name": label.column_name,
                    "pii_type": label.pii_type,
                    "technique": MANUAL_TECHNIQUE,
                    "confidence": label.confidence,
                    "evidence": evidence,
                    "reviewed_by": label.reviewed_by,
                    "reviewed_at": label.reviewed_at,
                }
            )
        if not rows:
            return []
        base = insert(PIIClassification)
        stmt = base.on_conflict_do_update(
            index_elements=["schema_version_id", "table_name", "column_name"],
            set_={
                key: getattr(base.excluded, key)
                for key in ("pii_type", "technique", "confidence", "evidence", "reviewed_by", "reviewed_at")
            }
            | {"updated_at": func.now()},
        )
        self.session.execute(stmt, rows)
        return [
            {
                "table": row["table_name"],
                "column": row["column_name"],
                "pii_type": row["pii_type"],
                "reviewed_by": row["reviewed_by"],
                "from_version": row["evidence"]["carried_over_from"]["version_number"],
            }
            for row in rows
        ]
