"""Jobs and their logs."""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import cast, func, insert, literal, select, update
from sqlalchemy.dialects.postgresql import JSONPATH
from sqlalchemy.orm import Session
from tdm_core.errors import NotFoundError

from tdm_metadata_store.models import DatasetVersion, Job, JobLog, SchemaVersion

# Statuses a job never leaves.
TERMINAL_STATUSES = frozenset({"completed", "failed", "cancelled"})


# Error texts and log lines are shown in API responses and the portal: long enough for any real
# explanation, never megabytes because some input was.
MAX_ERROR_CHARS = 2000
MAX_LOG_MESSAGE_CHARS = 2000


def bounded(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class JobRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def create(
        self,
        *,
        operation: str,
        request: dict[str, Any],
        user_id: str | None,
        idempotency_key: str | None = None,
        status: str = "queued",
    ) -> Job:
        job = Job(
            id=uuid.uuid4(),
            operation=operation,
            status=status,
            request_json=request,
            user_id=user_id,
            idempotency_key=idempotency_key,
        )
        self.session.add(job)
        self.session.flush()
        return job

    def get(self, job_id: uuid.UUID) -> Job | None:
        return self.session.get(Job, job_id)

    def require(self, job_id: uuid.UUID) -> Job:
        job = self.get(job_id)
        if job is None:
            raise NotFoundError(f"job {job_id} does not exist")
        return job

    def get_for_update(self, job_id: uuid.UUID) -> Job | None:
        """Row-locked read: two workers or an API call and a worker never both change one job."""
        return self.session.execute(
            select(Job).where(Job.id == job_id).with_for_update()
        ).scalar_one_or_none()

    def by_idempotency_key(self, key: str) -> Job | None:
        return self.session.execute(select(Job).where(Job.idempotency_key == key)).scalar_one_or_none()

    def list(
        self,
        *,
        operation: str | None = None,
        status: str | None = None,
        user_id: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[Sequence[Job], int]:
        query = select(Job)
        if operation:
            query = query.where(Job.operation == operation)
        if status:
            query = query.where(Job.status == status)
        if user_id:
            query = query.where(Job.user_id == user_id)
        total = self.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = self.session.execute(
            query.order_by(Job.created_at.desc(), Job.id).limit(limit).offset(offset)
        ).scalars()
        return rows.all(), total

    def set_status(
        self,
        job_id: uuid.UUID,
        status: str,
        *,
        result: dict[str, Any] | None = None,
        error: str | None = None,
        current_node: str | None = None,
    ) -> None:
        values: dict[str, Any] = {"status": status}
        now = datetime.now(UTC)
        if status == "running":
            values["started_at"] = now
        if status in TERMINAL_STATUSES:
            values["finished_at"] = now
        if result is not None:
            values["result_json"] = result
        if error is not None:
            values["error"] = bounded(error, MAX_ERROR_CHARS)
        if current_node is not None:
            values["current_node"] = current_node
        self.session.execute(update(Job).where(Job.id == job_id).values(**values))

    def increment_attempts(self, job_id: uuid.UUID) -> int:
        return self.session.execute(
            update(Job).where(Job.id == job_id).values(attempts=Job.attempts + 1).returning(Job.attempts)
        ).scalar_one()

    def request_cancel(self, job_id: uuid.UUID) -> None:
        self.session.execute(update(Job).where(Job.id == job_id).values(cancel_requested=True))

    def logs(self, job_id: uuid.UUID, *, limit: int = 1000) -> Sequence[JobLog]:
        return (
            self.session.execute(
                select(JobLog).where(JobLog.job_id == job_id).order_by(JobLog.seq).limit(limit)
            )
            .scalars()
            .all()
        )

    # --- added for the orchestrator (recovery, idempotent nodes, approvals) -----------------------

    def ids_with_status(self, status: str, *, limit: int = 1000) -> builtins.list[uuid.UUID]:
        """Ids of jobs in one status, oldest first (the worker's sweeper scans `running` / `queued`)."""
        return builtins.list(
            self.session.execute(
                select(Job.id).where(Job.status == status).order_by(Job.created_at, Job.id).limit(limit)
            ).scalars()
        )

    def produced_schema_versions(self, job_id: uuid.UUID) -> builtins.list[uuid.UUID]:
        """Schema versions a job wrote (a resumed discovery must not write a second one)."""
        return builtins.list(
            self.session.execute(
                select(SchemaVersion.id)
                .where(SchemaVersion.job_id == job_id)
                .order_by(SchemaVersion.version_number)
            ).scalars()
        )

    def dataset_versions_in_status(self, job_id: uuid.UUID, status: str) -> builtins.list[uuid.UUID]:
        """Dataset versions a job created that are in `status` (e.g. half-written ones to purge)."""
        return builtins.list(
            self.session.execute(
                select(DatasetVersion.id).where(
                    DatasetVersion.job_id == job_id, DatasetVersion.status == status
                )
            ).scalars()
        )

    def last_log_with_event(self, job_id: uuid.UUID, event: str) -> JobLog | None:
        """The newest log row whose details carry {"event": event} (e.g. the pending approval)."""
        return self.session.execute(
            select(JobLog)
            .where(JobLog.job_id == job_id, JobLog.details["event"].astext == event)
            .order_by(JobLog.seq.desc())
            .limit(1)
        ).scalar_one_or_none()

    def first_started_at(self, job_id: uuid.UUID) -> datetime | None:
        """When a worker first started the job (`started_at` moves on every resume): what time limits
        and retry budgets count from. None: it never started."""
        return self.session.execute(
            select(func.min(JobLog.created_at)).where(
                JobLog.job_id == job_id, JobLog.details["event"].astext == "job_started"
            )
        ).scalar_one()

    def count_logs_with_event(self, job_id: uuid.UUID, event: str) -> dict[str | None, int]:
        """How many log rows of one event each node wrote (e.g. node_completed per node)."""
        rows = self.session.execute(
            select(JobLog.node, func.count())
            .where(JobLog.job_id == job_id, JobLog.details["event"].astext == event)
            .group_by(JobLog.node)
        )
        return {node: int(count) for node, count in rows}

    def set_current_node(self, job_id: uuid.UUID, node: str | None) -> None:
        """Progress pointer only; unlike set_status it leaves status and timestamps alone."""
        self.session.execute(update(Job).where(Job.id == job_id).values(current_node=node))

    def active_jobs_naming(self, value: str, *, limit: int = 5) -> builtins.list[uuid.UUID]:
        """Jobs not finished whose request names `value` (a connection id, an environment name)."""
        rows = self.session.execute(
            select(Job.id)
            .where(
                Job.status.notin_(TERMINAL_STATUSES),
                func.jsonb_path_exists(
                    Job.request_json,
                    cast(literal("$.** ? (@ == $v)"), JSONPATH),
                    func.jsonb_build_object("v", value),
                ),
            )
            .limit(limit)
        )
        return list(rows.scalars())

    def has_completed(self, operation: str, result_key: str, value: str) -> bool:
        """Whether a job of `operation` completed with `result_json[result_key] == value`."""
        found = self.session.execute(
            select(Job.id)
            .where(
                Job.operation == operation,
                Job.status == "completed",
                Job.result_json[result_key].astext == value,
            )
            .limit(1)
        ).first()
        return found is not None

    def set_result(self, job_id: uuid.UUID, result: dict[str, Any]) -> None:
        """Record a job's result before its final status is set (written by the graph's finalize)."""
        self.session.execute(update(Job).where(Job.id == job_id).values(result_json=result))

    def set_operation(self, job_id: uuid.UUID, operation: str) -> None:
        """Correct the recorded operation once the worker has decided it from the request."""
        self.session.execute(
            update(Job).where(Job.id == job_id, Job.operation != operation).values(operation=operation)
        )

    def add_log(
        self,
        job_id: uuid.UUID,
        message: str,
        *,
        level: str = "INFO",
        node: str | None = None,
        details: dict[str, Any] | None = None,
        current_node: bool = False,
    ) -> None:
        """One log row, inserted without an ORM round trip (a running job writes one per node event);
        with `current_node`, `jobs.current_node` is moved to `node` in the same transaction."""
        self.session.execute(
            insert(JobLog).values(
                job_id=job_id,
                level=level,
                message=bounded(message, MAX_LOG_MESSAGE_CHARS),
                node=node,
                details=details,
            )
        )
        if current_node:
            self.set_current_node(job_id, node)
