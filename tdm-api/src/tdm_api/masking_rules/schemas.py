from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints
from tdm_agents.common.contract import ValueKind
from tdm_agents.masking.contract import Rules, RuleValue

from tdm_api.kit.schemas import Body, Name, Out


class MaskingRuleSetCreate(Body):
    name: Name
    schema_version_id: uuid.UUID | None = None
    dataset_version_id: uuid.UUID | None = None
    rules_json: Rules


class MaskingRuleSetOut(Out):
    id: uuid.UUID
    name: str | None
    schema_version_id: uuid.UUID | None
    dataset_version_id: uuid.UUID | None
    rules_json: dict[str, Any]
    version: int
    created_by: str | None
    created_at: datetime


class TransformerOut(BaseModel):
    name: str
    summary: str
    kinds: list[str]
    unique_safe: bool
    params_schema: dict[str, Any]


class PreviewColumn(Body):
    """The column the values come from: what the rule's checks see (default: a text column)."""

    kind: ValueKind = "text"
    max_length: int | None = Field(default=None, ge=1, le=10_485_760)
    integer_bits: Literal[16, 32, 64] | None = None
    precision: int | None = Field(default=None, ge=1, le=1000)
    scale: int | None = Field(default=None, ge=0, le=1000)
    unique: bool = False
    nullable: bool = True


class PreviewRequest(Body):
    rule: RuleValue
    values: list[str | int | float | bool | None] = Field(min_length=1, max_length=100)
    column: PreviewColumn = Field(default_factory=PreviewColumn)
    key_name: Name | None = None


class PreviewOut(BaseModel):
    values: list[Any]


class DetokenizeRequest(Body):
    tokens: list[Annotated[str, StringConstraints(min_length=1, max_length=255)]] = Field(
        min_length=1, max_length=1000
    )
    key_name: Name | None = None


class DetokenizeOut(BaseModel):
    values: dict[str, str] = Field(description="token -> original value, for the tokens the vault knows")
