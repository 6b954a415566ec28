"""Masking rule sets (spec 7.3): versioned; saving under an existing name writes version + 1."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from tdm_metadata_store.repositories.masking_rules import MaskingRuleRepository

from tdm_api.dependencies import DbSession, Operator, Page, Viewer
from tdm_api.models.request import MaskingRuleSetCreate
from tdm_api.models.response import MaskingRuleSetOut
from tdm_api.models.response import Page as PageOut
from tdm_api.services.references import References

router = APIRouter(tags=["masking rules"])


@router.post("/rules/masking", status_code=status.HTTP_201_CREATED, response_model=MaskingRuleSetOut)
def create_masking_rule_set(
    body: MaskingRuleSetCreate, db: DbSession, principal: Operator, response: Response
) -> MaskingRuleSetOut:
    """Create a rule set, or a new version of the one with this name."""
    refs = References(db)
    if body.schema_version_id is not None:
        refs.schema_version(body.schema_version_id, ["body", "schema_version_id"])
    if body.dataset_version_id is not None:
        refs.dataset_version(body.dataset_version_id, ["body", "dataset_version_id"])
    row = MaskingRuleRepository(db).create(
        name=body.name,
        rules_json=body.rules_json,
        schema_version_id=body.schema_version_id,
        dataset_version_id=body.dataset_version_id,
        created_by=principal.user_id,
    )
    db.refresh(row)
    response.headers["Location"] = f"/api/v1/rules/masking/{row.id}"
    return MaskingRuleSetOut.model_validate(row)


@router.get("/rules/masking", response_model=PageOut[MaskingRuleSetOut])
def list_masking_rule_sets(
    *,
    db: DbSession,
    principal: Viewer,
    page: Page,
    schema_version_id: uuid.UUID | None = None,
    dataset_version_id: uuid.UUID | None = None,
    all_versions: Annotated[
        bool, Query(description="Every version, not only the newest of each name.")
    ] = False,
) -> PageOut[MaskingRuleSetOut]:
    rows, total = MaskingRuleRepository(db).list(
        schema_version_id=schema_version_id,
        dataset_version_id=dataset_version_id,
        latest_only=not all_versions,
        limit=page.limit,
        offset=page.offset,
    )
    return PageOut[MaskingRuleSetOut](
        items=[MaskingRuleSetOut.model_validate(r) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get("/rules/masking/{rule_set_id}", response_model=MaskingRuleSetOut)
def get_masking_rule_set(rule_set_id: uuid.UUID, db: DbSession, principal: Viewer) -> MaskingRuleSetOut:
    return MaskingRuleSetOut.model_validate(MaskingRuleRepository(db).require(rule_set_id))
