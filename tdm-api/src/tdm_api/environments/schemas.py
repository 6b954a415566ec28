from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import Field, StringConstraints
from tdm_agents.common.contract import ConnectionString

from tdm_api.kit.schemas import Body, Out


class EnvironmentCreate(Body):
    name: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=50, pattern=r"^[A-Za-z0-9_.\-]+$"),
    ]
    connection_string: ConnectionString | None = None
    config: dict[str, Any] | None = None
    requires_approval: bool = False


class EnvironmentUpdate(Body):
    connection_string: ConnectionString | None = None
    config: dict[str, Any] | None = None
    requires_approval: bool | None = None


class EnvironmentOut(Out):
    id: uuid.UUID
    name: str
    display_url: str | None
    config: dict[str, Any] | None = Field(validation_alias="config_json")
    requires_approval: bool
    has_connection: bool = False
    created_at: datetime
    updated_at: datetime
