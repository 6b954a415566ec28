"""PII classification's contract (spec 5.3): what `POST /pii/classify` takes and what the job reports."""

from __future__ import annotations

import uuid

from pydantic import Field

from tdm_agents.common.contract import AgentContract, ContractModel, ResultModel
from tdm_agents.pii_detection.labels import PIIType

__all__ = ["CONTRACT", "PIIClassifyRequest", "PIIClassifyStep", "PIIResult", "PIIType"]


class PIIClassifyStep(ContractModel):
    """Classification inside a multi-step job (the schema version may come from discovery)."""

    schema_version_id: uuid.UUID | None = None
    # Only used when an LLM is configured; samples are hashed or masked before they are sent.
    use_llm: bool = Field(default=True, description="Consult the LLM when one is configured.")
    sample_size_per_column: int = Field(default=100, ge=1, le=100_000)


class PIIClassifyRequest(PIIClassifyStep):
    """Body of POST /pii/classify."""

    schema_version_id: uuid.UUID


class PIIResult(ResultModel):
    schema_version_id: uuid.UUID
    schema_id: uuid.UUID
    version_number: int
    columns: int = Field(description="Columns classified")
    pii_columns: int = Field(description="Columns holding personal data")
    by_type: dict[str, int]
    by_technique: dict[str, int]
    manual_labels: int
    manual_labels_carried_over: int
    written: int
    llm: str = Field(description="used, disabled (use_llm false) or not_configured")
    llm_calls: int
    tables_not_sampled: int
    sampling_problems: dict[str, str] = Field(
        description="Why tables could not be sampled (their columns were classified from names alone)."
    )
    skipped_relations: dict[str, int] = Field(
        description="Views and other relations not classified, by kind."
    )


CONTRACT = AgentContract(
    agent="pii_classification",
    step="pii",
    request=PIIClassifyRequest,
    step_input=PIIClassifyStep,
    result=PIIResult,
    route="/pii/classify",
    summary="Classify the columns of a schema version (names, value patterns, and an LLM if configured).",
    chained_inputs=("schema_version_id",),
)
