"""PII maps and their review. A label set by a person (technique "manual", with who and when) is kept
when the schema is rediscovered: classifying a newer version copies it, and automatic results never
replace it. Tables are named as in the PII map: "table" in the default schema, "schema.table" elsewhere.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session
from tdm_agents.pii_detection.contract import PIIType
from tdm_core.errors import InvalidInputError, NotFoundError
from tdm_core.schema_model import qualified_name, resolve_table_name
from tdm_metadata_store.repositories.jobs import JobRepository
from tdm_metadata_store.repositories.pii import PIIRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository
from tdm_orchestrator.operations import Operation

from tdm_api.pii.schemas import PIIEntry, PIILabelIn, PIIMap

PII_TYPES = tuple(t.value for t in PIIType)


class NotClassifiedError(NotFoundError):
    title = "Not classified"


class PIIService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = PIIRepository(session)
        self.schemas = SchemaRepository(session)

    def pii_map(self, schema_version_id: uuid.UUID) -> PIIMap:
        if self.schemas.get_version(schema_version_id) is None:
            raise NotFoundError(f"schema version {schema_version_id} does not exist")
        entries = self.repo.get_map(schema_version_id)
        if not entries and not JobRepository(self.session).has_completed(
            Operation.PII_CLASSIFICATION.value, "schema_version_id", str(schema_version_id)
        ):
            # An empty map would read as "no PII here": say what it is.
            raise NotClassifiedError(
                f"schema version {schema_version_id} has not been classified yet: "
                "POST /pii/classify with its schema_version_id"
            )
        return PIIMap(
            schema_version_id=schema_version_id, pii_map=[PIIEntry.model_validate(e) for e in entries]
        )

    def set_labels(self, schema_version_id: uuid.UUID, labels: list[PIILabelIn], reviewer: str) -> PIIMap:
        """Confirm or override the label of columns: all are applied, or none."""
        if self.schemas.get_version(schema_version_id) is None:
            raise NotFoundError(f"schema version {schema_version_id} does not exist")
        resolved = self._resolve(schema_version_id, labels)
        previous = {(row["table"], row["column"]): row for row in self.repo.get_map(schema_version_id)}
        for table, column, pii_type in resolved:
            before = previous.get((table, column))
            evidence = before["evidence"] if before is not None else None
            if before is not None and before["reviewed_at"] is None:
                # Keep what the automatic classification said, for the record.
                evidence = {
                    "automatic": {
                        "pii_type": before["pii_type"],
                        "confidence": before["confidence"],
                        "technique": before["technique"],
                    }
                }
            self.repo.set_manual_label(
                schema_version_id,
                table=table,
                column=column,
                pii_type=pii_type,
                reviewed_by=reviewer,
                evidence=evidence,
            )
        return self.pii_map(schema_version_id)

    def _resolve(self, schema_version_id: uuid.UUID, labels: list[PIILabelIn]) -> list[tuple[str, str, str]]:
        index = self.schemas.column_index(schema_version_id)
        problems: list[dict[str, Any]] = []
        resolved: list[tuple[str, str, str]] = []
        seen: set[tuple[str, str]] = set()
        for position, label in enumerate(labels):
            where = f"body[{position}]"
            key = resolve_table_name(label.table, index)
            if key is None:
                problems.append(
                    {
                        "loc": ["body", position, "table"],
                        "msg": f"{where}: table {label.table!r} does not exist in schema version "
                        f"{schema_version_id}",
                    }
                )
                continue
            table = qualified_name(*key)
            if label.column not in index[key]:
                problems.append(
                    {
                        "loc": ["body", position, "column"],
                        "msg": f"{where}: table {table!r} has no column {label.column!r}",
                    }
                )
                continue
            pii_type = label.pii_type.strip().lower()
            if pii_type not in PII_TYPES:
                problems.append(
                    {
                        "loc": ["body", position, "pii_type"],
                        "msg": f"{where}: {label.pii_type!r} is not a PII type; "
                        f"use one of {', '.join(PII_TYPES)}",
                    }
                )
                continue
            if (table, label.column) in seen:
                problems.append(
                    {
                        "loc": ["body", position],
                        "msg": f"{where}: column {table}.{label.column} is listed twice",
                    }
                )
                continue
            seen.add((table, label.column))
            resolved.append((table, label.column, pii_type))
        if problems:
            detail = "; ".join(p["msg"] for p in problems[:5]) + (" ..." if len(problems) > 5 else "")
            raise InvalidInputError(detail, errors=[{**p, "type": "value_error"} for p in problems])
        return resolved
