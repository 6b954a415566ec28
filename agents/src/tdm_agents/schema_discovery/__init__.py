"""Schema discovery agent (spec section 4): plain functions on a SQLAlchemy engine, no graph.

The LangGraph subgraph that calls them is `tdm_orchestrator.graphs.schema_discovery`.
"""

from tdm_agents.schema_discovery.connector import (
    check_connection,
    connection_reference,
    describe_reference,
    dispose_source_engines,
    list_columns,
    list_tables,
    resolve_connection_string,
    source_engine,
    table_key,
    translate_source_errors,
)
from tdm_agents.schema_discovery.metadata_writer import (
    build_snapshot,
    default_schema_name,
    save_schema_version,
)
from tdm_agents.schema_discovery.profiler import profile_tables, row_counts
from tdm_agents.schema_discovery.relationship_inference import foreign_keys, keys_and_constraints
from tdm_agents.schema_discovery.type_inference import infer_column_type, infer_types

__all__ = [
    "build_snapshot",
    "check_connection",
    "connection_reference",
    "default_schema_name",
    "describe_reference",
    "dispose_source_engines",
    "foreign_keys",
    "infer_column_type",
    "infer_types",
    "keys_and_constraints",
    "list_columns",
    "list_tables",
    "profile_tables",
    "resolve_connection_string",
    "row_counts",
    "save_schema_version",
    "source_engine",
    "table_key",
    "translate_source_errors",
]
