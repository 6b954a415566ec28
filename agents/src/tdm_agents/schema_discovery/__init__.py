"""Schema discovery agent (spec section 4): plain functions on a SQLAlchemy engine, no graph.

The LangGraph subgraph that calls them is `tdm_orchestrator.graphs.schema_discovery`; `discover()`
runs the same steps in one call.
"""

from tdm_agents.schema_discovery.connector import (
    ALL_SCHEMAS,
    check_connection,
    connection_reference,
    describe_reference,
    dialect_family,
    dispose_source_engines,
    list_columns,
    list_tables,
    resolve_connection_string,
    source_engine,
    source_family,
    table_key,
    translate_source_errors,
)
from tdm_agents.schema_discovery.metadata_writer import (
    build_snapshot,
    default_schema_name,
    save_schema_version,
)
from tdm_agents.schema_discovery.pipeline import Discovery, discover
from tdm_agents.schema_discovery.profiler import profile_tables, row_counts
from tdm_agents.schema_discovery.relationship_inference import foreign_keys, keys_and_constraints
from tdm_agents.schema_discovery.type_inference import infer_column_type, infer_types

__all__ = [
    "ALL_SCHEMAS",
    "Discovery",
    "build_snapshot",
    "check_connection",
    "connection_reference",
    "default_schema_name",
    "describe_reference",
    "dialect_family",
    "discover",
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
    "source_family",
    "table_key",
    "translate_source_errors",
]
