"""PII classification: queue a classification job, read a schema version's PII map, review it.

Tables are named as in the PII map: "table" in the default schema, "schema.table" elsewhere. A label
set here (technique "manual", with who and when) is kept when the schema is rediscovered: classifying
a newer version of the same schema copies it, and automatic results never replace it.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body
from tdm_core.errors import InvalidInputError, NotFoundError
from tdm_metadata_store.repositories.pii import PIIRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository, qualified_name, resolve_table_name

from tdm_api.dependencies import DbSession, Operator, Viewer
from tdm_api.models.request import PIIClassifyRequest, PIILabelIn
from tdm_api.models.response import JobAccepted, PIIMap
from tdm_api.routers._submit import JOB_RESPONSES, IdempotencyKey, Submitter, accepted
from tdm_api.services.catalog import Catalog

router = APIRouter(tags=["pii"])


@router.post("/pii/classify", status_code=202, response_model=JobAccepted, responses=JOB_RESPONSES)
def submit_pii_classification_job(
    body: PIIClassifyRequest, submit: Submitter, idempotency_key: IdempotencyKey = None
) -> JobAccepted:
    """Classify the columns of a schema version (regex and validators; LLM when `use_llm`)."""
    return accepted(submit, {"pii": submit.builder.pii(body)}, idempotency_key, body_step="pii")


@router.get("/pii/{schema_version_id}", response_model=PIIMap)
def get_pii_map(schema_version_id: uuid.UUID, db: DbSession, principal: Viewer) -> PIIMap:
    """One entry per classified column: table, column, pii_type, confidence, technique, and who
    reviewed it (reviewed_by / reviewed_at, set for manual labels)."""
    return Catalog(db).pii_map(schema_version_id)


def pii_types() -> list[str]:
    # Imported here: the agent package pulls in the LLM client, which read endpoints never need.
    from tdm_agents.pii_detection.labels import PIIType

    return [t.value for t in PIIType]


@router.put(
    "/pii/{schema_version_id}/columns",
    response_model=PIIMap,
    responses={422: {"description": "An entry names an unknown table, column or PII type."}},
)
def set_pii_labels(
    schema_version_id: uuid.UUID,
    db: DbSession,
    principal: Operator,
    labels: Annotated[
        list[PIILabelIn],
        Body(
            min_length=1,
            description='Columns to label: [{"table": "customer", "column": "email", "pii_type": "email"}]',
        ),
    ],
) -> PIIMap:
    """Confirm or override the label of columns (all or none are applied). Recorded with the API key's
    name and the time; automatic classification never replaces it, and later versions inherit it."""
    schemas = SchemaRepository(db)
    if schemas.get_version(schema_version_id) is None:
        raise NotFoundError(f"schema version {schema_version_id} does not exist")
    index = schemas.column_index(schema_version_id)
    known_types = pii_types()
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
        if pii_type not in known_types:
            problems.append(
                {
                    "loc": ["body", position, "pii_type"],
                    "msg": f"{where}: {label.pii_type!r} is not a PII type; use one of "
                    f"{', '.join(known_types)}",
                }
            )
            continue
        if (table, label.column) in seen:
            problems.append(
                {"loc": ["body", position], "msg": f"{where}: column {table}.{label.column} is listed twice"}
            )
            continue
        seen.add((table, label.column))
        resolved.append((table, label.column, pii_type))
    if problems:
        detail = "; ".join(p["msg"] for p in problems[:5]) + (" ..." if len(problems) > 5 else "")
        raise InvalidInputError(detail, errors=[{**p, "type": "value_error"} for p in problems])
    repo = PIIRepository(db)
    previous = {(row["table"], row["column"]): row for row in repo.get_map(schema_version_id)}
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
        repo.set_manual_label(
            schema_version_id,
            table=table,
            column=column,
            pii_type=pii_type,
            reviewed_by=principal.user_id,
            evidence=evidence,
        )
    return Catalog(db).pii_map(schema_version_id)
