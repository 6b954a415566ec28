from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

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


class WhoAmI(BaseModel):
    """The caller behind the API key."""

    name: str = Field(description="The key's name (recorded as the user of the jobs it submits).")
    role: str = Field(description="viewer, operator or admin.")
    key_id: uuid.UUID | None = Field(default=None, description="None for the bootstrap secret.")
