"""Masking rule sets (spec 7.3): versioned; saving under an existing name writes version + 1."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status
from tdm_orchestrator import masking

from tdm_api.auth.dependencies import Admin, Operator, Viewer
from tdm_api.kit.db import provide
from tdm_api.kit.pagination import Page, Paging
from tdm_api.kit.routes import API_PREFIX
from tdm_api.masking_rules.schemas import (
    DetokenizeOut,
    DetokenizeRequest,
    MaskingRuleSetCreate,
    MaskingRuleSetOut,
    PreviewOut,
    PreviewRequest,
    TransformerOut,
)
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


@router.get("/masking/transformers", response_model=list[TransformerOut])
def list_masking_transformers(principal: Viewer) -> list[TransformerOut]:
    """Every transformer a rule may name, with the JSON schema of its parameters (the rule builder)."""
    return [TransformerOut.model_validate(t) for t in masking.transformers()]


@router.post("/masking/preview", response_model=PreviewOut)
def preview_masking_rule(body: PreviewRequest, principal: Operator) -> PreviewOut:
    """A few values masked by a rule, as a job with the same key would mask them (nothing is stored)."""
    rule = body.rule if isinstance(body.rule, str) else body.rule.model_dump(mode="json")
    column = body.column.model_dump()
    return PreviewOut(values=masking.preview(rule, list(body.values), column, body.key_name))


@router.post("/masking/detokenize", response_model=DetokenizeOut)
def detokenize(body: DetokenizeRequest, service: Service, principal: Admin) -> DetokenizeOut:
    """The originals of mask.tokenize tokens (admins only; every call is written to the audit log)."""
    return DetokenizeOut(values=service.detokenize(list(body.tokens), principal.user_id, body.key_name))
