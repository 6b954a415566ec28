from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from tdm_agents.masking.contract import Rules

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
