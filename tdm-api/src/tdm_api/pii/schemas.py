from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, model_validator
from tdm_agents.pii_detection.contract import evidence_items, evidence_summary

from tdm_api.kit.schemas import Body, Name


class PIILabelIn(Body):
    """A person's label for one column: `pii_type` "none" says the column holds no personal data."""

    table: Name = Field(description='"table" in the default schema, else "schema.table" (as in the PII map).')
    column: Name
    pii_type: Name


class EvidenceItem(BaseModel):
    """One piece of evidence behind a label: counts, rates, validator and pattern names, never a value."""

    source: str = Field(description="name, values, reference, table, llm or manual")
    detail: str = Field(description='What it found, e.g. "phone_valid: 98% of 100 sampled".')
    score: float | None = Field(default=None, description="Its strength (a rate or a confidence), 0..1.")


class PIIEntry(BaseModel):
    table: str
    column: str
    pii_type: str = Field(description="A PII type, `sensitive` (special-category data) or `none`.")
    confidence: float | None
    technique: str | None
    # How the label was reached (patterns matched, validator pass rates, LLM reason); never raw values.
    evidence: dict[str, Any] | None = None
    evidence_items: list[EvidenceItem] = Field(
        default_factory=list,
        description="The evidence behind the label, source by source (from `evidence`).",
    )
    evidence_summary: str = Field(
        default="-", description="The decision and its strongest evidence, one line."
    )
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None

    @model_validator(mode="after")
    def _explain(self) -> PIIEntry:
        # Derived from the stored evidence, so maps classified before these fields existed show them too.
        self.evidence_items = [EvidenceItem.model_validate(item) for item in evidence_items(self.evidence)]
        self.evidence_summary = evidence_summary(self.evidence)
        return self


class PIIMap(BaseModel):
    schema_version_id: uuid.UUID
    pii_map: list[PIIEntry]
