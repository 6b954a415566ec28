"""Job submission: validated body -> orchestrator request -> operation -> queued job -> RQ.

Order of events for one submission:
1. the body (already validated by pydantic) is turned into the orchestrator's request dict, checking
   every id it names; an inline connection string is stored encrypted as a connection and replaced by
   its id, so no clear secret lands in `jobs.request_json`;
2. the orchestrator's pure `decide_operation` names the operation (and rejects bad combinations);
3. with an Idempotency-Key, an earlier job of the same caller and key is returned instead (same body)
   or refused (different body); two concurrent requests race on the unique column, the loser returns
   the winner's job;
4. the job row is flushed as `queued`; after the request's commit, the state is mirrored to Redis and
   the job is enqueued (see `_dispatch` for what happens when Redis is down).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from tdm_cache.job_state import JobStateCache
from tdm_core.errors import ConflictError, InvalidInputError, TDMError
from tdm_core.redaction import redact_text
from tdm_metadata_store.crypto import SecretBox
from tdm_metadata_store.models import Job
from tdm_metadata_store.repositories.connections import INLINE_CONNECTION_PREFIX, ConnectionRepository
from tdm_metadata_store.repositories.jobs import JobRepository

from tdm_api.dependencies import Principal
from tdm_api.models.request import (
    DiscoverRequest,
    MaskRequest,
    PIIClassifyRequest,
    PipelineRequest,
    ProvisionRequest,
    SubsetRequest,
    SyntheticRequest,
)
from tdm_api.services import orchestrator_client
from tdm_api.services.references import Loc, References, invalid
from tdm_api.services.uow import after_commit

log = logging.getLogger("tdm_api.jobs")

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_IDEMPOTENCY_KEY = 255


@dataclass(frozen=True)
class Submission:
    job: Job
    created: bool  # False: an earlier job with the same Idempotency-Key was returned


class RequestBuilder:
    """Builds the orchestrator's request dict from validated bodies, resolving what they refer to."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.refs = References(session)

    # Each step's fields go under its key: {"subset": {...}}, as decide_operation expects.

    def discover(self, body: DiscoverRequest, loc: Loc = ("body",)) -> dict[str, Any]:
        data = _dump(body)
        connection_id = self._connection(body.connection_id, body.connection_string, loc)
        if connection_id is not None:
            data["connection_id"] = connection_id
        return data

    def pii(self, body: PIIClassifyRequest, loc: Loc = ("body",)) -> dict[str, Any]:
        if body.schema_version_id is not None:
            self.refs.schema_version(body.schema_version_id, [*loc, "schema_version_id"])
        return _dump(body)

    def subset(self, body: SubsetRequest, loc: Loc = ("body",)) -> dict[str, Any]:
        if body.schema_version_id is not None:
            self.refs.schema_version(body.schema_version_id, [*loc, "schema_version_id"])
        data = _dump(body)
        connection_id = self._connection(body.connection_id, body.connection_string, loc)
        if connection_id is not None:
            data["connection_id"] = connection_id
        return data

    def mask(self, body: MaskRequest, loc: Loc = ("body",)) -> dict[str, Any]:
        if body.dataset_version_id is not None:
            self.refs.dataset_version(body.dataset_version_id, [*loc, "dataset_version_id"])
        if body.rule_set_id is not None:
            self.refs.rule_set(body.rule_set_id, [*loc, "rule_set_id"])
        return _dump(body)

    def synthetic(self, body: SyntheticRequest, loc: Loc = ("body",)) -> dict[str, Any]:
        if body.schema_version_id is not None:
            self.refs.schema_version(body.schema_version_id, [*loc, "schema_version_id"])
        return _dump(body)

    def provision(self, body: ProvisionRequest, loc: Loc = ("body",)) -> dict[str, Any]:
        if body.dataset_version_id is not None:
            self.refs.dataset_version(body.dataset_version_id, [*loc, "dataset_version_id"])
        self.refs.environment(body.target_env, [*loc, "target_env"])
        return _dump(body)

    def pipeline(self, body: PipelineRequest) -> dict[str, Any]:
        request: dict[str, Any] = {}
        if body.full_pipeline:
            request["full_pipeline"] = True
        if body.synthetic_only:
            request["synthetic_only"] = True
        if body.discover is not None:
            request["discover"] = self.discover(body.discover, ("body", "discover"))
        if body.pii is not None:
            request["pii"] = self.pii(body.pii, ("body", "pii"))
        if body.subset is not None:
            request["subset"] = self.subset(body.subset, ("body", "subset"))
        if body.mask is not None:
            request["mask"] = self.mask(body.mask, ("body", "mask"))
        if body.synthetic is not None:
            request["synthetic"] = self.synthetic(body.synthetic, ("body", "synthetic"))
        if body.provision is not None:
            request["provision"] = self.provision(body.provision, ("body", "provision"))
        if body.require_approval_before:
            request["require_approval_before"] = list(body.require_approval_before)
        return request

    def _connection(self, connection_id: uuid.UUID | None, connection_string: Any, loc: Loc) -> str | None:
        if connection_id is not None:
            return str(self.refs.connection(connection_id, [*loc, "connection_id"]).id)
        if connection_string is None:  # allowed only where an earlier step provides the connection
            return None
        return str(self._inline_connection(connection_string.get_secret_value(), [*loc, "connection_string"]))

    def _inline_connection(self, connection_string: str, loc: Loc) -> uuid.UUID:
        """Store an inline connection string encrypted (once per distinct string) and return its id.

        The name is a keyed hash of the string: the same string maps to the same connection (so a
        retried request is the same request) and the name reveals nothing without TDM_ENCRYPTION_KEY.
        """
        repo = ConnectionRepository(self.session)
        name = INLINE_CONNECTION_PREFIX + SecretBox.from_settings().keyed_hash(connection_string)[:32]
        existing = repo.get_by_name(name)
        if existing is not None:
            return existing.id
        try:
            row = repo.create(
                name=name, connection_string=connection_string, created_by=self.principal.user_id
            )
        except ConflictError:  # created by a concurrent request a moment ago
            again = repo.get_by_name(name)
            if again is None:
                raise
            return again.id
        except InvalidInputError as exc:
            raise invalid(loc, exc.detail, "value_error") from None
        return row.id


def _dump(body: BaseModel) -> dict[str, Any]:
    # JSON-safe, without the secret (replaced by connection_id) and without unset optionals.
    return body.model_dump(mode="json", exclude={"connection_string"}, exclude_none=True)


def idempotency_storage_key(principal: Principal, key: str) -> str:
    """Keys are per caller: two API keys may both use "retry-1" without meeting each other's jobs."""
    if not key or len(key) > MAX_IDEMPOTENCY_KEY or not key.isprintable():
        raise invalid(
            ["header", IDEMPOTENCY_HEADER],
            f"must be 1 to {MAX_IDEMPOTENCY_KEY} printable characters",
            "value_error",
        )
    owner = str(principal.key_id) if principal.key_id else principal.user_id
    return hashlib.sha256(f"{owner}\n{key}".encode()).hexdigest()


class JobService:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.jobs = JobRepository(session)

    def submit(
        self, request: dict[str, Any], *, idempotency_key: str | None, body_step: str | None = None
    ) -> Submission:
        operation = orchestrator_client.decide_operation(request, body_step=body_step)
        stored_key = (
            idempotency_storage_key(self.principal, idempotency_key) if idempotency_key is not None else None
        )
        if stored_key is not None:
            existing = self.jobs.by_idempotency_key(stored_key)
            if existing is not None:
                return self._replay(existing, request, operation)
        try:
            # Savepoint: a concurrent request with the same key fails only this insert.
            with self.session.begin_nested():
                job = self.jobs.create(
                    operation=operation,
                    request=request,
                    user_id=self.principal.user_id,
                    idempotency_key=stored_key,
                )
        except IntegrityError:
            if stored_key is None:
                raise
            winner = self.jobs.by_idempotency_key(stored_key)
            if winner is None:
                raise
            return self._replay(winner, request, operation)
        self.session.refresh(job)
        after_commit(self.session, lambda: self._dispatch(job))
        return Submission(job=job, created=True)

    @staticmethod
    def _replay(existing: Job, request: dict[str, Any], operation: str) -> Submission:
        if existing.request_json != request or existing.operation != operation:
            raise invalid(
                ["header", IDEMPOTENCY_HEADER],
                f"this Idempotency-Key was already used for job {existing.id} with a different request; "
                "use a new key for a new request",
                "idempotency_key_reused",
            )
        if existing.status == "queued":
            # The first attempt may have found the queue down: enqueueing again is harmless.
            ensure_enqueued(existing.id)
        return Submission(job=existing, created=False)

    def _dispatch(self, job: Job) -> None:
        """After commit: mirror the state to Redis and put the job on the queue.

        The committed row is the job: if Redis is down right now it stays `queued` and the worker's
        sweeper enqueues it once Redis is back (enqueue_job is idempotent), so the client still gets
        its 202 and never a duplicate. An idempotent replay of a queued job also retries the enqueue.
        """
        try:
            JobStateCache().set(
                job.id,
                {
                    "job_id": str(job.id),
                    "status": job.status,
                    "operation": job.operation,
                    "user_id": job.user_id,
                    "created_at": job.created_at.isoformat() if job.created_at else None,
                },
            )
        except TDMError as exc:
            log.warning("job %s: live state not written: %s", job.id, redact_text(exc.detail))
        ensure_enqueued(job.id)


def ensure_enqueued(job_id: uuid.UUID) -> None:
    """Enqueue, or leave the committed job to the sweeper when the queue cannot be reached."""
    try:
        orchestrator_client.enqueue_job(job_id)
    except Exception as exc:  # RQ raises raw redis errors; the committed row is safe either way
        reason = exc.detail if isinstance(exc, TDMError) else f"{type(exc).__name__}: {exc}"
        log.warning(
            "job %s is committed but not on the queue yet (%s); the worker's sweeper will enqueue it",
            job_id,
            redact_text(reason),
        )
