"""The whole discovery in one call, without a graph: the same steps, in the same order, as the
orchestrator's subgraph (used by tests, benchmarks and callers that need no job)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from tdm_agents.schema_discovery.connector import check_connection, list_columns, list_tables
from tdm_agents.schema_discovery.metadata_writer import build_snapshot
from tdm_agents.schema_discovery.profiler import DEFAULT_STATEMENT_TIMEOUT_SECONDS, profile_tables
from tdm_agents.schema_discovery.relationship_inference import foreign_keys, keys_and_constraints
from tdm_agents.schema_discovery.type_inference import infer_types


@dataclass
class Discovery:
    info: dict[str, Any]
    tables: list[dict[str, Any]]
    columns: list[dict[str, Any]]
    stats: dict[str, dict[str, Any]]
    pk_map: dict[str, dict[str, Any]]
    constraints: dict[str, dict[str, Any]]
    relationships: list[dict[str, Any]]
    external_references: list[dict[str, Any]]
    snapshot: dict[str, Any] = field(default_factory=dict)


def discover(
    engine: Engine,
    *,
    schemas: Sequence[str] | None = None,
    source: str = "the source database",
    include_stats: bool = True,
    sample_size: int = 10_000,
    exact_count_threshold: int = 1_000_000,
    statement_timeout_seconds: float = DEFAULT_STATEMENT_TIMEOUT_SECONDS,
) -> Discovery:
    """connect_db -> fetch_tables -> fetch_columns -> infer_column_types -> profile_statistics ->
    infer_primary_keys -> infer_foreign_keys -> the snapshot `save_metadata` would store."""
    info = check_connection(engine, schemas, source)
    tables = list_tables(engine, info["schemas"], source)
    columns = infer_types(list_columns(engine, tables, source))
    stats = profile_tables(
        engine,
        tables,
        columns,
        source=source,
        include_stats=include_stats,
        sample_size=sample_size,
        exact_count_threshold=exact_count_threshold,
        statement_timeout_seconds=statement_timeout_seconds,
    )
    pk_map, constraints = keys_and_constraints(engine, tables, columns, source=source)
    relationships, external = foreign_keys(engine, tables, source=source)
    snapshot = build_snapshot(
        tables, columns, stats=stats, pk_map=pk_map, constraints=constraints, relationships=relationships
    )
    return Discovery(info, tables, columns, stats, pk_map, constraints, relationships, external, snapshot)
