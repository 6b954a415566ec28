"""Request bodies (spec appendix A and the input contracts of sections 4-9), validated with pydantic v2.

Unknown fields are rejected (`extra="forbid"`) so a misspelt option fails loudly instead of being
ignored. Cross-field rules ("connection_string or connection_id", "rules or rule_set_id") are checked
in a validator of the *last* field of the pair, so the error's `loc` names that field.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
PositiveCount = Annotated[int, Field(ge=1)]
MAX_SAMPLE = 1_000_000


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _connection_string(value: SecretStr) -> SecretStr:
    text = value.get_secret_value().strip()
    if not text:
        raise ValueError("must not be empty")
    if "://" not in text:
        raise ValueError("must be a URL such as postgresql://user:password@host:5432/dbname")
    return SecretStr(text)


# A database URL with credentials: SecretStr keeps it out of reprs, logs and error bodies.
ConnectionString = Annotated[SecretStr, AfterValidator(_connection_string)]


def _one_connection(
    connection_id: uuid.UUID | None, info: ValidationInfo, *, required: bool
) -> uuid.UUID | None:
    has_string = info.data.get("connection_string") is not None
    if connection_id is not None and has_string:
        raise ValueError("give connection_id or connection_string, not both")
    if required and connection_id is None and not has_string and "connection_string" in info.data:
        raise ValueError("connection_string or connection_id is required")
    return connection_id


# --- schema discovery (spec 4.3) ----------------------------------------------------------------


class DiscoverRequest(_Body):
    connection_string: ConnectionString | None = Field(
        default=None, description="Source database URL; stored encrypted, never returned."
    )
    connection_id: uuid.UUID | None = Field(
        default=None, validate_default=True, description="A saved connection (see /connections)."
    )
    schemas: list[Name] | None = Field(
        default=None, min_length=1, description='Schemas to discover; omitted or ["*"] = all non-system ones.'
    )
    include_stats: bool = True
    sample_size: int = Field(
        default=10_000, ge=1, le=MAX_SAMPLE, description="Rows sampled per table for stats."
    )
    exact_count_threshold: int | None = Field(
        default=None, ge=0, description="Tables above this many rows (catalog estimate) keep the estimate."
    )

    @field_validator("connection_id")
    @classmethod
    def _check_connection(cls, value: uuid.UUID | None, info: ValidationInfo) -> uuid.UUID | None:
        return _one_connection(value, info, required=True)


# --- PII classification (spec 5.3) --------------------------------------------------------------


class PIIClassifyRequest(_Body):
    schema_version_id: uuid.UUID
    # Only used when an LLM is configured; samples are hashed or masked before they are sent.
    use_llm: bool = True
    sample_size_per_column: int = Field(default=100, ge=1, le=100_000)


class PIILabelIn(_Body):
    """A person's label for one column: `pii_type` "none" says the column holds no personal data."""

    table: Name = Field(description='"table" in the default schema, else "schema.table" (as in the PII map).')
    column: Name
    pii_type: Name


# --- user-declared relationships ----------------------------------------------------------------


class RelationshipIn(_Body):
    """A foreign key the database does not declare (enforced by the application only)."""

    parent_table: Name = Field(description='Referenced table: "table" or "schema.table".')
    parent_columns: list[Name] = Field(min_length=1)
    child_table: Name = Field(description='Referencing table: "table" or "schema.table".')
    child_columns: list[Name] = Field(min_length=1)
    name: Name | None = None

    @field_validator("child_columns")
    @classmethod
    def _same_length(cls, value: list[str], info: ValidationInfo) -> list[str]:
        parent = info.data.get("parent_columns")
        if parent is not None and len(parent) != len(value):
            raise ValueError(f"{len(value)} child columns but {len(parent)} parent columns: pair them up")
        return value


# --- subsetting (appendix A, spec 6.3) ----------------------------------------------------------


class DateRange(_Body):
    table: Name
    column: Name
    start: date | datetime | None = None
    end: date | datetime | None = None

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.start is None and self.end is None:
            raise ValueError("date_range needs start, end or both")
        if self.start is not None and self.end is not None and str(self.start) > str(self.end):
            raise ValueError("date_range.start must not be after date_range.end")
        return self


class SubsetRequest(_Body):
    schema_version_id: uuid.UUID
    connection_string: ConnectionString | None = None
    connection_id: uuid.UUID | None = Field(default=None, validate_default=True)
    root_table: Name
    filters: dict[Name, dict[Name, Any]] | None = None
    max_rows_per_table: dict[Name, PositiveCount] | None = None
    date_range: DateRange | None = None
    sampling_pct: float | None = Field(default=None, gt=0, le=100)

    @field_validator("connection_id")
    @classmethod
    def _check_connection(cls, value: uuid.UUID | None, info: ValidationInfo) -> uuid.UUID | None:
        return _one_connection(value, info, required=True)


# --- masking (appendix A, spec 7.3) -------------------------------------------------------------

# "table.column" (or "schema.table.column") -> "mask.<type>" (spec 7.2 / 7.3).
RuleValue = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


def _check_rules(rules: dict[str, RuleValue]) -> dict[str, RuleValue]:
    if not rules:
        raise ValueError("rules must name at least one column")
    for target, rule in rules.items():
        if target.count(".") not in (1, 2) or any(not part for part in target.split(".")):
            raise ValueError(f"rule key {target[:100]!r} must be 'table.column' (or 'schema.table.column')")
        if not rule.startswith("mask."):
            raise ValueError(f"rule of {target[:100]!r} must be a mask type such as 'mask.hash'")
    return rules


Rules = Annotated[dict[str, RuleValue], AfterValidator(_check_rules)]


class MaskRequest(_Body):
    dataset_version_id: uuid.UUID
    rules: Rules | None = None
    rule_set_id: uuid.UUID | None = Field(default=None, validate_default=True)

    @field_validator("rule_set_id")
    @classmethod
    def _rules_or_set(cls, value: uuid.UUID | None, info: ValidationInfo) -> uuid.UUID | None:
        if value is None and info.data.get("rules") is None and "rules" in info.data:
            raise ValueError("rules or rule_set_id is required")
        return value


# --- synthetic (spec 8.3) -----------------------------------------------------------------------


class SyntheticRequest(_Body):
    ui_urls: list[AnyHttpUrl] | None = Field(default=None, max_length=50)
    api_spec_url: AnyHttpUrl | None = None
    schema_version_id: uuid.UUID | None = None
    domain_pack: Name | None = None
    row_counts: dict[Name, Annotated[int, Field(ge=0, le=100_000_000)]] | None = None
    scenario_template: Name | None = "default"

    @model_validator(mode="after")
    def _has_source(self) -> SyntheticRequest:
        if not (self.ui_urls or self.api_spec_url or self.schema_version_id or self.domain_pack):
            raise ValueError("give at least one of ui_urls, api_spec_url, schema_version_id or domain_pack")
        return self


# --- provisioning (spec 9.3) --------------------------------------------------------------------


class ProvisionRequest(_Body):
    dataset_version_id: uuid.UUID
    target_env: Name
    reset_env: bool = False
    run_smoke_tests: bool = True


# --- chained / full pipelines (spec 15.2) -------------------------------------------------------
# Inside a pipeline a step may leave out the id an earlier step produces (e.g. mask takes the subset's
# dataset version), so the step models make those ids optional.


class PipelineSubset(SubsetRequest):
    schema_version_id: uuid.UUID | None = None  # type: ignore[assignment]

    @field_validator("connection_id")
    @classmethod
    def _check_connection(cls, value: uuid.UUID | None, info: ValidationInfo) -> uuid.UUID | None:
        # In a full pipeline the subset may read from the connection the discover step used.
        return _one_connection(value, info, required=False)


class PipelineMask(MaskRequest):
    dataset_version_id: uuid.UUID | None = None  # type: ignore[assignment]


class PipelinePII(PIIClassifyRequest):
    schema_version_id: uuid.UUID | None = None  # type: ignore[assignment]


class PipelineProvision(ProvisionRequest):
    dataset_version_id: uuid.UUID | None = None  # type: ignore[assignment]


class PipelineRequest(_Body):
    """Several steps in one job. The orchestrator decides the operation from the steps given:
    subset + mask + provision -> TDM_SUBSET_MASK_PROVISION; `full_pipeline: true` (discover optional,
    subset, mask, synthetic optional, provision) -> FULL_TDM_PIPELINE; `synthetic_only: true`."""

    full_pipeline: bool = False
    synthetic_only: bool = False
    discover: DiscoverRequest | None = None
    pii: PipelinePII | None = None
    subset: PipelineSubset | None = None
    mask: PipelineMask | None = None
    synthetic: SyntheticRequest | None = None
    provision: PipelineProvision | None = None
    # The job pauses in `awaiting_approval` before each of these steps (or subgraph nodes, e.g.
    # "load_data") until someone approves it.
    require_approval_before: list[Name] | None = Field(default=None, max_length=20)


# --- jobs ---------------------------------------------------------------------------------------


class JobDecision(_Body):
    comment: str | None = Field(default=None, max_length=2000)


# --- catalog writes -----------------------------------------------------------------------------


class MaskingRuleSetCreate(_Body):
    name: Name
    schema_version_id: uuid.UUID | None = None
    dataset_version_id: uuid.UUID | None = None
    rules_json: Rules


class ConnectionCreate(_Body):
    name: Name
    connection_string: ConnectionString
    type: Name | None = Field(default=None, description="postgres (default: from the URL scheme).")


class EnvironmentCreate(_Body):
    name: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=50, pattern=r"^[A-Za-z0-9_.\-]+$"),
    ]
    connection_string: ConnectionString | None = None
    config: dict[str, Any] | None = None
    requires_approval: bool = False


class EnvironmentUpdate(_Body):
    connection_string: ConnectionString | None = None
    config: dict[str, Any] | None = None
    requires_approval: bool | None = None


class ApiKeyCreate(_Body):
    name: Name
    role: Literal["admin", "operator", "viewer"]
