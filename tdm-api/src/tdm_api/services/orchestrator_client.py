"""The API's only door into the orchestrator: validate/decide (pure), enqueue, and job control.

The API never runs agent code in a request (DESIGN.md section 2); it asks the orchestrator's pure
validator which operation a request is, then hands the job id to the queue. Errors of the validator
name fields relative to the orchestrator request ({"subset": {...}}); they are re-rooted here so they
point into the HTTP body the client sent.
"""

from __future__ import annotations

import uuid
from typing import Any

from tdm_core.errors import InvalidInputError
from tdm_orchestrator.operations import validate_request


def decide_operation(request: dict[str, Any], *, body_step: str | None = None) -> str:
    """Operation name for `request`; InvalidInputError (422) with body locations otherwise.

    `body_step`: the step whose fields are the whole HTTP body (e.g. "subset" for POST /subset);
    None when the body is the request itself (POST /pipeline).
    """
    try:
        return str(validate_request(request).operation)
    except InvalidInputError as exc:
        errors = [{**err, "loc": _body_loc(err.get("loc") or [], body_step)} for err in exc.errors]
        detail = exc.detail
        if body_step is not None:
            detail = detail.replace(f"{body_step}.", "").replace(f"request.{body_step}", "body")
        raise InvalidInputError(detail, errors=errors) from None


def _body_loc(loc: list[Any], body_step: str | None) -> list[Any]:
    if body_step is not None and loc and loc[0] == body_step:
        return ["body", *loc[1:]]
    return ["body", *loc]


# Queue and control are imported when first used: they pull in RQ (and its Redis connection setup),
# which the API's read-only endpoints never need.


def enqueue_job(job_id: uuid.UUID) -> None:
    from tdm_orchestrator.queue import enqueue_job as enqueue

    enqueue(job_id)


def cancel_job(job_id: uuid.UUID, user: str) -> dict[str, Any]:
    from tdm_orchestrator.control import cancel_job as cancel

    return cancel(job_id, user)


def approve_job(job_id: uuid.UUID, user: str, comment: str | None) -> dict[str, Any]:
    from tdm_orchestrator.control import approve_job as approve

    return approve(job_id, user, comment)


def reject_job(job_id: uuid.UUID, user: str, comment: str | None) -> dict[str, Any]:
    from tdm_orchestrator.control import reject_job as reject

    return reject(job_id, user, comment)
