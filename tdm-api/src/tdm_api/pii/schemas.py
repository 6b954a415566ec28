from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from tdm_api.kit.schemas import Body, Name


class PIILabelIn(Body):
    """A person's label for one column: `pii_type` "none" says the column holds no personal data."""

    table: Name = Field(description='"table" in the default schema, else "schema.table" (as in the PII map).')
    column: Name
    pii_type: Name


class PIIEntry(BaseModel):
    table: str
    column: str
    pii_type: str
    confidence: float | None
    technique: str | None
    # How the label was reached (patterns matched, validator pass rates, LLM reason); never raw values.
    evidence: dict[str, Any] | None = None
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None


class PIIMap(BaseModel):
    schema_version_id: uuid.UUID
    pii_map: list[PIIEntry]
