"""Orchestrator settings: the spec's variable names (section 20) plus the queue and recovery tunables."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import NoDecode
from tdm_core.settings import TDMSettings


class OrchestratorSettings(TDMSettings):
    database_url: str = Field(
        default="postgresql://postgres@127.0.0.1:5432/tdm_metadata",
        description="Metadata store; LangGraph checkpoints live in the same database.",
    )
    redis_url: str = Field(default="redis://127.0.0.1:6379/0", description="RQ queue, job state, events.")
    tdm_queue_name: str = Field(
        default="tdm-jobs", min_length=1, description="RQ queue the API and workers share."
    )
    log_level: str = "INFO"

    # The longest any job may run (RQ job timeout); -1: no cap. Each operation has its own default
    # limit below it (`tdm_job_time_limits`).
    tdm_job_timeout_seconds: int = Field(default=24 * 3600, ge=-1)
    # Time limit per operation, in seconds, e.g. TDM_JOB_TIME_LIMITS='{"SCHEMA_DISCOVERY": 1800}'.
    # Operations not named keep their default (`registry.DEFAULT_TIME_LIMITS`).
    tdm_job_time_limits: dict[str, int] = Field(default_factory=dict)
    # While a node runs longer than this, a `node_running` event says so every time it elapses again:
    # a stuck node is visible in the job's events and live state.
    tdm_node_heartbeat_seconds: float = Field(default=60.0, gt=0)
    # How long RQ keeps the record of a finished RQ job (our own record is the jobs row).
    tdm_job_result_ttl_seconds: int = Field(default=24 * 3600, gt=0)

    # Node-level retries (LangGraph RetryPolicy), transient errors only.
    tdm_node_retry_attempts: int = Field(
        default=3, ge=1, description="Attempts per node, including the first."
    )
    tdm_node_retry_initial_seconds: float = Field(default=1.0, gt=0)
    tdm_node_retry_max_seconds: float = Field(default=30.0, gt=0)
    tdm_node_retry_backoff: float = Field(default=2.0, ge=1)

    # Job-level retries: when a node's retries are exhausted by a transient error, the whole job goes
    # back to the queue after a pause and resumes from its last checkpoint.
    tdm_job_retry_max: int = Field(default=3, ge=0)
    # Seconds before retry 1, 2, 3...; the environment form is "5,20,60".
    tdm_job_retry_intervals: Annotated[list[int], NoDecode] = Field(default=[5, 20, 60])
    # Retries stop once this long has passed since the job first started: a source that stays down
    # fails the job within minutes, not after a quarter of an hour of retries.
    tdm_job_retry_budget_seconds: float = Field(default=180.0, ge=0)

    # The worker running a job holds a lease it renews every ttl/3 seconds; a job whose lease expired
    # while still `running` lost its worker and is re-queued by the sweeper.
    tdm_job_lease_ttl_seconds: float = Field(default=30.0, gt=0)
    tdm_sweep_interval_seconds: float = Field(default=10.0, gt=0)
    # A `queued` job whose RQ job vanished (lost enqueue, drained worker) is re-enqueued after this.
    tdm_queued_grace_seconds: float = Field(default=30.0, ge=0)
    # A job started this many times (first run, resumes after approvals, drains, retries, lost
    # workers) is failed instead of re-queued when its worker dies again: a poison job.
    tdm_job_max_attempts: int = Field(default=10, ge=1)

    # Four-eyes approval: the API key that approves a paused job must not be the one that submitted it.
    # "environments": for approvals an environment requires (spec 9.2); "always": for every approval.
    tdm_four_eyes: Literal["off", "environments", "always"] = "environments"

    @field_validator("tdm_job_retry_intervals", mode="before")
    @classmethod
    def _split_intervals(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip().strip("[]")
            return [int(part) for part in text.split(",") if part.strip()]
        return value
