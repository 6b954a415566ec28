"""Schema discovery subgraph (spec 4.1): connect_db -> fetch_tables -> fetch_columns ->
infer_column_types -> profile_statistics -> infer_primary_keys -> infer_foreign_keys -> save_metadata.

Each node is a thin call into `tdm_agents.schema_discovery`. Input is the step input set by the
master graph's dispatcher (`state["step_input"]`, spec 4.3 minus the secret):
    {"connection": <connection reference>, "schemas": [...] (absent or ["*"]: every non-system
     schema), "include_stats": bool, "sample_size": int, "exact_count_threshold": int,
     "statement_timeout_seconds": float}
Output: `schema_version_id` and `step_results["discover"]`: the contract's `DiscoverResult`, plus
the connection reference (a later subset step may read the same source) and lineage edges.

Engines are not state: each node re-resolves the connection reference into a (per-process cached)
engine, so a job resumed on another machine reconnects by itself.
"""

from __future__ import annotations

import uuid
from typing import Any

from langgraph.graph.state import CompiledStateGraph
from sqlalchemy import Engine
from tdm_agents.common.sources import describe_reference
from tdm_agents.schema_discovery.connector import check_connection, list_columns, list_tables
from tdm_agents.schema_discovery.contract import CONTRACT
from tdm_agents.schema_discovery.metadata_writer import (
    build_snapshot,
    default_schema_name,
    save_schema_version,
)
from tdm_agents.schema_discovery.profiler import DEFAULT_STATEMENT_TIMEOUT_SECONDS, profile_tables
from tdm_agents.schema_discovery.relationship_inference import foreign_keys, keys_and_constraints
from tdm_agents.schema_discovery.type_inference import infer_types
from tdm_core.errors import InvalidInputError

from tdm_orchestrator.graphs.common import NodeFn, linear_subgraph, open_source_of, step_output
from tdm_orchestrator.jobrun import current_run
from tdm_orchestrator.runtime import get_runtime
from tdm_orchestrator.settings import OrchestratorSettings
from tdm_orchestrator.state import TDMState


def _reference(state: TDMState) -> dict[str, Any]:
    """The source: fixed by connect_db, else the step input's connection reference."""
    reference = state.get("connection_config") or (state.get("step_input") or {}).get("connection")
    if not isinstance(reference, dict):
        raise InvalidInputError("discovery needs a source connection (connection_string or connection_id)")
    return reference


def _source(state: TDMState) -> tuple[Engine, str]:
    return open_source_of(_reference(state))


def _options(state: TDMState) -> dict[str, Any]:
    return dict(state.get("step_input") or {})


def connect_db(state: TDMState) -> dict[str, Any]:
    options = _options(state)
    # Each job starts from its own step input (connection_config may be a previous step's).
    reference = _reference({"step_input": options})
    engine, shown = open_source_of(reference)
    # No schemas (or ["*"]): every non-system schema (PostgreSQL), the URL's database (MySQL).
    info = check_connection(engine, options.get("schemas"), shown)
    return {"connection_config": reference, "discovery": info}


def fetch_tables(state: TDMState) -> dict[str, Any]:
    engine, shown = _source(state)
    return {"tables": list_tables(engine, state["discovery"]["schemas"], shown)}


def fetch_columns(state: TDMState) -> dict[str, Any]:
    engine, shown = _source(state)
    return {"columns": list_columns(engine, state.get("tables") or [], shown)}


def infer_column_types(state: TDMState) -> dict[str, Any]:
    return {"columns": infer_types(state.get("columns") or [])}


def profile_statistics(state: TDMState) -> dict[str, Any]:
    options = _options(state)
    engine, shown = _source(state)
    run = current_run(state["job_id"])

    def between_tables(_table: str) -> None:
        # A long profile can be cancelled (or drained) between two tables, not only between nodes.
        run.check_boundary()

    stats = profile_tables(
        engine,
        state.get("tables") or [],
        state.get("columns") or [],
        source=shown,
        include_stats=bool(options.get("include_stats", True)),
        sample_size=int(options.get("sample_size", 10_000)),
        exact_count_threshold=int(options.get("exact_count_threshold", 1_000_000)),
        on_table=between_tables,
        statement_timeout_seconds=float(
            options.get("statement_timeout_seconds", DEFAULT_STATEMENT_TIMEOUT_SECONDS)
        ),
    )
    return {"stats": stats}


def infer_primary_keys(state: TDMState) -> dict[str, Any]:
    engine, shown = _source(state)
    pk_map, constraints = keys_and_constraints(
        engine, state.get("tables") or [], state.get("columns") or [], source=shown
    )
    return {"pk_map": pk_map, "table_constraints": constraints}


def infer_foreign_keys(state: TDMState) -> dict[str, Any]:
    engine, shown = _source(state)
    relationships, external = foreign_keys(engine, state.get("tables") or [], source=shown)
    discovery = {**state["discovery"], "external_references": len(external)}
    return {"relationships": relationships, "discovery": discovery}


def save_metadata(state: TDMState) -> dict[str, Any]:
    reference = state["connection_config"]
    snapshot = build_snapshot(
        state.get("tables") or [],
        state.get("columns") or [],
        stats=state.get("stats"),
        pk_map=state.get("pk_map"),
        constraints=state.get("table_constraints"),
        relationships=state.get("relationships") or [],
    )
    connection_id = uuid.UUID(str(reference["connection_id"])) if reference.get("connection_id") else None
    with get_runtime().session() as session:
        name = default_schema_name(session, reference, state["discovery"])
        summary = save_schema_version(
            session,
            snapshot=snapshot,
            schema_name=name,
            connection_id=connection_id,
            job_id=uuid.UUID(state["job_id"]),
        )
        shown = describe_reference(reference)
        source_id = str(connection_id) if connection_id else describe_reference(reference, session)
    lineage = [
        {
            "source_type": "connection",
            "source_id": source_id[:255],
            "target_type": "schema_version",
            "target_id": summary["schema_version_id"],
            "operation": "discovered_from",
        }
    ]
    result = {
        **summary,
        "schema_name": name,
        "schemas": state["discovery"].get("schemas"),
        "external_references": state["discovery"].get("external_references", 0),
        "source": shown,
    }
    output = step_output(CONTRACT, result, lineage=lineage, connection=reference)
    return {"schema_version_id": summary["schema_version_id"], "step_results": {CONTRACT.step: output}}


NODES: tuple[tuple[str, NodeFn], ...] = (
    ("connect_db", connect_db),
    ("fetch_tables", fetch_tables),
    ("fetch_columns", fetch_columns),
    ("infer_column_types", infer_column_types),
    ("profile_statistics", profile_statistics),
    ("infer_primary_keys", infer_primary_keys),
    ("infer_foreign_keys", infer_foreign_keys),
    ("save_metadata", save_metadata),
)
NODE_NAMES = tuple(name for name, _ in NODES)


def build_schema_discovery_graph(settings: OrchestratorSettings | None = None) -> CompiledStateGraph[Any]:
    """The compiled subgraph; added to the master graph as a node, it shares the master's checkpointer."""
    return linear_subgraph(CONTRACT, NODES, settings or OrchestratorSettings.load())
