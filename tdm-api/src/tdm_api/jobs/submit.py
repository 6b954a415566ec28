"""The job-submitting routes, derived from the orchestrator's agent registry: one POST route per agent
(its contract's `route`, with its `request` model as the body, e.g. POST /subset), plus POST /pipeline
for several steps in one job. Each answers 202 with the job's URLs, or 200 for an idempotent replay.
An agent not in this build is refused with a 501 problem naming it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Response
from pydantic import BaseModel
from tdm_agents.common.contract import AgentContract
from tdm_orchestrator.jobs import Submission
from tdm_orchestrator.operations import JobRequest
from tdm_orchestrator.registry import AGENTS

from tdm_api.auth.dependencies import Operator
from tdm_api.jobs.schemas import JobAccepted
from tdm_api.jobs.service import IDEMPOTENCY_HEADER, JobsService
from tdm_api.kit.db import provide
from tdm_api.kit.routes import API_PREFIX

# Tags of the submit routes: the domain each agent belongs to in the API's documentation.
_TAGS = {
    "discover": "discovery",
    "pii": "pii",
    "subset": "subsetting",
    "mask": "masking",
    "synthetic": "synthetic",
    "provision": "provisioning",
}
JOB_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": JobAccepted, "description": "Idempotent replay: the job created earlier with this key."},
    422: {
        "description": "Invalid body, unknown referenced id, or an Idempotency-Key reused for another body."
    },
    501: {"description": "The agent this job needs is not in this build."},
}

Service = Annotated[JobsService, Depends(provide(JobsService))]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias=IDEMPOTENCY_HEADER,
        description="Retry-safe submission: the same key (per API key) returns the same job.",
    ),
]


def accepted(submission: Submission, response: Response) -> JobAccepted:
    job = submission.job
    status_url = f"{API_PREFIX}/job/{job.id}"
    response.status_code = 202 if submission.created else 200
    response.headers["Location"] = status_url
    if not submission.created:
        response.headers["Idempotent-Replayed"] = "true"
    return JobAccepted(
        job_id=job.id,
        status=job.status,
        operation=job.operation,
        status_url=status_url,
        events_url=f"{status_url}/events",
    )


def _agent_route(contract: AgentContract) -> Any:
    step = contract.step

    def submit(
        body: BaseModel,
        service: Service,
        principal: Operator,
        response: Response,
        idempotency_key: IdempotencyKey = None,
    ) -> JobAccepted:
        submission = service.submit(
            {step: body}, principal.submitter(), idempotency_key=idempotency_key, body_step=step
        )
        return accepted(submission, response)

    # The body's type is the agent's own request model (FastAPI reads it from the annotation).
    submit.__annotations__ = {**submit.__annotations__, "body": contract.request}
    submit.__name__ = f"submit_{step}_job"
    submit.__doc__ = contract.summary
    return submit


def build_router() -> APIRouter:
    router = APIRouter()
    for agent in AGENTS:
        contract = agent.contract
        router.add_api_route(
            contract.route,
            _agent_route(contract),
            methods=["POST"],
            status_code=202,
            response_model=JobAccepted,
            responses=JOB_RESPONSES,
            tags=[_TAGS.get(contract.step, contract.step)],
            summary=contract.summary,
        )
    router.add_api_route(
        "/pipeline",
        submit_pipeline_job,
        methods=["POST"],
        status_code=202,
        response_model=JobAccepted,
        responses=JOB_RESPONSES,
        tags=["pipelines"],
    )
    return router


def submit_pipeline_job(
    body: JobRequest,
    service: Service,
    principal: Operator,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> JobAccepted:
    """Several steps in one job (spec 15.2): e.g. subset + mask + provision (TDM_SUBSET_MASK_PROVISION)
    or `full_pipeline: true`. Later steps may omit the ids earlier steps produce (mask takes the
    subset's dataset version). `require_approval_before: ["provision"]` pauses the job until
    POST /job/{id}/approve."""
    submission = service.submit(body, principal.submitter(), idempotency_key=idempotency_key, body_step=None)
    return accepted(submission, response)
