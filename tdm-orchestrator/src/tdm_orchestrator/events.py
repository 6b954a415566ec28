"""What a running job tells the world: a job_logs row, an event on its Redis stream, its live state.

Every event goes to all three, in that order: the job_logs row is the durable audit record (who,
when, which node), the stream feeds the portal's SSE, the state key is what `GET /job/{id}` polls.

Event payload (JSON object on `tdm:job:<id>:events`):
    {"type": "node_completed", "job_id": ..., "at": ISO-8601, "message": ..., "node": ...,
     "subgraph": ..., "status": ..., "attempt": n, ...event-specific keys}
Types: job_started, node_started, node_running (a heartbeat of a long node), node_completed, node_failed,
step_started, step_completed,
job_requeued, awaiting_approval, approval_decision, job_completed, job_failed, job_cancelled.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import Any

from tdm_core.redaction import redact_text
from tdm_metadata_store.repositories.jobs import JobRepository

from tdm_orchestrator.runtime import Runtime, get_runtime

log = logging.getLogger(__name__)

JOB_STARTED = "job_started"
NODE_STARTED = "node_started"
NODE_COMPLETED = "node_completed"
NODE_FAILED = "node_failed"
NODE_RUNNING = "node_running"
STEP_STARTED = "step_started"
STEP_COMPLETED = "step_completed"
JOB_REQUEUED = "job_requeued"
AWAITING_APPROVAL = "awaiting_approval"
APPROVAL_DECISION = "approval_decision"
JOB_COMPLETED = "job_completed"
JOB_FAILED = "job_failed"
JOB_CANCELLED = "job_cancelled"

# Job status each final/pausing event puts the job in (for the live state).
EVENT_STATUS = {
    JOB_STARTED: "running",
    JOB_REQUEUED: "queued",
    AWAITING_APPROVAL: "awaiting_approval",
    JOB_COMPLETED: "completed",
    JOB_FAILED: "failed",
    JOB_CANCELLED: "cancelled",
}


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def safe_error(exc: BaseException, limit: int = 500) -> str:
    """One line describing an error, without passwords; DETAIL lines (which may quote row values,
    i.e. personal data) are dropped."""
    detail = getattr(exc, "detail", None)
    text = detail if isinstance(detail, str) and detail else str(exc)
    first = next((line.strip() for line in text.splitlines() if line.strip()), "") or type(exc).__name__
    return redact_text(first)[:limit]


class JobReporter:
    def __init__(
        self, job_id: str | uuid.UUID, runtime: Runtime | None = None, *, attempt: int | None = None
    ) -> None:
        self.job_id = str(job_id)
        self.job_uuid = uuid.UUID(self.job_id)
        self.runtime = runtime or get_runtime()
        self.attempt = attempt
        self.stream = self.runtime.job_events()
        self.live_state = self.runtime.job_state()

    def emit(
        self,
        event_type: str,
        message: str,
        *,
        level: str = "INFO",
        node: str | None = None,
        subgraph: str | None = None,
        details: dict[str, Any] | None = None,
        status: str | None = None,
        write_log: bool = True,
    ) -> dict[str, Any]:
        """Write the log row (unless the caller already did, in its own transaction), publish, update."""
        status = status or EVENT_STATUS.get(event_type)
        extra = dict(details or {})
        payload: dict[str, Any] = {
            "type": event_type,
            "job_id": self.job_id,
            "at": now_iso(),
            "message": message,
        }
        if node is not None:
            payload["node"] = node
        if subgraph is not None:
            payload["subgraph"] = subgraph
        if status is not None:
            payload["status"] = status
        if self.attempt is not None:
            payload["attempt"] = self.attempt
        payload.update(extra)
        log_details = self.log_details(event_type, subgraph, extra)
        if write_log:
            with self.runtime.session() as session:
                JobRepository(session).add_log(
                    self.job_uuid,
                    message,
                    level=level,
                    node=node,
                    details=log_details,
                    current_node=event_type == NODE_STARTED,
                )
        self.stream.publish(self.job_id, payload)
        if event_type == NODE_COMPLETED:
            # The live state changes on starts and status changes; a completion adds nothing to it
            # that the next start does not (and skipping it halves the Redis round trips per node).
            return payload
        live: dict[str, Any] = {"job_id": self.job_id, "updated_at": payload["at"], "last_event": event_type}
        if status is not None:
            live["status"] = status
        if event_type == NODE_STARTED:
            live["current_node"] = node
            live["current_subgraph"] = subgraph
        if event_type == NODE_RUNNING:
            live["current_node_running_seconds"] = extra.get("running_seconds")
        if event_type in (JOB_FAILED, JOB_CANCELLED) and "reason" in extra:
            live["error"] = extra["reason"]
        self.live_state.update(self.job_id, live)
        log.log(logging.getLevelName(level), "job %s: %s", self.job_id, message)
        return payload

    def log_details(self, event_type: str, subgraph: str | None, extra: dict[str, Any]) -> dict[str, Any]:
        """The job_logs.details of an event: {"event": type, ...} (for callers writing the row)."""
        details = {"event": event_type, **({"subgraph": subgraph} if subgraph else {}), **extra}
        if self.attempt is not None:
            details["attempt"] = self.attempt
        return details

    # --- shorthands used by the graph and the runner -----------------------------------------------

    def node_started(self, node: str, subgraph: str) -> None:
        self.emit(NODE_STARTED, f"{subgraph}.{node} started", node=node, subgraph=subgraph)

    def node_completed(self, node: str, subgraph: str, seconds: float, summary: dict[str, Any]) -> None:
        self.emit(
            NODE_COMPLETED,
            f"{subgraph}.{node} completed in {seconds:.2f}s",
            node=node,
            subgraph=subgraph,
            details={"duration_ms": round(seconds * 1000), "output": summary},
        )

    def node_running(self, node: str, subgraph: str, seconds: float) -> None:
        self.emit(
            NODE_RUNNING,
            f"{subgraph}.{node} still running after {seconds:.0f}s",
            node=node,
            subgraph=subgraph,
            details={"running_seconds": round(seconds)},
        )

    def node_failed(self, node: str, subgraph: str, exc: BaseException, *, transient: bool) -> None:
        self.emit(
            NODE_FAILED,
            f"{subgraph}.{node} failed: {safe_error(exc)}",
            level="WARNING" if transient else "ERROR",
            node=node,
            subgraph=subgraph,
            details={"error_type": type(exc).__name__, "transient": transient},
        )
