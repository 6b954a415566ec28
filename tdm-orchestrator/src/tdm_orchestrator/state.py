"""The shared state of the master graph and of every agent subgraph (spec 3.2, plus a few keys).

Only ids, paths and small dicts live here: the state is checkpointed after every node, so a
DataFrame or an engine would neither serialize nor stay small. Secrets never enter it either:
a source connection is referenced (`connection_config`), not copied.

PostgresSaver stores each channel's value once per change (blob per channel version), so a long
`columns` list is written when a node changes it, not at every later checkpoint. Discovery of very
large schemas (tens of thousands of columns) therefore still keeps its lists here; this is the
documented choice, revisit with temp keys if checkpoints grow past a few MB.
"""

from __future__ import annotations

from typing import Annotated, Any, TypedDict


def merge_dicts(left: dict[str, Any] | None, right: dict[str, Any] | None) -> dict[str, Any]:
    """Reducer for per-step results: a subgraph hands back the whole dict, merging it is idempotent."""
    return {**(left or {}), **(right or {})}


class TDMState(TypedDict, total=False):
    # --- spec 3.2 ---------------------------------------------------------------------------
    job_id: str
    operation: str  # an `Operation` value
    request: dict[str, Any]  # the job request with secrets redacted
    # Schema discovery
    connection_config: dict[str, Any]  # {"connection_id"} or {"job_request_key"}: a reference, no secret
    tables: list[dict[str, Any]]
    columns: list[dict[str, Any]]
    relationships: list[dict[str, Any]]
    stats: dict[str, Any]
    schema_version_id: str
    # PII
    pii_map: list[dict[str, Any]]
    # Subset
    subset_spec: dict[str, Any]
    subset_dataset_path: str
    # Mask
    masking_rules: dict[str, Any]
    masked_dataset_path: str
    # Synthetic
    merged_schema: dict[str, Any]
    synthetic_dataset_path: str
    # Provision
    target_env: str
    provisioning_result: dict[str, Any]
    # Common
    errors: list[dict[str, Any]]
    current_node: str

    # --- orchestration additions ------------------------------------------------------------
    # The plan decide_operation made: [{"step", "agent", "input", "chain"}], run in order.
    operation_plan: list[dict[str, Any]]
    step_index: int  # index of the step running now (or next); len(plan) when all are done
    step_input: dict[str, Any]  # input of the current step, chained values filled in
    step_results: Annotated[dict[str, dict[str, Any]], merge_dicts]  # step name -> its output
    require_approval_before: list[str]
    # Step name -> reference to the source connection the request named (never the secret itself).
    connection_refs: dict[str, dict[str, Any]]
    # Schema discovery internals
    pk_map: dict[str, dict[str, Any]]  # "schema.table" -> {"columns", "name", "inferred"}
    table_constraints: dict[str, dict[str, Any]]  # "schema.table" -> {"constraints", "indexes"}
    discovery: dict[str, Any]  # source summary: server version, database, schemas (no secrets)
    # The job's result, written to jobs.result_json by finalize.
    result: dict[str, Any]
