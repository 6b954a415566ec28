from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from tdm_api.kit.schemas import Body, Name, Out


class ApiKeyCreate(Body):
    name: Name
    role: Literal["admin", "operator", "viewer"]


class ApiKeyOut(Out):
    id: uuid.UUID
    name: str
    role: str
    key_prefix: str
    created_by: str | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="The API key. Shown only in this response: store it now.")
