"""Synthetic generation's contract (spec 8.3): what `POST /synthetic` takes and what the job reports."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import AnyHttpUrl, Field, model_validator

from tdm_agents.common.contract import MAX_MAP_ENTRIES, AgentContract, ContractModel, Name, ResultModel

SyntheticMode = Literal["ui_crawl", "api_schema", "default"]


class SyntheticStep(ContractModel):
    """Generation inside a multi-step job (the schema version may come from discovery)."""

    ui_urls: list[AnyHttpUrl] | None = Field(default=None, max_length=50)
    api_spec_url: AnyHttpUrl | None = None
    schema_version_id: uuid.UUID | None = None
    domain_pack: Name | None = None
    row_counts: dict[Name, Annotated[int, Field(ge=0, le=100_000_000)]] | None = Field(
        default=None, max_length=MAX_MAP_ENTRIES
    )
    scenario_template: Name | None = "default"

    @property
    def has_source(self) -> bool:
        return bool(self.ui_urls or self.api_spec_url or self.schema_version_id or self.domain_pack)

    def mode(self) -> SyntheticMode:
        """Crawl web forms when given; the API spec alone; else the DB schema or a domain pack."""
        if self.ui_urls:
            return "ui_crawl"
        if self.api_spec_url and self.schema_version_id is None and self.domain_pack is None:
            return "api_schema"
        return "default"


class SyntheticRequest(SyntheticStep):
    """Body of POST /synthetic."""

    @model_validator(mode="after")
    def _has_source(self) -> SyntheticRequest:
        if not self.has_source:
            raise ValueError("give at least one of ui_urls, api_spec_url, schema_version_id or domain_pack")
        return self


class SyntheticResult(ResultModel):
    dataset_version_id: uuid.UUID
    row_counts: dict[str, int]
    mode: SyntheticMode


CONTRACT = AgentContract(
    agent="synthetic",
    step="synthetic",
    request=SyntheticRequest,
    step_input=SyntheticStep,
    result=SyntheticResult,
    route="/synthetic",
    summary="Generate multi-table synthetic data from web forms, an OpenAPI spec, a schema or a domain pack.",
)
