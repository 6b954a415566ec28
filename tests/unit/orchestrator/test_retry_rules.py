"""Only transient errors are retried (node RetryPolicy and job-level back-off); bad input never is."""

from __future__ import annotations

import psycopg
import pytest
import redis
from sqlalchemy.exc import IntegrityError, OperationalError
from tdm_core.errors import DependencyUnavailableError, InvalidInputError, NotFoundError
from tdm_orchestrator.errors import (
    AgentNotAvailableError,
    ApprovalRejected,
    DrainRequested,
    JobCancelled,
    is_transient,
)
from tdm_orchestrator.graphs.common import retry_policy
from tdm_orchestrator.settings import OrchestratorSettings


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"error {sqlstate}")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (DependencyUnavailableError("S3 answered 503"), True),
        (InvalidInputError("schema 'x' does not exist"), False),
        (NotFoundError("no such job"), False),
        (AgentNotAvailableError("agent subsetting is not available in this build"), False),
        (JobCancelled("cancelled"), False),
        (ApprovalRejected("rejected by bob"), False),
        (DrainRequested("shutting down"), False),
        (redis.ConnectionError("connection refused"), True),
        (redis.TimeoutError("timed out"), True),
        (psycopg.OperationalError("server closed the connection unexpectedly"), True),
        (OperationalError("SELECT 1", {}, _PgError("40P01")), True),  # deadlock
        (OperationalError("SELECT 1", {}, _PgError("57P01")), True),  # admin shutdown
        (OperationalError("SELECT 1", {}, _PgError("28P01")), False),  # wrong password
        (OperationalError("SELECT 1", {}, _PgError("3D000")), False),  # no such database
        (IntegrityError("INSERT", {}, _PgError("23505")), False),  # duplicate key
        (ValueError("bad value"), False),
    ],
)
def test_is_transient(exc: BaseException, expected: bool) -> None:
    assert is_transient(exc) is expected


def test_node_retry_policy_uses_the_settings_and_the_transient_rule() -> None:
    settings = OrchestratorSettings(tdm_node_retry_attempts=4, tdm_node_retry_initial_seconds=0.25)
    policy = retry_policy(settings)
    assert policy.max_attempts == 4
    assert policy.initial_interval == 0.25
    assert policy.retry_on is is_transient


def test_job_retry_intervals_accept_a_comma_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TDM_JOB_RETRY_INTERVALS", "5, 30,120")
    monkeypatch.setenv("TDM_QUEUE_NAME", "q-from-env")
    settings = OrchestratorSettings.load()
    assert settings.tdm_job_retry_intervals == [5, 30, 120]
    assert settings.tdm_queue_name == "q-from-env"
