from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field
from tdm_agents.common.contract import ConnectionString

from tdm_api.kit.schemas import Body, Name, Out


class ConnectionCreate(Body):
    name: Name
    connection_string: ConnectionString
    type: Name | None = Field(default=None, description="postgres (default: from the URL scheme).")


class ConnectionOut(Out):
    id: uuid.UUID
    name: str
    type: str
    display_url: str | None
    created_by: str | None
    created_at: datetime
    inline: bool = Field(
        default=False, description="Made for a connection string sent inline with a job, not saved by name."
    )
