"""TDM orchestrator: the LangGraph master supergraph, the agent subgraphs, the RQ worker.

What the API uses:
    validate_request(request) -> ValidatedRequest   pure check; `.operation.value` is the operation
    decide_operation(request) -> Operation
    enqueue_job(job_id) -> bool                      after committing a `jobs` row in status queued
    cancel_job(job_id, user) / approve_job(job_id, user, comment) / reject_job(job_id, user, comment)
"""

from tdm_orchestrator.control import approve_job, cancel_job, reject_job
from tdm_orchestrator.operations import Operation, ValidatedRequest, decide_operation, validate_request
from tdm_orchestrator.queue import enqueue_job

__all__ = [
    "Operation",
    "ValidatedRequest",
    "approve_job",
    "cancel_job",
    "decide_operation",
    "enqueue_job",
    "reject_job",
    "validate_request",
]
