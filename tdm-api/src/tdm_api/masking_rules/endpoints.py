"""Masking rule sets (spec 7.3): versioned; saving under an existing name writes version + 1."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from tdm_api.auth.dependencies import Operator, Viewer
from tdm_api.kit.db import provide
from tdm_api.kit.pagination import Page, Paging
from tdm_api.kit.routes import API_PREFIX
from tdm_api.masking_rules.schemas import MaskingRuleSetCreate, MaskingRuleSetOut
from tdm_api.masking_rules.service import MaskingRulesService

router = APIRouter(tags=["masking rules"])

Service = Annotated[MaskingRulesService, Depends(provide(MaskingRulesService))]


@router.post("/rules/masking", status_code=status.HTTP_201_CREATED, response_model=MaskingRuleSetOut)
def create_masking_rule_set(
    body: MaskingRuleSetCreate, service: Service, principal: Operator, response: Response
) -> MaskingRuleSetOut:
    """Create a rule set, or a new version of the one with this name."""
    created = service.create(body, principal.user_id)
    response.headers["Location"] = f"{API_PREFIX}/rules/masking/{created.id}"
    return created


@router.get("/rules/masking", response_model=Page[MaskingRuleSetOut])
def list_masking_rule_sets(
    *,
    service: Service,
    principal: Viewer,
    page: Paging,
    schema_version_id: uuid.UUID | None = None,
    dataset_version_id: uuid.UUID | None = None,
    all_versions: Annotated[
        bool, Query(description="Every version, not only the newest of each name.")
    ] = False,
) -> Page[MaskingRuleSetOut]:
    return service.list(
        page,
        schema_version_id=schema_version_id,
        dataset_version_id=dataset_version_id,
        all_versions=all_versions,
    )


@router.get("/rules/masking/{rule_set_id}", response_model=MaskingRuleSetOut)
def get_masking_rule_set(rule_set_id: uuid.UUID, service: Service, principal: Viewer) -> MaskingRuleSetOut:
    return service.get(rule_set_id)
