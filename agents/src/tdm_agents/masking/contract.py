"""Masking's contract (spec 7.3 and appendix A): what `POST /mask` takes and what the job reports.

Rules: `{"table.column": "mask.<type>"}` (spec 7.3) or `{"table.column": {"type": "mask.<type>", "params":
{...}}}`; tables named as in the PII map (`schema.table.column` outside the default schema); or
`"auto"`: rules derived from the PII classification of the dataset's schema version. What depends on the
schema -- that columns exist, that a transformer and its parameters exist and its output fits the column
-- is checked at submission against the schema version (`rules.check_request`, wired in the registry).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    GetPydanticSchema,
    PlainSerializer,
    StringConstraints,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
)
from pydantic_core import core_schema

from tdm_agents.common.contract import MAX_MAP_ENTRIES, AgentContract, ContractModel, Name, ResultModel

TransformerName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=6, max_length=100, pattern=r"^mask\.[a-z0-9_]+$")
]


class RuleObject(ContractModel):
    type: TransformerName
    params: dict[str, Any] = Field(default_factory=dict, description="The transformer's parameters.")


def _rule_from_name(value: Any) -> Any:
    # "mask.hash" is shorthand for {"type": "mask.hash"}: one model validates both, so an error's location
    # is `rules.<column>.type` rather than a union branch label.
    return {"type": value} if isinstance(value, str) else value


def _rule_as_given(rule: RuleObject) -> str | dict[str, Any]:
    return rule.type if not rule.params else {"type": rule.type, "params": rule.params}


RuleValue = Annotated[
    RuleObject,
    BeforeValidator(_rule_from_name, json_schema_input_type=TransformerName | RuleObject),
    PlainSerializer(_rule_as_given),
]


def check_rules(rules: dict[str, RuleObject]) -> dict[str, RuleObject]:
    if not rules:
        raise ValueError("rules must name at least one column")
    for target in rules:
        if target.count(".") < 1 or any(not part for part in target.split(".")):
            raise ValueError(f"rule key {target[:100]!r} must be 'table.column' (or 'schema.table.column')")
    return rules


Rules = Annotated[
    dict[Annotated[str, StringConstraints(max_length=800)], RuleValue],
    AfterValidator(check_rules),
    Field(
        json_schema_extra={"minProperties": 1, "maxProperties": MAX_MAP_ENTRIES}, max_length=MAX_MAP_ENTRIES
    ),
]


def _auto_or_rules(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    # "auto" or a rules object, validated as one type so errors name `rules.<column>`, not union branches.
    return value if value == "auto" else handler(value)


def _rules_as_given(value: Any) -> Any:
    return (
        value if isinstance(value, str) else {target: _rule_as_given(rule) for target, rule in value.items()}
    )


RulesOrAuto = Annotated[
    dict[str, RuleObject] | Literal["auto"],
    GetPydanticSchema(
        lambda _type, handler: core_schema.no_info_wrap_validator_function(
            _auto_or_rules,
            handler.generate_schema(Rules),
            json_schema_input_schema=handler.generate_schema(Rules | Literal["auto"]),
            serialization=core_schema.plain_serializer_function_ser_schema(_rules_as_given),
        )
    ),
]


class MaskStep(ContractModel):
    """Masking inside a multi-step job (the dataset version comes from the subset)."""

    dataset_version_id: uuid.UUID | None = None
    rules: RulesOrAuto | None = Field(
        default=None,
        description='{"table.column": "mask.<type>" | {"type", "params"}}, or "auto" (from the PII map).',
        examples=[
            {
                "customer.email": "mask.email_deterministic",
                "customer.last_name": {"type": "mask.fake_name", "params": {"part": "last"}},
            }
        ],
    )
    rule_set_id: uuid.UUID | None = Field(default=None, validate_default=True)
    allow_unmasked_pii: bool = Field(
        default=False, description="Let PII columns (per the PII map) stay unmasked instead of failing."
    )
    mask_sensitive: bool = Field(
        default=False,
        description=(
            "Also mask columns the PII map labels `sensitive` (pay, health, religion...: data about a person "
            "that does not identify them). Off: they are left as they are, and do not fail the job."
        ),
    )
    key_name: Name | None = Field(
        default=None, description="A named masking key (TDM_MASKING_KEYS), e.g. one per environment."
    )
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)] | None = None

    @field_validator("rule_set_id")
    @classmethod
    def _rules_or_set(cls, value: uuid.UUID | None, info: ValidationInfo) -> uuid.UUID | None:
        if value is None and info.data.get("rules") is None and "rules" in info.data:
            raise ValueError('give rules or rule_set_id (rules may be "auto")')
        if value is not None and info.data.get("rules") is not None:
            raise ValueError("give rules or rule_set_id, not both")
        return value


class MaskRequest(MaskStep):
    """Body of POST /mask (appendix A MaskRequest)."""

    dataset_version_id: uuid.UUID


class AppliedRule(ResultModel):
    type: str
    params: dict[str, Any]
    origin: str  # "rule", "auto <pii type>", "foreign key to <table.column>"


class MaskResult(ResultModel):
    dataset_version_id: uuid.UUID
    source_dataset_version_id: uuid.UUID
    columns_masked: int
    row_counts: dict[str, int]
    rules_applied: dict[str, AppliedRule] = Field(default_factory=dict)
    key_id: str | None = None
    unmasked_pii: list[str] = Field(default_factory=list)
    unmasked_sensitive: list[str] = Field(
        default_factory=list, description="Sensitive columns left unmasked (mask_sensitive was off)."
    )


CONTRACT = AgentContract(
    agent="masking",
    step="mask",
    request=MaskRequest,
    step_input=MaskStep,
    result=MaskResult,
    route="/mask",
    summary="Mask a dataset version with rules, a saved rule set or the PII map into a new dataset version.",
    chained_inputs=("dataset_version_id",),
)
