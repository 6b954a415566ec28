"""Synthetic generation's contract (spec 8.3): what `POST /synthetic` takes and what the job reports.

Schema sources (at least one): `ui_urls` (web forms, crawled), `api_spec_url` or `api_spec` (an
OpenAPI 3.x / Swagger 2.0 document, uploaded inline as an object or as JSON/YAML text),
`schema_version_id` (a discovered database), `domain_pack`. When several are given they are merged,
DB > API > UI > pack. A source connection (`connection_string` / `connection_id`, or the schema
version's own saved connection) lets the default engine learn distributions from the real data.
"""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any, Literal

from pydantic import AnyHttpUrl, Field, field_validator, model_validator

from tdm_agents.common.contract import (
    MAX_MAP_ENTRIES,
    AgentContract,
    Name,
    ResultModel,
    SourceConnection,
)

SyntheticMode = Literal["ui_crawl", "api_schema", "default"]
EngineName = Literal["tdm", "sdv"]
MAX_SPEC_BYTES = 5_000_000


class SyntheticStep(SourceConnection):
    """Generation inside a multi-step job (the schema version may come from discovery)."""

    ui_urls: list[AnyHttpUrl] | None = Field(default=None, max_length=50)
    api_spec_url: AnyHttpUrl | None = None
    api_spec: dict[str, Any] | str | None = Field(
        default=None, description="An OpenAPI 3.x / Swagger 2.0 document (object, or JSON/YAML text)."
    )
    schema_version_id: uuid.UUID | None = None
    domain_pack: Name | None = None
    row_counts: dict[Name, Annotated[int, Field(ge=0, le=100_000_000)]] | None = Field(
        default=None, max_length=MAX_MAP_ENTRIES
    )
    scenario_template: Name | None = "default"
    scale: float = Field(
        default=1.0, gt=0, le=10_000, description="Row counts of tables not in row_counts: source x scale."
    )
    seed: int = Field(default=0, ge=0, le=2**62, description="The same seed gives the same data.")
    engine: EngineName = Field(
        default="tdm", description='"tdm" (default, any schema) or "sdv" (optional install, small schemas).'
    )
    locale: Annotated[str, Field(pattern=r"^[a-z]{2}(_[A-Z]{2})?$")] = "en_US"
    learn_from_source: bool = Field(
        default=True,
        description="Learn distributions from the source database when a connection is known.",
    )
    max_pages: int = Field(default=20, ge=1, le=200, description="UI crawl: pages visited at most.")
    crawl_seconds: int = Field(default=60, ge=5, le=900, description="UI crawl: time limit in seconds.")
    name: Annotated[str, Field(min_length=1, max_length=255)] | None = None

    @field_validator("domain_pack")
    @classmethod
    def _known_pack(cls, value: str | None) -> str | None:
        from tdm_agents.synthetic.domain_packs import list_packs

        if value is not None and value not in list_packs():
            raise ValueError(f"unknown domain pack {value!r}; known: {', '.join(list_packs())}")
        return value

    @field_validator("api_spec")
    @classmethod
    def _spec_size(cls, value: dict[str, Any] | str | None) -> dict[str, Any] | str | None:
        if value is not None:
            size = len(value) if isinstance(value, str) else len(json.dumps(value))
            if size > MAX_SPEC_BYTES:
                raise ValueError(f"api_spec is {size} bytes; at most {MAX_SPEC_BYTES}")
        return value

    @property
    def has_source(self) -> bool:
        return bool(
            self.ui_urls or self.api_spec_url or self.api_spec or self.schema_version_id or self.domain_pack
        )

    def mode(self) -> SyntheticMode:
        """Crawl web forms when given; the API spec alone; else the DB schema or a domain pack."""
        if self.ui_urls:
            return "ui_crawl"
        if (
            (self.api_spec_url or self.api_spec)
            and self.schema_version_id is None
            and self.domain_pack is None
        ):
            return "api_schema"
        return "default"


class SyntheticRequest(SyntheticStep):
    """Body of POST /synthetic."""

    @model_validator(mode="after")
    def _has_source(self) -> SyntheticRequest:
        if not self.has_source:
            raise ValueError(
                "give at least one of ui_urls, api_spec_url, api_spec, schema_version_id or domain_pack"
            )
        return self


class SchemaConflict(ResultModel):
    """Two sources disagreed on an entity or attribute; the higher-priority one was kept."""

    entity: str
    attribute: str | None = None
    field: str
    kept: str
    dropped: str


class SyntheticResult(ResultModel):
    dataset_version_id: uuid.UUID
    schema_version_id: uuid.UUID = Field(description="The schema the data follows (stored as a version).")
    row_counts: dict[str, int]
    total_rows: int
    mode: SyntheticMode
    engine: EngineName
    sources: list[str] = Field(description="Schema sources merged, highest priority first.")
    learned_from_source: bool
    conflicts: list[SchemaConflict] = Field(default_factory=list)
    quality: dict[str, Any] | None = Field(
        default=None, description="SDMetrics quality and diagnostic scores against the real sample."
    )
    checks: dict[str, Any] = Field(description="Foreign keys and unique keys verified on the output.")
    warnings: list[str] = Field(default_factory=list)


CONTRACT = AgentContract(
    agent="synthetic",
    step="synthetic",
    request=SyntheticRequest,
    step_input=SyntheticStep,
    result=SyntheticResult,
    route="/synthetic",
    summary="Generate multi-table synthetic data from web forms, an OpenAPI spec, a schema or a domain pack.",
)
