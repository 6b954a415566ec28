"""Masking's contract (spec 7.3 and appendix A): what `POST /mask` takes and what the job reports."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, ValidationInfo, field_validator

from tdm_agents.common.contract import MAX_MAP_ENTRIES, AgentContract, ContractModel, ResultModel

# "table.column" (or "schema.table.column") -> "mask.<type>" (spec 7.2 / 7.3).
RuleValue = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


def check_rules(rules: dict[str, RuleValue]) -> dict[str, RuleValue]:
    if not rules:
        raise ValueError("rules must name at least one column")
    if len(rules) > MAX_MAP_ENTRIES:
        raise ValueError(f"at most {MAX_MAP_ENTRIES} rules per request")
    for target, rule in rules.items():
        if target.count(".") not in (1, 2) or any(not part for part in target.split(".")):
            raise ValueError(f"rule key {target[:100]!r} must be 'table.column' (or 'schema.table.column')")
        if not rule.startswith("mask."):
            raise ValueError(f"rule of {target[:100]!r} must be a mask type such as 'mask.hash'")
    return rules


Rules = Annotated[
    dict[Annotated[str, StringConstraints(max_length=800)], RuleValue],
    AfterValidator(check_rules),
    Field(json_schema_extra={"minProperties": 1, "maxProperties": MAX_MAP_ENTRIES}),
]


class MaskStep(ContractModel):
    """Masking inside a multi-step job (the dataset version comes from the subset)."""

    dataset_version_id: uuid.UUID | None = None
    rules: Rules | None = Field(
        default=None, description='{"table.column": "mask.<type>"}, e.g. {"customers.email": "mask.hash"}'
    )
    rule_set_id: uuid.UUID | None = Field(default=None, validate_default=True)

    @field_validator("rule_set_id")
    @classmethod
    def _rules_or_set(cls, value: uuid.UUID | None, info: ValidationInfo) -> uuid.UUID | None:
        if value is None and info.data.get("rules") is None and "rules" in info.data:
            raise ValueError("give rules or rule_set_id")
        return value


class MaskRequest(MaskStep):
    """Body of POST /mask (appendix A MaskRequest)."""

    dataset_version_id: uuid.UUID


class MaskResult(ResultModel):
    dataset_version_id: uuid.UUID
    source_dataset_version_id: uuid.UUID
    columns_masked: int
    row_counts: dict[str, int]


CONTRACT = AgentContract(
    agent="masking",
    step="mask",
    request=MaskRequest,
    step_input=MaskStep,
    result=MaskResult,
    route="/mask",
    summary="Mask a dataset version with rules or a saved rule set into a new dataset version.",
    chained_inputs=("dataset_version_id",),
)
