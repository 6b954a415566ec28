"""parse_request: load the job's request and take the secrets out of it.

The request comes from `jobs.request_json` (written by the API). A connection string in a step is
replaced by its password-free display form in `state["request"]`, and the secret is kept only as an
encrypted reference in `state["connection_refs"]`: graph state is checkpointed, and checkpoints are
not a place for passwords.
"""

from __future__ import annotations

import uuid
from typing import Any

from tdm_agents.common.sources import connection_reference
from tdm_core.errors import InvalidInputError
from tdm_metadata_store.repositories.jobs import JobRepository

from tdm_orchestrator.registry import STEP_NAMES
from tdm_orchestrator.runtime import get_runtime
from tdm_orchestrator.state import TDMState


def split_secrets(request: dict[str, Any]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """(request with connection strings redacted, step -> connection reference)."""
    cleaned = dict(request)
    refs: dict[str, dict[str, Any]] = {}
    for step in STEP_NAMES:
        body = request.get(step)
        if not isinstance(body, dict):
            continue
        connection_string = body.get("connection_string")
        if isinstance(connection_string, str) and connection_string.strip():
            reference = connection_reference(connection_string=connection_string.strip())
            refs[step] = reference
            cleaned[step] = {**body, "connection_string": reference["display_url"]}
        elif body.get("connection_id"):
            refs[step] = connection_reference(connection_id=str(body["connection_id"]))
    return cleaned, refs


def parse_request(state: TDMState) -> dict[str, Any]:
    job_id = uuid.UUID(state["job_id"])
    with get_runtime().session() as session:
        raw = JobRepository(session).require(job_id).request_json
    if not isinstance(raw, dict) or not raw:
        raise InvalidInputError(
            f"job {job_id} has no request: request_json must be a JSON object naming an operation"
        )
    request, refs = split_secrets(raw)
    return {"request": request, "connection_refs": refs, "errors": []}
