"""Submitting a job: the one path from a validated request to a queued job, for the API and the CLI.

Order of events for one submission:
1. each step of the request (an agent contract model) becomes plain JSON, checking every id it names
   (`schema_version_id`, `dataset_version_id`, `rule_set_id`, `connection_id`, `target_env`): a
   missing one is a 422 whose `loc` is [step, field]. A connection string sent inline must pass the
   source policy (`tdm_agents.common.source_policy`); it is stored encrypted as a connection owned by
   the submitter and replaced by its id, so no clear secret lands in `jobs.request_json`;
2. `validate_request` names the operation (and refuses bad combinations); a plan needing an agent
   this build lacks is refused with a 501 -- never queued to fail later; then each step whose agent
   has a schema check (registry `schema_check`, e.g. subsetting's tables, columns and filter values)
   is checked against the schema version it names: a 422 whose `loc` points into the step;
3. with an idempotency key, an earlier job of the same submitter and key is returned instead (same
   request) or refused (different request); two concurrent submissions race on the unique column, the
   loser returns the winner's job;
4. the job row is flushed as `queued`; after the caller's commit the state is mirrored to Redis and the
   job is enqueued (`enqueue=False`: the caller runs it itself, as `tdm discover` does).
The caller owns the unit of work (`tdm_metadata_store.db.session_scope` or the API's request).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, SecretStr
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from tdm_agents.common.source_policy import check_source_allowed
from tdm_core.errors import InvalidInputError, TDMError
from tdm_core.redaction import redact_text
from tdm_metadata_store.db import after_commit
from tdm_metadata_store.models import Job
from tdm_metadata_store.repositories.connections import ConnectionRepository
from tdm_metadata_store.repositories.datasets import DatasetRepository
from tdm_metadata_store.repositories.environments import EnvironmentRepository
from tdm_metadata_store.repositories.jobs import JobRepository
from tdm_metadata_store.repositories.masking_rules import MaskingRuleRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository

from tdm_orchestrator.operations import ValidatedRequest, parse_step, validate_request
from tdm_orchestrator.queue import enqueue_job
from tdm_orchestrator.registry import BY_STEP, require_built
from tdm_orchestrator.runtime import get_runtime

log = logging.getLogger(__name__)

IDEMPOTENCY_KEY_FIELD = "idempotency_key"
MAX_IDEMPOTENCY_KEY = 255
# Dataset versions a job may read: "writing" ones are incomplete, failed/purged ones are gone.
READABLE_DATASET_STATUSES = frozenset({"active"})

Loc = list[str | int]


def invalid(loc: Loc, message: str, kind: str = "not_found") -> InvalidInputError:
    """A 422 naming the field: "subset.schema_version_id: schema version ... does not exist"."""
    shown = loc[1:] if loc[:1] == ["body"] else loc
    field = ".".join(str(p) for p in shown)
    return InvalidInputError(f"{field}: {message}", errors=[{"loc": list(loc), "msg": message, "type": kind}])


@dataclass(frozen=True)
class Submitter:
    """Who submits: recorded as jobs.user_id; idempotency keys are per submitter."""

    user_id: str
    key_id: uuid.UUID | None = None  # the API key, when there is one

    @property
    def owner(self) -> str:
        return str(self.key_id) if self.key_id else self.user_id


@dataclass(frozen=True)
class Submission:
    job: Job
    created: bool  # False: an earlier job with the same idempotency key was returned
    validated: ValidatedRequest


class References:
    """Checks the ids a request names; every miss is a 422 at the field's location."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.checks: dict[str, Callable[[Any, Loc], None]] = {
            "schema_version_id": self.schema_version,
            "dataset_version_id": self.dataset_version,
            "rule_set_id": self.rule_set,
            "connection_id": self.connection,
            "target_env": self.environment,
        }

    def check(self, data: Mapping[str, Any], loc: Loc) -> None:
        for field, check in self.checks.items():
            value = data.get(field)
            if value is not None:
                check(value, [*loc, field])

    def schema_version(self, version_id: Any, loc: Loc) -> None:
        if SchemaRepository(self.session).get_version(uuid.UUID(str(version_id))) is None:
            raise invalid(loc, f"schema version {version_id} does not exist")

    def dataset_version(self, version_id: Any, loc: Loc) -> None:
        row = DatasetRepository(self.session).get(uuid.UUID(str(version_id)))
        if row is None:
            raise invalid(loc, f"dataset version {version_id} does not exist")
        if row.status not in READABLE_DATASET_STATUSES:
            raise invalid(
                loc,
                f"dataset version {version_id} is {row.status}, not active: it cannot be used",
                "not_active",
            )

    def rule_set(self, rule_set_id: Any, loc: Loc) -> None:
        if MaskingRuleRepository(self.session).get(uuid.UUID(str(rule_set_id))) is None:
            raise invalid(loc, f"masking rule set {rule_set_id} does not exist")

    def connection(self, connection_id: Any, loc: Loc) -> None:
        if ConnectionRepository(self.session).get(uuid.UUID(str(connection_id))) is None:
            raise invalid(loc, f"connection {connection_id} does not exist")

    def environment(self, name: Any, loc: Loc) -> None:
        if EnvironmentRepository(self.session).get_by_name(str(name)) is None:
            raise invalid(loc, f"environment {name!r} does not exist (see GET /environments)")


class JobSubmissions:
    def __init__(self, session: Session, submitter: Submitter) -> None:
        self.session = session
        self.submitter = submitter
        self.jobs = JobRepository(session)
        self.references = References(session)

    def submit(
        self,
        request: Mapping[str, Any] | BaseModel,
        *,
        idempotency_key: str | None = None,
        enqueue: bool = True,
    ) -> Submission:
        """Queue the job `request` asks for (see the module docstring).

        `request`: a job request whose step values are agent contract models -- `{"subset":
        SubsetRequest(...)}` -- or a whole `operations.JobRequest`.
        """
        stored = self.prepare(request)
        validated = validate_request(stored)
        require_built(validated.agents(), validated.operation.value)
        for step in stored:
            if step in BY_STEP:
                self._check_against_schema(step, stored[step])
        operation = validated.operation.value
        stored_key = self._storage_key(idempotency_key) if idempotency_key is not None else None
        if stored_key is not None:
            existing = self.jobs.by_idempotency_key(stored_key)
            if existing is not None:
                return self._replay(existing, stored, operation, validated)
        try:
            # Savepoint: a concurrent request with the same key fails only this insert.
            with self.session.begin_nested():
                job = self.jobs.create(
                    operation=operation,
                    request=stored,
                    user_id=self.submitter.user_id,
                    idempotency_key=stored_key,
                )
        except IntegrityError:
            if stored_key is None:
                raise
            winner = self.jobs.by_idempotency_key(stored_key)
            if winner is None:
                raise
            return self._replay(winner, stored, operation, validated)
        self.session.refresh(job)
        if enqueue:
            after_commit(self.session, lambda: dispatch(job))
        return Submission(job=job, created=True, validated=validated)

    def prepare(self, request: Mapping[str, Any] | BaseModel) -> dict[str, Any]:
        """The request as stored: steps as JSON, ids checked, inline secrets replaced by references."""
        items = (
            {name: getattr(request, name) for name in type(request).model_fields}
            if isinstance(request, BaseModel)
            else dict(request)
        )
        stored: dict[str, Any] = {}
        for key, value in items.items():
            if value is None or (key in ("full_pipeline", "synthetic_only") and value is False):
                continue
            step = parse_step(key, dict(value)) if key in BY_STEP and isinstance(value, Mapping) else value
            # Plain JSON (a script, a test) goes through the same model as the API's body: an inline
            # connection string is stored encrypted here too, and ids are checked the same way.
            if key in BY_STEP and isinstance(step, BaseModel):
                stored[key] = self._step(key, step)
            else:
                stored[key] = value
        return stored

    def _step(self, step: str, body: BaseModel) -> dict[str, Any]:
        data: dict[str, Any] = body.model_dump(mode="json", exclude={"connection_string"}, exclude_none=True)
        secret = getattr(body, "connection_string", None)
        if isinstance(secret, SecretStr):
            row = self._inline_connection(secret.get_secret_value(), [step, "connection_string"])
            data["connection_id"] = str(row)
        self.references.check(data, [step])
        return data

    def _check_against_schema(self, step: str, data: Mapping[str, Any]) -> None:
        """What the schema version contradicts in the step (unknown tables, columns, value types)."""
        check = BY_STEP[step].schema_checker()
        version_id = data.get("schema_version_id")
        if version_id is None and data.get("dataset_version_id") is not None:
            dataset = DatasetRepository(self.session).get(uuid.UUID(str(data["dataset_version_id"])))
            version_id = dataset.schema_version_id if dataset is not None else None
        if check is None or version_id is None:
            return  # chained from an earlier step: checked when the step runs
        snapshot = SchemaRepository(self.session).load_version(uuid.UUID(str(version_id)))
        try:
            check(data, snapshot)
        except InvalidInputError as exc:
            errors = [{**error, "loc": [step, *error.get("loc", [])]} for error in exc.errors]
            raise InvalidInputError(f"{step}.{exc.detail}", errors=errors) from None

    def _inline_connection(self, connection_string: str, loc: Loc) -> uuid.UUID:
        try:
            # The source policy first: refused sources never become a stored connection.
            check_source_allowed(connection_string)
            row = ConnectionRepository(self.session).ensure_inline(
                connection_string, created_by=self.submitter.user_id
            )
        except InvalidInputError as exc:
            raise invalid(loc, exc.detail, "value_error") from None
        return row.id

    def _storage_key(self, key: str) -> str:
        """Keys are per submitter: two API keys may both use "retry-1" without meeting each other's jobs."""
        if not key or len(key) > MAX_IDEMPOTENCY_KEY or not key.isprintable():
            raise invalid(
                [IDEMPOTENCY_KEY_FIELD],
                f"must be 1 to {MAX_IDEMPOTENCY_KEY} printable characters",
                "value_error",
            )
        return hashlib.sha256(f"{self.submitter.owner}\n{key}".encode()).hexdigest()

    @staticmethod
    def _replay(
        existing: Job, request: dict[str, Any], operation: str, validated: ValidatedRequest
    ) -> Submission:
        if existing.request_json != request or existing.operation != operation:
            raise invalid(
                [IDEMPOTENCY_KEY_FIELD],
                f"this key was already used for job {existing.id} with a different request; "
                "use a new key for a new request",
                "idempotency_key_reused",
            )
        if existing.status == "queued":
            # The first attempt may have found the queue down: enqueueing again is harmless.
            ensure_enqueued(existing.id)
        return Submission(job=existing, created=False, validated=validated)


def dispatch(job: Job) -> None:
    """After commit: mirror the state to Redis and put the job on the queue.

    The committed row is the job: if Redis is down right now it stays `queued` and the worker's
    sweeper enqueues it once Redis is back (enqueue_job is idempotent), so the client still gets
    its 202 and never a duplicate.
    """
    try:
        get_runtime().job_state().set(
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
        enqueue_job(job_id)
    except Exception as exc:  # RQ raises raw redis errors; the committed row is safe either way
        reason = exc.detail if isinstance(exc, TDMError) else f"{type(exc).__name__}: {exc}"
        log.warning(
            "job %s is committed but not on the queue yet (%s); the worker's sweeper will enqueue it",
            job_id,
            redact_text(reason),
        )
