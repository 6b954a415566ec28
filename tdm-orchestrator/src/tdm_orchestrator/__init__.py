"""TDM orchestrator: the agent registry, job submission, the LangGraph master supergraph, the agent
subgraphs, the RQ worker.

What the API and the CLI use:
    registry.AGENTS                                  the agents of this build, with their contracts
    jobs.JobSubmissions(session, submitter).submit(request) -> Submission
    validate_request(request) -> ValidatedRequest    pure check; `.operation.value` is the operation
    decide_operation(request) -> Operation
    enqueue_job(job_id) -> bool                      after committing a `jobs` row in status queued
    cancel_job(job_id, user) / approve_job(job_id, user, comment) / reject_job(job_id, user, comment)

The names below are imported on first use: LangGraph and RQ are slow to import, and what needs only
the registry and the contracts (the CLI's start-up) should not pay for them.
"""

from __future__ import annotations

from tdm_core.lazy import lazy_exports

_EXPORTS = {
    "approve_job": "control",
    "cancel_job": "control",
    "reject_job": "control",
    "Operation": "operations",
    "ValidatedRequest": "operations",
    "decide_operation": "operations",
    "validate_request": "operations",
    "enqueue_job": "queue",
}
__all__ = list(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
