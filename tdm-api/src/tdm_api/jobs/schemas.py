from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from tdm_orchestrator.results import JobResult

from tdm_api.kit.schemas import Body, Out


class JobAccepted(BaseModel):
    job_id: uuid.UUID
    status: str
    operation: str
    status_url: str
    events_url: str


class JobSummary(Out):
    id: uuid.UUID
    operation: str
    status: str
    user_id: str | None
    current_node: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None


class JobLogOut(Out):
    id: uuid.UUID
    level: str | None
    message: str | None
    node: str | None
    details: dict[str, Any] | None
    created_at: datetime


class JobDetail(JobSummary):
    request: dict[str, Any] | None = Field(
        description="The request as queued (secrets stored encrypted, not shown)."
    )
    result: JobResult | None = Field(description="Each step's result (its agent's result model).")
    attempts: int
    cancel_requested: bool
    logs: list[JobLogOut]
    # Live state mirrored in Redis (tdm:job:<id>) while it has not expired.
    live_state: dict[str, Any] | None = None


class JobAction(BaseModel):
    job_id: uuid.UUID
    status: str
    detail: str


class JobDecision(Body):
    comment: str | None = Field(default=None, max_length=2000)
